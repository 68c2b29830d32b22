// Strings and number formatting in English and Chinese. No formulas: a number shown here is a
// number from the report, only divided into a display unit (GB = 10^9 bytes).
const en = {
  tagline: 'Will this model fit, how fast will it run, what does a task cost?',
  lang_switch: '中文',
  lang_switch_label: 'Language: switch to Chinese',
  theme_label: 'Theme',
  theme_auto: 'Auto',
  theme_light: 'Light',
  theme_dark: 'Dark',
  loading: 'Loading the calculator…',
  skip: 'Skip to results',
  load_failed: 'The calculator could not load: {0}',
  inputs: 'Scenario',
  what_runs: 'What runs',
  where: 'Where it runs',
  how: 'Engine, mode and more',
  finetune: 'Fine-tuning',
  cost_inputs: 'Cost assumptions',
  task: 'The task (time and cost)',
  targets: 'Targets for recommendations',
  f_model: 'Model',
  f_model_hint: 'Search {0} models by name, family, size (8b, 30b a3b) or Hugging Face repo id',
  model_none: 'No model matches “{0}”.',
  model_did_you_mean: 'Did you mean',
  model_results: 'Models found',
  f_config: 'Hugging Face config.json',
  f_config_hint: 'Paste or drop a config.json for any model; it replaces the model above.',
  f_file: 'Choose file',
  f_file_clear: 'Clear',
  f_config_placeholder: '{ "model_type": "llama", "hidden_size": 4096, … }',
  f_config_clear: 'Use a catalog model',
  f_config_active: 'Using the pasted config.json',
  f_params_b: 'Parameters (billions)',
  f_params_b_hint: 'Only a parameter count: a dense shape is inferred. Leave empty to use the model.',
  f_quant: 'Quantization',
  f_ctx: 'Context length',
  f_ctx_hint: 'Tokens per sequence (prompt + generated)',
  f_ctx_preset: 'Context length {0} tokens',
  f_batch: 'Batch size',
  f_batch_hint: 'Concurrent sequences',
  f_images: 'Sees images or audio',
  f_images_hint: 'Loads its vision/audio encoder too (llama.cpp --mmproj, 16-bit)',
  f_kv_quant: 'KV cache format',
  f_engine: 'Engine',
  f_backend: 'GPU backend (llama.cpp)',
  o_cuda: 'CUDA',
  o_rocm: 'ROCm (HIP)',
  o_vulkan: 'Vulkan',
  o_metal: 'Metal',
  f_mode: 'Mode',
  f_method: 'Method',
  f_gpu: 'GPU',
  f_gpus: 'GPU count',
  f_custom_device: 'Custom device…',
  gpu_add: '+ Add a different GPU',
  gpu_n: 'GPU {0}',
  gpu_remove: 'Remove GPU {0}',
  gpu_choose: 'Choose a GPU…',
  gpu_other_field: '{0}: {1}',
  gpu_mixed_hint: 'Mixed cards: one vendor, llama.cpp only; the layers are split by each card\'s memory (--tensor-split).',
  f_gpu_spec: 'Custom device spec',
  f_gpu_spec_hint: 'vendor=nvidia,mem_gib=24,bw_gbps=1008,fp16_tflops=165',
  f_host: 'Host (offload / streaming)',
  f_host_hint: 'ram_gib, ram_bw_gbps, pcie_gbps, disk_gbps',
  f_placement: 'Placement',
  f_lora_rank: 'LoRA rank',
  f_grad_checkpointing: 'Gradient checkpointing',
  f_price: 'Hardware price',
  f_currency: 'Currency',
  f_lifetime_years: 'Lifetime (years)',
  f_utilization: 'Utilization (0–1)',
  f_power_w: 'Power (W)',
  f_kwh_price: 'Electricity price per kWh',
  f_task_in_tokens: 'Task input tokens',
  f_task_out_tokens: 'Task output tokens',
  f_api_price_per_mtok: 'API price per million tokens',
  f_claim_tokens_per_s: 'Claimed tokens/s',
  f_exchange_rate: 'CNY per USD',
  auto_value: 'auto',
  f_claim_tokens_per_s_placeholder: 'e.g. 25',
  f_claim_fits: 'Someone says it fits',
  f_claims: 'Measured claims file (headroom-stream)',
  f_claims_hint: 'Paste or drop a claims file: its measured PCIe and disk rates replace the host’s.',
  f_price_hint: 'Empty: the devices’ launch prices × count',
  f_power_w_hint: 'Empty: the devices’ TDP × count + 100 W host',
  f_kwh_price_hint: 'Empty: 0.16 USD or 0.56 CNY',
  f_api_price_per_mtok_hint: 'A cloud API to compare with',
  f_target_tokens_per_s_hint: 'Recommendations must reach this decode speed',
  f_budget_usd_hint: 'Recommendations within this budget, fastest first',
  f_target_tokens_per_s: 'Target tokens/s',
  f_budget_usd: 'Budget (USD)',
  f_min_bits: 'Fewest bits per weight',
  f_min_bits_hint: 'Models for this hardware: formats of at least this many bits (4: Q4_K_M and wider)',
  f_idle_power_w: 'Idle power (W)',
  f_pue: 'PUE',
  f_residual_value: 'Residual value (0–1)',
  f_cloud_gpu_per_hour: 'Rented GPU per hour',
  f_gpu_layers: 'GPU layers (offload)',
  f_gpu_layers_hint: 'Like llama.cpp -ngl; empty: as many as fit',
  f_n_cpu_moe: 'MoE layers with experts in RAM',
  f_n_cpu_moe_hint: 'Like llama.cpp --n-cpu-moe; empty: as few as fit',
  f_ubatch: 'Prompt micro-batch (tokens)',
  f_ubatch_hint: 'llama.cpp -ub: tokens per prefill step; empty: 512',
  f_split_mode: 'Split mode (several GPUs)',
  f_split_mode_hint: 'llama.cpp --split-mode: layer (default), row, tensor (tensor parallel); the row split\'s speed is not modelled',
  f_speculative: 'Speculative decoding',
  f_speculative_hint: 'mtp: the model’s own MTP layers draft; draft: a smaller model of the same tokenizer',
  f_draft_model: 'Draft model',
  f_draft_model_hint: 'A smaller model with the same tokenizer (catalog id or repo id)',
  f_draft_tokens: 'Drafted tokens per step',
  f_draft_tokens_hint: 'llama.cpp --spec-draft-n-max, vLLM num_speculative_tokens; empty: MTP layers, or the best for a draft model',
  f_accept_rate: 'Acceptance rate (0–1)',
  f_accept_rate_hint: 'Each drafted token’s chance to be kept; empty: the model family’s published rate',
  m_speculative_bytes: 'Drafter (MTP layers or draft model)',
  f_decode_efficiency: 'Decode efficiency (0–1)',
  f_decode_efficiency_hint: 'Share of peak memory bandwidth; empty: fitted to measurements',
  f_prefill_efficiency: 'Prefill efficiency (0–1)',
  f_prefill_efficiency_hint: 'Share of peak FLOPs; empty: fitted to measurements',
  f_turns: 'Turns per task',
  f_cached_tokens: 'Tokens already cached (shared prefix, earlier conversation)',
  f_task_out_zh_chars: 'Answer length (Chinese characters)',
  f_task_out_en_words: 'Answer length (English words)',
  o_inference: 'Inference',
  o_lora: 'LoRA fine-tuning',
  o_qlora: 'QLoRA fine-tuning',
  o_full: 'Full fine-tuning',
  o_detailed: 'Detailed',
  'o_rule-of-thumb': 'Rule of thumb (params × bytes × 1.3)',
  o_auto: 'Automatic',
  o_gpu: 'All on GPU',
  o_offload: 'Partial offload to host RAM',
  o_stream: 'Layer streaming',
  'o_cpu-moe': 'MoE experts in host RAM',
  o_none: 'None',
  o_layer: 'By layer (default)',
  o_row: 'By rows of each matrix',
  o_tensor: 'Tensor parallel',
  o_mtp: 'MTP (the model’s own layers)',
  o_draft: 'Draft model',
  o_generic: 'Generic',
  'o_llama.cpp': 'llama.cpp',
  o_vllm: 'vLLM',
  o_transformers: 'Transformers',
  o_sglang: 'SGLang',
  'o_trt-llm': 'TensorRT-LLM',
  o_mlx: 'MLX (mlx-lm, Mac)',
  o_ollama: 'Ollama',
  'o_ik_llama.cpp': 'ik_llama.cpp',
  o_ktransformers: 'KTransformers',
  g_consumer: 'Consumer',
  g_workstation: 'Workstation',
  g_datacenter: 'Data center',
  'g_desktop-soc': 'Desktop SoC',
  g_embedded: 'Embedded',
  g_apple: 'Apple silicon',
  g_laptop: 'Laptop GPUs',
  g_apu: 'APUs (GPU shares system memory)',
  g_cpu: 'CPU only, no GPU (system RAM)',
  device_find: 'Find a device',
  device_find_placeholder: 'Find: 4090 48, strix, m4 max, 910b, epyc…',
  device_matches: '{0} found; Enter picks the first',
  vendor_nvidia: 'NVIDIA',
  vendor_amd: 'AMD',
  vendor_intel: 'Intel',
  vendor_apple: 'Apple',
  vendor_huawei: 'Huawei Ascend (China)',
  vendor_moorethreads: 'Moore Threads (China)',
  vendor_hygon: 'Hygon DCU (China)',
  o_cpu: 'All on the CPU (system RAM)',
  fits_cpu: 'Fits in system RAM (CPU)',
  placement_cpu: 'All {0} layers on the CPU, in system RAM; no GPU',
  placement_cpu_need: 'All {0} layers would have to be in system RAM (CPU, no GPU)',
  min_gpus_line: '{0} needed to hold it all on GPUs',
  min_gpus_target: '{0} needed to hold it all on GPUs at {1} tokens/s',
  min_gpus_none: 'Not even {0} hold it all on GPUs',
  min_gpus_many: '64 × {0}',
  f_gpu_share: 'GPU share of unified memory',
  f_gpu_share_hint: 'APUs and Macs: the share of memory the GPU may use (BIOS carve-out or Linux GTT; macOS iogpu.wired_limit_mb); empty: the device\'s default',
  launch: 'What to type',
  launch_hint: 'Put the path of your own copy of the model in place of the file or repository name shown.',
  tool_ollama: 'Ollama',
  tool_mlx_lm: 'mlx_lm (Mac)',
  tool_vllm: 'vLLM',
  tool_sglang: 'SGLang',
  tool_ktransformers: 'KTransformers',
  'tool_trtllm-serve': 'TensorRT-LLM (trtllm-serve)',
  copy: 'Copy',
  copy_command: 'Copy the command',
  copy_selected: 'Selected: press Ctrl+C',
  copy_failed: 'Could not copy',
  ladder: 'Quant ladder',
  ladder_pending: 'Computing the largest context per format…',
  ladder_intro: 'The largest context that fits in each weight format (placement: {0}), and decode speed at {1} tokens. Pick a format to use it.',
  ladder_format: 'Format',
  ladder_bits: 'Bits',
  ladder_size: 'Weights',
  ladder_max_ctx: 'Largest context',
  ladder_decode: 'Decode (tokens/s)',
  ladder_no_fit: 'does not fit',
  ladder_model_max: '{0} (model max)',
  ladder_pick: 'Use {0}',
  ladder_other_placement: 'This scenario fits only as “{0}”; the ladder shows what fits all on the GPU. Choose that placement under Placement for its own ladder.',
  ladder_kv: 'KV cache format, with {0} weights',
  ladder_kv_rung: '{0} KV',
  ladder_hint: 'Context in 256-token steps, up to the model\'s own maximum. Decode “—”: this context does not fit in that format.',
  fits: 'Fits',
  fits_offload: 'Fits with offload',
  fits_stream: 'Runs by streaming',
  fits_cpu_moe: 'Fits with experts in RAM',
  does_not_fit: 'Does not fit',
  fits_spare: '{0} to spare',
  limits_line: 'Largest context that fits this way: {0} tokens · at {1} tokens, up to {2} sequences',
  short_by: 'short by {0}',
  verdict_on: '{0} on {1}',
  times_n: '{0} × {1}',
  placement_gpu: 'All {0} layers on the GPU',
  placement_gpu_need: 'All {0} layers would have to be on the GPU',
  over_capacity: 'Over capacity',
  apply_rec: 'Open this configuration',
  placement_offload: '{0} of {1} layers on the GPU, the rest in host RAM',
  placement_offload_head: 'All {0} layers on the GPU; the output layer in host RAM',
  placement_stream: 'Layers streamed from host memory, one at a time',
  placement_stream_disk: 'Layers streamed from disk, one at a time: the weights exceed host RAM',
  placement_cpu_moe: 'Routed experts of {0} of {1} layers in host RAM (CPU), everything else on the GPU',
  what_would: 'What would fit',
  memory: 'Memory',
  memory_total: 'Total',
  capacity: 'Capacity',
  per_device: 'Per device',
  used_of: '{0} of {1}',
  in_host: 'In host RAM',
  m_weights_bytes: 'Weights',
  m_kv_cache_bytes: 'KV cache',
  m_state_bytes: 'Recurrent state',
  m_state_bytes_compressed: 'Compressor state',
  m_vision_bytes: 'Vision encoder',
  m_activations_bytes: 'Activations',
  m_overhead_bytes: 'Runtime overhead',
  m_gradients_bytes: 'Gradients',
  m_optimizer_bytes: 'Optimizer states',
  m_host_bytes: 'Host RAM',
  m_total_bytes: 'Total',
  m_capacity_bytes: 'Capacity (what the runtime may use)',
  chart_memory: 'Memory breakdown against device capacity',
  speed: 'Speed',
  s_decode_tokens_per_s: 'Decode',
  s_decode_tokens_per_s_at_full_ctx: 'Decode, context full',
  s_decode_ctx_tokens: 'Decode figure at (tokens in the cache)',
  s_prefill_tokens_per_s: 'Prefill',
  s_time_to_first_token_s: 'Time to first token',
  s_decode_bound: 'Bound by',
  s_aggregate_tokens_per_s: 'All sequences together',
  s_bound_tokens_per_s: 'Upper bound (at 100% efficiency)',
  s_bytes_per_token: 'Bytes read per token',
  s_host_bytes_per_token: 'of which from host RAM (CPU)',
  s_host_efficiency: 'Host RAM bandwidth share assumed',
  s_flops_per_token: 'Compute per token',
  s_decode_efficiency: 'Decode efficiency assumed',
  s_prefill_efficiency: 'Prefill efficiency assumed',
  s_calibration: 'Calibrated against',
  assumptions: 'How this is estimated',
  more_fields: 'More (derived when empty)',
  v_claim: 'Claim',
  bound_memory_bandwidth: 'memory bandwidth',
  bound_compute: 'compute',
  bound_pcie: 'PCIe transfers',
  bound_disk: 'disk reads',
  bound_host_memory: 'host memory bandwidth',
  bound_interconnect: 'GPU interconnect',
  s_per_token: '{0} s per token',
  chart_speed: 'Decode tokens/s against context length',
  chart_other_placement: 'Orange points are placed otherwise than this scenario: {0}.',
  chart_other_item: '{0}: {1}',
  chart_other_sep: '; ',
  ctx_axis: 'Context length (tokens)',
  cost: 'Cost',
  c_per_task: 'Per task',
  c_per_million_output_tokens: 'Per million output tokens',
  c_tasks_per_day: 'Tasks per day',
  c_max_tasks_per_day: 'Tasks per day at full use',
  c_hardware_per_task: 'Hardware per task',
  c_energy_per_task: 'Energy per task',
  c_seconds_per_task: 'Time per task',
  c_per_month: 'Per month',
  c_price: 'Hardware price used',
  c_api_per_task: 'Cloud API per task',
  c_cloud_gpu_per_task: 'Rented GPU per task',
  c_break_even_tasks_per_day: 'Beats the API above (tasks/day)',
  c_hardware_per_day: 'Hardware per day',
  c_energy_per_day: 'Energy per day',
  c_task_out_tokens: 'Output tokens per task',
  cost_hint: 'Hardware is amortized over its lifetime at the utilization given; energy at the power and electricity price given (docs/cost.md).',
  rec_hardware: 'Hardware that runs this model (cheapest first)',
  rec_models: 'Models that run on this hardware (formats of 4 bits and wider; the last year’s releases first, then the largest)',
  rec_released: 'released {0}',
  rec_hint: 'Each line is the same core evaluating another scenario; prices are launch prices of the devices alone.',
  host_words: '{0} GB of RAM at {1} GB/s, PCIe {2} GB/s',
  rec_host_hint: 'Lines marked offload, MoE experts in host RAM or streaming also rely on the host ({0}; set under “Engine, mode and more”), which is not in the price.',
  price_launch: 'from',
  check_intro: 'Someone says this setup decodes at:',
  v_impossible: 'Impossible',
  v_optimistic: 'Optimistic',
  v_plausible: 'Plausible',
  v_conservative: 'Conservative',
  v_claim_tokens_per_s: 'Claimed',
  v_estimate_tokens_per_s: 'headroom estimates',
  v_bound_tokens_per_s: 'Physical upper bound',
  v_ratio_to_estimate: 'Claim ÷ estimate',
  v_ratio_to_bound: 'Claim ÷ bound',
  chart_cost: 'Cost per task against alternatives',
  this_setup: 'This setup',
  recommendations: 'Recommendations',
  rec_none: 'No recommendation for this scenario.',
  check: 'Claim check',
  warnings: 'Notes',
  details: 'Model and device',
  d_params_total: 'Parameters',
  d_params_active: 'Active parameters',
  d_n_layer: 'Layers',
  d_attention: 'Attention',
  d_max_ctx: 'Max context',
  d_mem_bytes: 'Memory per device',
  d_mem_bw_gbps: 'Memory bandwidth',
  d_source: 'Source',
  d_as_of: 'Read on {0}',
  d_prov_none: 'No more notes on this entry.',
  d_prov_loading: 'Loading…',
  cli: 'Same in the CLI',
  share: 'Share',
  copy_link: 'Copy link',
  copied: 'Copied',
  embed: 'Embed',
  embed_hint: 'Paste this into an article; the frame resizes itself.',
  copy_snippet: 'Copy snippet',
  open_full: 'Open in headroom ↗',
  accuracy: 'Accuracy',
  accuracy_none: 'No accuracy table has been published yet.',
  measured: 'Measured',
  measured_none: 'Nothing has been measured yet: no claims file from the streaming benchmark is bundled with this page.',
  measured_machine: 'Machine',
  measured_placement: 'Placement',
  measured_tps: 'Measured tokens/s',
  measured_bound: 'Bound tokens/s',
  measured_achieved: 'Achieved ÷ bound',
  measured_backend: 'backend',
  measured_model: 'model',
  measured_cpu: 'A CPU reference run: host memory stands in for the GPU, so these numbers check the method, not any GPU.',
  link_pinned: 'Pinned host → device',
  link_pageable: 'Pageable host → device',
  link_disk: 'Disk read',
  link_device: 'Device memory',
  measured_correct: 'Streamed output equals resident',
  yes: 'yes',
  no: 'no',
  note_ignored: 'Ignored link parameter {0}: {1}',
  note_unknown: 'unknown parameter',
  note_too_long: 'value too long',
  note_version: 'This link has version {0}; this page reads version 1, so it was read as version 1.',
  note_config_big: 'The pasted config.json is too large for a link: a shared link opens the catalog model, and needs the file pasted again.',
  note_file_link: 'The pasted {0} file is not carried by the link: whoever opens it pastes the file again.',
  note_config_bad: 'The config.json in this link could not be read.',
  error_in: '{0}: {1}',
  footnote_units: 'Memory breakdowns are in GB = 10⁹ bytes, as model files and the seed articles count; what fits on a device is in GiB = 2³⁰ bytes, the unit a “24 GB” card is sold in. Every number on this page comes from the same C++ core as the headroom CLI, compiled to WebAssembly; nothing is sent anywhere.',
  gib_note: 'GiB = 2³⁰ bytes: a “24 GB” card holds 24 GiB.',
  gb_note: 'GB = 10⁹ bytes, as model files and the seed articles count.',
  version: 'core {0}',
  tokens: 'tokens',
  tok_s: 'tokens/s',
  seconds: 's',
  ms: 'ms',
  gbps: 'GB/s',
  gib_unit: 'GiB',
  per_k_tasks: ' per 1,000 tasks',
  per_task_unit: '',
  spec_sub_mtp: 'with its MTP layers drafting: {0} tokens a step at {1} acceptance; {2} tokens/s without',
  spec_sub_draft: 'with a draft model: {0} tokens a step at {1} acceptance; {2} tokens/s without',
  zh_chars_s: '{0} Chinese characters/s',
  f_api: 'Cloud API to compare',
  f_api_hint: 'Its dated input and output prices per million tokens, from the price table; or type a price below',
  f_rent: 'Rented GPU to compare',
  f_rent_hint: 'A dated price per GPU-hour from the rental table; “Cheapest” picks the cheapest for this GPU in this currency',
  choose_none: 'None',
  rent_auto: 'Cheapest for this GPU',
  api_prices: '{0} in, {1} out per million tokens',
  price_dated: 'price of {0}',
  price_old: 'more than a year old',
  source_link: 'source',
  c_price_market: 'Price market',
  c_price_fallback: 'Price from another market',
  market_us: 'US (street price)',
  market_launch: 'Launch price (no price in that market)',
  market_cn: 'China (in yuan: retail, second-hand for cards no longer sold new)',
  market_used: 'Used market',
  market_given: 'Typed in',
  c_price_date: 'Hardware price date',
  c_price_source: 'Hardware price source',
  c_api: 'API compared',
  c_api_input_per_mtok: 'API input per million tokens',
  c_api_cached_input_per_mtok: 'API cached input per million tokens',
  c_api_output_per_mtok: 'API output per million tokens',
  c_api_price_date: 'API price date',
  c_api_source: 'API price source',
  c_rent: 'Rental compared',
  c_rent_per_gpu_hour: 'Rent per GPU-hour',
  c_rent_price_date: 'Rental price date',
  c_rent_source: 'Rental price source',
  c_break_even_vs_rent_tasks_per_day: 'Owning beats renting above (tasks/day)',
  c_task_in_tokens: 'Input tokens per task',
  acc_title: 'Decode and prefill speed against published measurements',
  acc_hint: 'Error = |predicted ÷ measured − 1|; each row names its source (docs/accuracy.md). Read the out-of-sample column first: the error on sources never used to fit the constants, which is what to expect on your machine; the in-sample one is over the rows the fit saw, and flatters.',
  modelscope: 'ModelScope',
  hf: 'Hugging Face',
  named_alt: '{0}: {1}',
  warn_gb_note: 'In these notes a model’s size is in GB (10⁹ bytes), as in the memory breakdown; what a device holds, lacks or has to spare is in GiB.',
  price_dated_paren: ' (price of {0})',
  price_market_paren: ' ({0} price of {1})',
  claimed_tokens_per_s: 'Decode speed',
  claimed_fits: 'It fits',
  per_gpu_hour_unit: ' per GPU-hour',
  f_price_CNY: 'Hardware price (CNY)',
  f_price_USD: 'Hardware price (USD)',
  f_kwh_price_CNY: 'Electricity price (CNY per kWh)',
  f_kwh_price_USD: 'Electricity price (USD per kWh)',
  f_api_price_per_mtok_CNY: 'API price per million output tokens (CNY)',
  f_api_price_per_mtok_USD: 'API price per million output tokens (USD)',
  f_cloud_gpu_per_hour_CNY: 'Rented GPU per hour (CNY)',
  f_cloud_gpu_per_hour_USD: 'Rented GPU per hour (USD)',
  pm_market_us: 'US',
  pm_market_cn: 'Chinese',
  pm_market_used: 'used',
  pm_market_launch: 'launch',
  f_market: 'Price market',
  f_market_hint: 'Whose device prices: US (street price), China (in yuan: retail, second-hand for cards no longer sold new), used (second-hand); automatic: China with CNY, else US. A device without that market\'s price falls back to the US street price, else its launch price (a note says so).',
  o_us: 'US',
  o_cn: 'China (in yuan)',
  o_used: 'Used market',
  o_USD: 'US dollar (USD)',
  o_CNY: 'Chinese yuan (CNY)',
  wf_float: 'Floating point',
  wf_grouped: 'Grouped quantization',
  wf_gguf: 'GGUF',
  d_repo: 'Download',
  f_gguf: 'GGUF file',
  gguf_open: 'Open a GGUF file',
  gguf_hint: 'Read in your browser, nothing is uploaded: only the file’s header (its first MB or so) is read, never the weights. A split model: open all its files together. You can also drop .gguf files onto the page.',
  gguf_reading: 'Reading the header of {0}…',
  gguf_read: 'Read {0} of the file’s {1} in {2}: its header only, nothing uploaded.',
  gguf_from_link: 'From the link: the header’s summary of {0}; the file itself is not needed.',
  gguf_clear: 'Use a catalog model',
  gguf_error: 'Could not read {0}: {1}',
  gguf_rounds: 'the header asked for more bytes than a header holds',
  gguf_read_failed: 'the browser could not read the file ({0})',
  gguf_drop: 'Drop .gguf files to read their headers',
  note_gguf_big: 'The GGUF file’s summary is too large for a link: a shared link opens the catalog model, and needs the file opened again.',
  note_gguf_bad: 'The GGUF summary in this link could not be read.',
  gguf_title: 'GGUF file',
  hf_group: 'Hugging Face repository',
  hf_add_files: 'Add index / .safetensors files',
  hf_open_folder: 'Open a model folder',
  hf_repo_label: 'Hugging Face repo id',
  hf_load: 'Load from Hugging Face',
  hf_hint: 'With config.json, add the repository’s model.safetensors.index.json and .safetensors files (or open its folder): only each file’s header is read, in your browser, never the weights. “Load from Hugging Face” is the page’s only network request, made when you click it: it fetches the repository’s config.json and index from huggingface.co, without your login.',
  hf_loading: 'Loading config.json and the index of {0} from huggingface.co…',
  hf_pending: 'This link names the repository {0} (its summary was too large for the link): one click on “Load from Hugging Face” reloads it.',
  hf_read_headers: 'config.json + {0} safetensors headers (total {1}, exact per tensor)',
  hf_read_index: 'config.json + index (total {0}, exact; split estimated) + {1} of {2} safetensors headers',
  hf_read_config_only: 'config.json only (no index: a single-file model): the weights are the shape’s estimate, in the Quantization field’s format',
  hf_from_repo: '{0}: ',
  hf_then: '{0}. {1}',
  hf_shards: '{0} safetensors files',
  hf_w_exact: '(exact per tensor, from the safetensors headers)',
  hf_w_index: '(the index’s total; its split over the layers is estimated)',
  hf_panel_hint: 'From config.json, model.safetensors.index.json and the safetensors headers: with the headers every tensor’s bytes are exact; with the index alone the total is exact and its split over embeddings and layers is the shape’s estimate. MTP layers and a vision encoder are not loaded unless used.',
  hf_row_repo: 'Repository',
  ladder_repo: 'The repository’s weights are in its own format ({0}): the other formats are the core’s estimates for the same model, to compare. The KV cache formats below apply.',
  hf_source_headers: 'the Hugging Face repository {0}: config.json, the index and the safetensors headers',
  hf_source_index: 'the Hugging Face repository {0}: config.json and model.safetensors.index.json',
  hf_active: 'Using the Hugging Face repository below',
  hf_read_shape: 'config.json, no index total and no headers: the weights are the shape’s estimate',
  hf_from_link: 'From the link ({0}): ',
  hf_format: 'Weight format from the repository’s config: {0}.',
  hf_format_none: 'The repository’s config declares no weight format the core knows: the Quantization field applies.',
  hf_no_files: 'None of these is config.json, model.safetensors.index.json or a .safetensors file.',
  hf_need_config: 'Add the repository’s config.json too (or paste it in the box above).',
  hf_bad_id: 'A repo id is owner/name, letters, digits, “.”, “_” and “-” only (e.g. Qwen/Qwen3-8B).',
  hf_offline: 'Could not reach huggingface.co; everything else works offline.',
  hf_gated: 'This repository is gated or private: open the model page on huggingface.co, accept its terms, download config.json and paste it here.',
  hf_missing: 'No such repository on huggingface.co (or it has no config.json).',
  hf_http: 'huggingface.co answered HTTP {0}; try again later, or download config.json and paste it.',
  hf_read_failed: 'the browser could not read the files ({0})',
  note_hf_big: 'The summary of {0} is too large for a link: a shared link carries the repository id, and one click on “Load from Hugging Face” reloads it.',
  g_file: 'File',
  g_shards: '{0} files (a split model)',
  g_file_type: 'File type',
  g_file_bytes: 'File size',
  g_tensors: 'Tensors',
  g_weights: 'Weights loaded',
  g_exact: '(exact, from the file’s header)',
  g_tensor_bytes: 'All tensors',
  g_types: 'Tensor types (share of the bytes)',
  g_chat_template: 'Chat template',
  g_has: 'yes',
  g_has_not: 'no',
  g_mtp_bytes: 'MTP layers (not loaded)',
  g_vision_bytes: 'Vision/audio encoder (loaded with images)',
  g_source: 'the header of {0}',
  ladder_gguf: 'The GGUF file’s format is its own ({0}): the other formats are the core’s estimates for the same model, to compare; open such a file to use one. The KV cache formats below apply.',
  g_hint: 'Every tensor’s type and shape in the header give its exact bytes; the weights are those, less MTP layers and an encoder inside the file.',
};


// Chinese is its own file (js/i18n-zh.js), loaded only for a reader who reads it.
const tables = { en };
export { en as strings_en };   // for wasm/test/i18n-keys.test.mjs
let messages_zh = {};
let device_words_zh = [];
export async function load_lang(l) {
  if (l === 'zh' && !tables.zh) ({ zh: tables.zh, messages_zh, device_words_zh } = await import('./i18n-zh.js'));
}

// A catalog device's name in the reader's language: the product name stays, its English descriptors
// ("Laptop GPU", "(China)", "10-core GPU", "dual channel") are said in Chinese on the Chinese page.
export function device_name(name) {
  if (lang !== 'zh' || typeof name !== 'string') return name;
  let s = name;
  for (const [re, to] of device_words_zh) s = s.replace(re, to);
  return s;
}
let lang = 'en';

export function set_lang(l) { lang = tables[l] ? l : 'en'; document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }
export function get_lang() { return lang; }
// Whether a text exists (in this language, or the English it falls back to): ask before t() for optional texts.
export function has(key) { return key in tables[lang] || key in tables.en; }

const missing = new Set();
export function t(key, ...args) {
  let s = tables[lang][key] ?? tables.en[key];
  if (s === undefined) {
    // A missing translation is a bug: say so once (the e2e suite fails on any console error).
    if (!missing.has(key)) { missing.add(key); console.error(`i18n: no text for '${key}'`); }
    s = key;
  }
  args.forEach((a, i) => { s = s.replaceAll(`{${i}}`, String(a)); });
  return s;
}

// A sentence of the core's (a warning, an input error, a claim verdict, a launch note): {code,
// message, params}. -> {text, en}: in Chinese, the code's template filled with the same named
// parameters (en: false); otherwise the core's English (en: true; in Chinese only for a code the
// page has no template for, which wasm/test/i18n-messages.test.mjs does not let pass).
export function message_text(m) {
  const english = { text: m?.message ?? '', en: true };
  if (lang !== 'zh' || !m?.code) return english;
  const tpl = messages_zh[m.code];
  if (tpl && m.params && typeof m.params === 'object') return { text: fill(tpl, m.params, m.code), en: false };
  return english;
}
// A template's "{name}" is a parameter, "{@name}" a parameter naming a fragment's code (that
// fragment's text goes there), "{{" and "}}" a brace: as the core renders its English (messages.cpp).
function fill(tpl, params, code) {
  return tpl.replace(/\{\{|\}\}|\{(@?)([A-Za-z0-9_]+)\}/g, (all, at, name) => {
    if (all === '{{' || all === '}}') return all[0];
    if (!(name in params)) return all;
    const v = params[name];
    if (at) return v !== code && typeof messages_zh[v] === 'string' ? fill(messages_zh[v], params, v) : String(v);
    return param_text(name, v);
  });
}
// A parameter that names a choice (a placement, what bounds speed, a market) is said in words.
const PARAM_WORDS = { placement: 'o_', bound: 'bound_', market: 'pm_market_', mode: 'o_', field: 'f_', vendor_a: 'vendor_', vendor_b: 'vendor_' };
// Catalog device ids -> names, for the messages whose parameter is a list of device ids (the price notes say
// "rtx-4090"); app.js sets it once the catalog is in. device_names_count() tells a kept section to redraw then.
let device_names = new Map();
export function set_device_names(m) { device_names = m; }
export function device_names_count() { return device_names.size; }
export function param_text(name, v) {
  if (name === 'device' || name === 'devices') {
    const ids = String(v).split(', ');
    if (ids.every((x) => device_names.has(x))) return ids.map((x) => device_name(device_names.get(x))).join(lang === 'zh' ? '、' : ', ');
    return device_name(String(v));
  }
  // What a device holds, lacks or has to spare comes in GiB; the Chinese page writes that unit "GB", as
  // its verdict does (docs/glossary.md, "Units").
  if (lang === 'zh' && /^-?[\d.,]+ GiB$/.test(String(v))) return String(v).replace(' GiB', ' GB');
  const key = PARAM_WORDS[name] && PARAM_WORDS[name] + String(v).toLowerCase().replaceAll(' ', '_');
  return key && has(key) ? t(key) : String(v);
}

// Both languages group digits by three with "," and use "." for decimals (zh-CN as en-US), so a
// small formatter does it; Intl.NumberFormat costs ~15 ms to start up on a cold page.
function fmt_fixed(x, max_digits, min_digits = 0) {
  if (!Number.isFinite(x)) return String(x);
  let s = Math.abs(x).toFixed(max_digits);
  if (max_digits > min_digits && s.includes('.')) {
    s = s.replace(/0+$/, '');
    const [i, f = ''] = s.split('.');
    s = f.length < min_digits ? `${i}.${f.padEnd(min_digits, '0')}` : f.length ? `${i}.${f}` : i;
  }
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const neg = x < 0 && /[1-9]/.test(s);
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}
function nf(opts) {
  return { format: (x) => fmt_fixed(x, opts.maximumFractionDigits ?? 0, opts.minimumFractionDigits ?? 0) };
}

// Display helpers. GB = 10^9 bytes (memory breakdowns, as model files and the seed articles count).
// What fits on a device in GiB = 2^30 bytes: a "24 GB" card holds 24 GiB. The Chinese page writes
// that unit "GB", as vendors and its readers do ("24GB 显存"), and says so once (docs/glossary.md).
export function fmt_gib(bytes) {
  const g = bytes / 2 ** 30;
  const a = Math.abs(g);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${nf({ maximumFractionDigits: digits, minimumFractionDigits: digits }).format(g)} ${t('gib_unit')}`;
}
export function fmt_gb(bytes) {
  const gb = bytes / 1e9;
  const a = Math.abs(gb);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${nf({ maximumFractionDigits: digits, minimumFractionDigits: digits }).format(gb)} GB`;
}
export function fmt_num(x, max_digits = 2) {
  const a = Math.abs(x);
  const d = a >= 1000 ? 0 : a >= 100 ? 1 : max_digits;
  return nf({ maximumFractionDigits: d }).format(x);
}
export function fmt_int(x) { return nf({ maximumFractionDigits: 0 }).format(x); }
export function fmt_params(n) {
  return lang === 'zh' && n >= 1e8
    ? `${nf({ maximumFractionDigits: 1 }).format(n / 1e8)} 亿`
    : `${nf({ maximumFractionDigits: 1 }).format(n / 1e9)} B`;
}
const CURRENCY = { USD: '$', CNY: '¥', EUR: '€' };
export function fmt_money(x, currency) {
  const digits = Math.abs(x) < 0.01 ? 5 : Math.abs(x) < 1 ? 4 : 2;
  const sym = CURRENCY[currency ?? 'USD'];
  const n = fmt_fixed(Math.abs(x), digits, Math.abs(x) >= 1 ? 2 : 0);
  return sym ? `${x < 0 ? '-' : ''}${sym}${n}` : `${x < 0 ? '-' : ''}${n} ${currency ?? ''}`.trim();
}
// A cost per task: below 0.01 of the currency (¥0.00082) it is said per 1,000 tasks (¥0.82 /千次);
// data-value keeps the raw per-task amount. -> [text, unit] (unit: '' or the per-1,000 words).
// per_k: force one way (a chart says all its amounts in one unit).
export function fmt_task_money(x, currency, per_k = x !== 0 && Math.abs(x) < 0.01) {
  if (per_k) return [fmt_money(x * 1000, currency), t('per_k_tasks')];
  return [fmt_money(x, currency), t('per_task_unit')];
}
export function fmt_seconds(s) {
  return s < 1 ? `${fmt_num(s * 1000, 0)} ${t('ms')}` : `${fmt_num(s, 2)} ${t('seconds')}`;
}
