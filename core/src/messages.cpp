// Every sentence the core writes for people, by code: the English template and the parameters it names.
// "{name}" is a parameter's value; "{@name}" a parameter whose value is a fragment's code, rendered in place;
// "{{" and "}}" are braces.
// A translation (the page's Chinese, web/js/i18n-zh.js) keys on the code and fills in the same parameters;
// wasm/test/i18n-messages.test.mjs fails when a code has no translation or the parameters differ.
#include "headroom/messages.hpp"

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

namespace headroom {
namespace {

struct Template {
    const char* code;
    const char* kind;   // warning, error, verdict, note
    const char* text;   // "{name}": a parameter
};

// Grouped by where they are said; find() sorts an index once.
constexpr Template kTemplates[] = {
    // ---- warnings: placement (evaluate.cpp)
    {"qlora_format", "warning", "QLoRA quantizes the frozen base to NF4 with double quantization; {quant} replaced by nf4-dq."},
    {"full_bf16", "warning", "Full fine-tuning trains bf16 weights with fp32 Adam states; --quant {quant} does not apply."},
    {"stream_from_disk", "warning", "The weights ({weights}) exceed usable host RAM ({host_ram}): every token reads them from disk."},
    {"stream_pcie", "warning", "Layer streaming moves all {weights} of weights over PCIe for every token."},
    {"stream_single_slot", "warning", "No room for two layer slots ({slot} each): copies and compute take turns."},
    {"auto_cpu_moe", "warning",
     "Does not fit in GPU memory ({short} short); the routed experts of {n_cpu_moe} of {n_layer} layers in host RAM "
     "(llama.cpp --n-cpu-moe {n_cpu_moe}), everything else on the GPU."},
    {"ktransformers_experts", "warning",
     "KTransformers keeps the routed experts of {n_cpu_moe} of {n_layer} layers ({host}) in host RAM for its {kernel} CPU kernels, "
     "attention, shared experts, dense layers and the KV cache on the GPU; with two sockets and USE_NUMA=1 it keeps a copy on "
     "each NUMA node (twice the host RAM)."},
    {"ktransformers_dense", "warning", "{model} is a dense model: KTransformers has no experts to run on the CPU; all of it on the GPU."},
    {"auto_offload", "warning", "Does not fit in GPU memory ({short} short); {gpu_layers} of {n_layer} layers on GPU, the rest in host RAM."},
    {"auto_stream", "warning", "Does not fit on the GPU, nor with a GPU layer offloaded: streaming layers instead."},
    {"mixed_devices", "warning",
     "Layers are split in proportion to each device's memory, as llama.cpp's default --tensor-split does; the devices run their layers "
     "in turn, so each token takes the sum of their times."},
    {"vllm_preallocates", "warning",
     "vLLM reserves {share}% of each GPU ({reserved}) at start and fills what is left after weights with its KV-cache pool."},
    {"vllm_cpu_kv_space", "warning",
     "vLLM's CPU backend keeps its KV cache in VLLM_CPU_KVCACHE_SPACE GiB of RAM, not a share of memory "
     "(--gpu-memory-utilization is for GPUs): the command sets {space} GiB, this KV cache ({kv}) rounded up to whole GiB. "
     "Unset, vLLM picks a size itself (by version: 4 GiB, half a NUMA node's RAM, or --gpu-memory-utilization of it)."},
    {"sglang_preallocates", "warning",
     "SGLang gives weights and its KV-cache pool mem_fraction_static {fraction} of each GPU ({reserved}), its default for this "
     "GPU's memory; the rest is its reserve for activations and CUDA graphs."},
    {"mlx_near_limit", "warning",
     "The weights ({weights}) pass 90% of Metal's recommended working set ({working_set}): mlx-lm warns that generation can "
     "be slow (raise it with sudo sysctl iogpu.wired_limit_mb)."},
    {"trtllm_kv_fraction", "warning",
     "TensorRT-LLM gives its KV cache {share}% of the memory left after the weights and buffers "
     "(kv_cache_free_gpu_memory_fraction): {usable} of each GPU is usable."},
    {"sharded_training", "warning",
     "With {n_devices} devices, weights, gradients and optimizer states are sharded (ZeRO-3 / FSDP); activations are per device for a "
     "micro-batch of {batch}."},
    // ---- warnings: the whole scenario (evaluate.cpp)
    {"ctx_beyond_model", "warning", "Context {ctx} exceeds {model}'s maximum of {max_ctx} tokens."},
    {"format_engine", "warning", "{@reason}"},
    {"format_not_gguf", "fragment", "llama.cpp runs GGUF files; {quant} is sized as its own layout."},
    {"format_gguf_experimental", "fragment", "{engine} loads GGUF only experimentally; sized as the GGUF layout."},
    {"format_gguf_none", "fragment", "{engine} does not load GGUF files; {quant} is sized as the GGUF layout, not the engine's own format."},
    {"mla_expanded", "warning", "transformers caches MLA keys and values expanded per head, {factor}x the latent cache of vLLM or llama.cpp."},
    {"apple_working_set", "warning",
     "macOS lets the GPU use about {usable} of {memory} unified memory; `sudo sysctl iogpu.wired_limit_mb=N` raises it (--gpu-share)."},
    {"apu_gpu_share", "warning",
     "The GPU may use {linux_pct}% of the {memory_gib} GiB by default on Linux (amdgpu's GTT){@windows}; --gpu-share sets another share "
     "(amdgpu.gttsize / ttm.pages_limit on Linux, the BIOS's VGM size on Windows)."},
    {"apu_windows", "fragment", ", {windows_pct}% on Windows (shared GPU memory)"},
    {"nothing", "fragment", ""},
    {"cpu_engine", "warning", "On a CPU, speed is modelled as llama.cpp's CPU backend runs; memory as {engine} sizes it."},
    {"gguf_no_vision", "warning", "{file} holds no vision or audio encoder: llama.cpp loads one from its own mmproj file (--mmproj), which is not counted here."},
    {"repo_bytes_estimated_split", "warning",
     "{repo}: only model.safetensors.index.json was read, so its total ({total} GB) is exact but the split over embeddings, layers, "
     "MTP and vision follows the shape's estimate; with the safetensors files (only their headers are read) each tensor's bytes are exact."},
    {"no_vision_encoder", "warning", "{model} has no vision or audio encoder headroom knows of (no vision_config): images adds nothing."},
    {"encoder_model", "warning",
     "{model} is an encoder (an embedding or reranker model): it reads its input in one pass and keeps no KV cache; the decode figures "
     "do not apply, prefill is its speed."},
    {"embedding_decoder", "warning",
     "{model} is a decoder trained as an embedding model (its name says so; its config is a chat model's): sized as that "
     "decoder, with a KV cache for the tokens it reads; it reads its input in one pass and generates nothing, so the decode "
     "figures do not apply, prefill is its speed."},
    {"unknown_architecture", "warning",
     "The config has what headroom does not understand ({unknown}): sizes come from the keys it knows and are estimates."},
    {"model_renamed", "warning",
     "{old} is the repository's former id: its owner renamed it {repo} (Hugging Face redirects the old id). Sized as the catalog's {model}."},
    {"mtp_layers", "warning",
     "The checkpoint also holds multi-token-prediction layers ({n_mtp}, {params_b}B parameters): in the download, not in memory unless "
     "speculative decoding loads them."},
    {"mtp_loaded", "warning",
     "The multi-token-prediction layers ({n_mtp}, {params_b}B parameters) are loaded for speculative decoding: the drafter line of the "
     "memory (memory.speculative_bytes) holds them and their KV cache."},
    {"speculative_rate_assumed_mtp", "warning",
     "No published acceptance rate for {model}'s MTP layers: {rate} is assumed (the median of the families' published rates; set "
     "accept_rate to yours)."},
    {"speculative_rate_assumed_draft", "warning",
     "No published acceptance rate for {model} with this draft model: {rate} is assumed (published runs range from about 0.5 to 0.9 "
     "by task and pair; set accept_rate to yours)."},
    {"speculative_slower", "warning",
     "Speculative decoding is slower here: {with} tokens/s against {without} without it ({k} drafted tokens a step, acceptance {rate}): "
     "drafting and verifying cost more than the accepted tokens save."},
    {"speculative_backend", "warning",
     "Published runs of speculative decoding on {backend} GPUs were slower than plain decoding where the same models gained on CUDA: "
     "verifying several tokens at once costs more there than this estimate of bandwidth and FLOPs says."},
    {"draft_vocab", "warning",
     "The draft model {draft} has {draft_vocab} tokens in its vocabulary and the model {vocab}: engines need the same tokenizer "
     "(llama.cpp refuses a difference of more than 128 tokens)."},
    {"sliding_window", "warning", "{n_swa} of {n_layer} layers use a {window}-token sliding window: their KV cache stops growing at {cells} tokens."},
    {"compressed_attention", "warning",
     "DeepSeek-V4's compressed attention: {n_sparse} of {n_layer} layers keep one KV entry per {ratio_sparse} tokens (an indexer picks {topk} of them for each token), {n_heavy} one per {ratio_heavy} tokens, and every layer its last {window} tokens."},
    {"rule_of_thumb", "warning",
     "Rule of thumb: {weights} of weights x 1.3 = {total}. The detailed model gives {detailed} ({diff_pct}%): weights {detailed_weights}, "
     "KV cache {kv} at {ctx} tokens, buffers and runtime {runtime}."},
    // ---- warnings: speed (speed.cpp)
    {"cpu_sockets", "warning",
     "{device}: decode is estimated from one socket's memory bandwidth ({socket_bw} GB/s of {bw}): llama.cpp reads across NUMA nodes, "
     "and a published two-socket run was slower still."},
    {"no_compute_figure", "warning", "{device} has no published FP16 or FP32 throughput: prefill is not estimated."},
    {"eager_dispatch", "warning",
     "transformers runs the model eagerly: each decode step waits for Python to launch every layer's kernels ({ms} ms a "
     "token, {layer_us} µs a layer, bitsandbytes' kernels included), longer than the GPU's own work; a compiled or "
     "serving engine (vLLM, SGLang, llama.cpp) does not pay it. Fitted on one source (docs/speed.md, \"transformers\")."},
    {"fixed_cost_dominates", "warning",
     "Fixed costs ({layer_us} µs a layer, {step_us} µs a step) are {share}% of each token's time: a small model on a fast device; engine "
     "version matters more than bandwidth here."},
    {"split_mode_speed", "warning",
     "Speed with --split-mode {split_mode} is not modelled: the figures are the layer split's (no published run of it was entered; "
     "llama.cpp's docs/multi-gpu.md calls it deprecated, with comparatively poor performance; docs/speed.md)."},
    // speed_unvalidated says on what the calibration rests: {@basis} is a fragment's code, rendered in place.
    {"speed_unvalidated", "warning", "Speed for {calibration} {@basis} (docs/accuracy.md)."},
    {"hyper_connections_speed", "warning",
     "DeepSeek-V4 mixes {hc} copies of its hidden state around every block (hyper-connections): many small kernels this estimate does not see. Published decode runs are about a third slower than it (docs/accuracy.md): read its decode speed as an upper bound."},
    {"basis_assumed", "fragment", "uses assumed efficiencies, not yet checked against measurements"},
    {"basis_hf", "fragment",
     "rests on 8 measurements of one A100 (its eager dispatch and bitsandbytes costs fitted; its bandwidth share assumed)"},
    {"basis_one_gpu", "fragment", "was fitted on few HBM GPUs, mostly one (H100 PCIe, 2023-24 builds)"},
    {"basis_amd", "fragment", "was fitted on AMD GPUs and APUs with ROCm"},
    {"basis_vulkan", "fragment", "was fitted on llama.cpp's Vulkan backend, almost all on AMD GPUs and APUs"},
    {"basis_vllm_cuda", "fragment", "rests on 2 measurements (its bandwidth share is assumed, its per-step cost fitted)"},
    {"basis_vllm_rocm", "fragment", "rests on 2 measurements of one MI300X configuration (its bandwidth share is assumed)"},
    {"basis_cpu_desktop", "fragment", "was fitted on 2 desktop CPUs (8 decode rows; leave-one-machine-out median error 6%)"},
    {"basis_as_vllm", "fragment", "is assumed equal to vLLM's (no measurements of this engine fitted yet)"},
    {"basis_mlx", "fragment", "is assumed equal to llama.cpp's Metal fit (no MLX measurements fitted yet)"},
    {"basis_ollama", "fragment", "is llama.cpp's for this backend (Ollama runs llama.cpp; no Ollama measurements fitted yet)"},
    {"basis_ktransformers", "fragment",
     "is llama.cpp's for this backend for the GPU part; its CPU experts' constants are fitted on KTransformers' own runs of "
     "one machine (a Xeon Gold 6454S, one and two sockets), other machines held out"},
    {"basis_ik_llama", "fragment",
     "is llama.cpp's for this backend (ik_llama.cpp is a llama.cpp fork with its own kernels; none of its measurements fitted yet)"},
    {"basis_cpu_server", "fragment", "was fitted on 3 server CPUs (5 decode rows, 1 prefill row; leave-one-machine-out median error 10%)"},
    // ---- warnings: cost (cost.cpp)
    {"price_fallback", "warning", "No price in the {market} market for {devices}: the US price is used (street, else launch){@converted}."},
    {"converted_at", "fragment", ", converted at {rate} CNY per USD"},
    {"no_price", "warning", "{device} has no price in the catalog: pass --price for cost per task."},
    {"api_converted", "warning", "{api} is priced in {currency}: converted at {rate} CNY per USD."},
    {"rent_converted", "warning", "{rent} is priced in {currency}: converted at {rate} CNY per USD."},
    {"no_rental", "warning", "The rental table has no price for {gpu}: `headroom rentals` lists what it has."},
    {"price_old", "warning",
     "The hardware price ({devices}) is from {date}, more than a year before the price tables were checked ({as_of}): today's may differ."},
    {"api_price_old", "warning",
     "The price of {api} is from {date}, more than a year before the price tables were checked ({as_of}): today's may differ."},
    {"api_cheaper_at_any_load", "warning",
     "{@who} is cheaper at any load this hardware can carry: owning pays off only above {break_even} tasks a day, and it does at most "
     "{max} a day at full use."},
    {"api_named", "fragment", "The API ({api})"},
    {"api_typed", "fragment", "The API at the price given"},
    {"rent_cheaper_at_any_load", "warning",
     "{@who} is cheaper at any load this hardware can carry: owning pays off only above {break_even} tasks a day, and it does at most "
     "{max} a day at full use."},
    {"rent_named", "fragment", "Renting ({rent})"},
    {"rent_typed", "fragment", "Renting at the price given"},
    {"rent_price_old", "warning",
     "The rental price of {rent} is from {date}, more than a year before the price tables were checked ({as_of}): today's may differ."},
    // ---- input errors: a field's value (schema.cpp). A parameter ending in _en is English prose (a unit, an
    // automatic default's description) that a translation may leave out: its own field label says it.
    {"not_number", "error", "must be a number, got '{got}'"},
    {"not_integer", "error", "must be a whole number, got '{got}'"},
    {"not_finite", "error", "must be a finite number"},
    {"not_string", "error", "must be a string"},
    {"too_long", "error", "longer than {max} characters"},
    {"not_bool", "error", "must be true or false"},
    {"not_accepted", "error", "accepted: {accepted}; got '{got}'"},
    {"out_of_range", "error", "{field} must be {min}..{max}{unit_en}, got {got}"},
    {"out_of_range_auto", "error", "{field} must be {min}..{max}{unit_en} (leave it out for {auto_en}), got {got}"},
    {"scenario_too_big", "error", "larger than 2 MiB"},
    {"scenario_not_object", "error", "must be a JSON object"},
    {"unknown_key", "error", "unknown scenario key '{key}'; accepted: {accepted}"},
    {"given_twice", "error", "given twice (as {key} and its older spelling {alias})"},
    {"model_config_params", "error", "give one of model, config, gguf or params_b"},
    {"draft_model_missing", "error", "speculative draft needs a draft_model: a catalog id (`headroom models`) of a smaller model with the same tokenizer"},
    {"no_mtp_layers", "error",
     "{model} has no multi-token-prediction layers: speculative mtp needs a model whose checkpoint holds them (DeepSeek V3, GLM-4.5, "
     "Qwen3.5, MiniMax M2); use draft with a draft_model"},
    {"speculative_inference", "error", "speculative decoding applies to inference, not to mode {mode}"},
    {"unknown_model", "error",
     "unknown model '{model}'; `headroom models` lists the ids (a Hugging Face or ModelScope repo id works too), or use --config / --params-b"},
    {"unknown_model_near", "error",
     "unknown model '{model}' (did you mean {near}?); `headroom models` lists the ids (a Hugging Face or ModelScope repo id works too), or "
     "use --config / --params-b"},
    {"too_many_devices", "error", "at most 16 devices joined with '+'"},
    {"unknown_device", "error", "unknown device '{device}'; `headroom gpus` lists the ids (join different ones with '+'), or use --gpu-spec"},
    {"unknown_device_in", "error",
     "unknown device '{device}' in '{gpu}'; `headroom gpus` lists the ids (join different ones with '+'), or use --gpu-spec"},
    {"unknown_device_near", "error",
     "unknown device '{device}' (did you mean {near}?); `headroom gpus` lists the ids (join different ones with '+'), or use --gpu-spec"},
    {"unknown_device_in_near", "error",
     "unknown device '{device}' in '{gpu}' (did you mean {near}?); `headroom gpus` lists the ids (join different ones with '+'), or use "
     "--gpu-spec"},
    {"unknown_format", "error", "unknown format '{quant}'; `headroom quants` lists them (e.g. f16, bf16, fp8, int8, int4, q4_k_m, q8_0)"},
    {"unknown_kv_format", "error", "unknown KV-cache format '{kv_quant}'; accepted: {accepted}"},
    {"unknown_api", "error", "unknown API '{api}'; `headroom apis` lists the ids (provider/model), or give --api-price-per-mtok"},
    {"unknown_api_near", "error",
     "unknown API '{api}' (did you mean {near}?); `headroom apis` lists the ids (provider/model), or give --api-price-per-mtok"},
    {"unknown_rental", "error",
     "unknown rental '{rent}'; accepted: auto, or a platform/gpu id that `headroom rentals` lists, or give --cloud-gpu-per-hour"},
    {"too_many_bytes", "error", "{what_en} would exceed 10^18 bytes; lower ctx, batch or the model's size"},
    {"too_many_params", "error", "more than 10^15 parameters (the largest published models have about 10^12)"},
    // ---- input errors: fields together (validate.cpp)
    {"cpu_moe_placement", "error", "n_cpu_moe applies to placement cpu-moe (or auto), not {placement}"},
    {"backend_device", "error", "the {backend} backend does not run on {device}; auto picks the device's own"},
    {"backend_vulkan_engine", "error", "the vulkan backend is llama.cpp's (llama.cpp, ik_llama.cpp, Ollama); {engine} does not use it"},
    {"cached_exceed_ctx", "error", "{cached} cached tokens and a task of {tokens} exceed the context of {ctx}; raise --ctx or lower --cached-tokens"},
    {"turns_exceed_ctx", "error", "{turns} turns of {tokens} tokens exceed the context of {ctx}; raise --ctx or shorten the task"},
    {"claims_inference", "error", "claims are checked for inference only"},
    {"host_ram", "error", "ram_gb must be > 0 and at most 1000000"},
    {"host_rates", "error", "ram_bw_gbps, pcie_gbps and disk_gbps must be numbers of at least 0.001 (GB/s)"},
    {"rule_of_thumb_inference", "error",
     "rule-of-thumb (params x bytes x 1.3) covers inference only; use --method detailed for fine-tuning"},
    {"training_placement", "error", "fine-tuning is sized all-GPU; accepted with --mode {mode}: auto, gpu"},
    {"host_cpu_tflops", "error", "cpu_tflops must be a number of at least 0.001"},
    {"api_twice", "error", "give one of api (from the price table) or api_price_per_mtok (typed)"},
    {"rent_twice", "error", "give one of rent (from the rental table) or cloud_gpu_per_hour (typed)"},
    {"mixed_gpus_count", "error", "--gpu {gpu} names each device; leave gpus at 1 (repeat an id for two alike)"},
    {"mixed_unified", "error", "{device} is a whole machine (unified memory): it cannot join others with '+'"},
    {"mixed_vendors", "error",
     "mixing {vendor_a} and {vendor_b} needs llama.cpp's Vulkan or RPC backends, which headroom does not model; join devices of one vendor"},
    {"mixed_vllm", "error", "vLLM's tensor parallelism needs identical GPUs; mixed devices run with llama.cpp (or generic)"},
    {"tp_heads", "error",
     "{engine} splits {model}'s {n_head} attention heads across the GPUs, so their number must divide it (vLLM: \"must be "
     "divisible by tensor parallel size\"); {gpus} does not. Accepted: a divisor of {n_head}"},
    {"mixed_tensor_parallel", "error",
     "{engine}'s tensor parallelism needs identical GPUs; mixed devices run with llama.cpp, ik_llama.cpp or Ollama (or generic)"},
    {"split_mode_engine", "error",
     "split_mode {split_mode} is llama.cpp's --split-mode; {engine} does not take it. Accepted: layer (the default) with any engine, "
     "row with llama.cpp, ik_llama.cpp or generic, tensor with llama.cpp or generic"},
    {"split_mode_tensor_arch", "error",
     "llama.cpp's tensor split does not run {model}'s architecture ({arch}: \"LLAMA_SPLIT_MODE_TENSOR not implemented\", "
     "docs/multi-gpu.md); accepted for it: split_mode layer (the default) or row"},
    {"transformers_offload", "warning",
     "transformers offloads with accelerate (device_map=\"auto\"): the weights of the {layers} of {n_layer} layers in host RAM "
     "({weights}) are put on the GPU before each forward pass, without prefetch, and computed there, so each token waits "
     "for them over PCIe at {pcie} GB/s (copies from pageable memory can be slower); speed is modelled so, not as llama.cpp's "
     "offload. accelerate fills the GPU from the first layers, so these are the last ones, and their KV cache stays on the "
     "GPU: the sizing puts those layers' {kv} of it there, with room for one copied layer, not in host RAM as llama.cpp does."},
    {"engine_gpu_only", "warning",
     "{engine} runs the model from its GPUs' memory: headroom sizes no offload to host RAM or layer streaming for it "
     "({@offload}, which brings weights over PCIe in every forward pass, is not modelled). More GPUs, a smaller format, or "
     "llama.cpp's offload (engine llama.cpp) make it run."},
    // {@offload}: the engine's own weight offload (docs/sizing.md, "Placements").
    {"offload_vllm", "fragment", "vLLM's --cpu-offload-gb"},
    {"offload_sglang", "fragment", "SGLang's --cpu-offload-gb"},
    {"offload_trtllm", "fragment", "TensorRT-LLM's --gpu_weights_percent weight streaming"},
    {"split_mode_no_offload", "warning",
     "With split_mode {split_mode} headroom keeps every layer on the GPUs (the split modes are modelled so): no offload to host "
     "RAM is tried. split_mode layer (the default) can offload layers or experts."},
    {"split_mode_tensor_mixed", "error",
     "split_mode tensor is modelled on GPUs of one kind (each takes an even share of every layer); {gpu} mixes cards: "
     "accepted with it: split_mode layer (the default) or row"},
    {"split_mode_tensor_kv", "error",
     "llama.cpp's tensor split does not take a quantized KV cache ({kv_quant}); accepted with split_mode tensor: f16, bf16, f32"},
    {"split_mode_one_gpu", "error", "split_mode {split_mode} splits the model across several GPUs; with one GPU leave it at layer (the default)"},
    {"split_mode_placement", "error",
     "split_mode {split_mode} is modelled with every layer on the GPUs; accepted with it: placement auto, gpu (not {placement})"},
    {"engine_cuda_cc", "error",
     "{engine} needs CUDA compute capability {min} or higher; {device} has {cc}: llama.cpp runs it (engine llama.cpp)"},
    {"quant_cuda_cc", "error",
     "{engine} runs {quant} weights from CUDA compute capability {min}; {device} has {cc}: choose another format or engine llama.cpp"},
    {"engine_vllm_apple", "error",
     "vLLM runs on a Mac only on its CPU backend (\"cpu ... is currently the only supported device\" on macOS), not on "
     "{device}'s GPU, and its Metal plugin vllm-metal computes with MLX: use MLX or llama.cpp (or placement cpu, vLLM's "
     "CPU backend on the host CPU)"},
    {"engine_mlx_apple", "error", "MLX runs on Apple silicon (Metal) only; {device} is not a Mac: use llama.cpp or Ollama"},
    {"engine_trtllm_nvidia", "error", "TensorRT-LLM runs on NVIDIA GPUs only; {device} is not one: use {@alternatives}"},
    // {@alternatives}: engines that run where TensorRT-LLM does not (validate.cpp picks by the device).
    {"alt_vllm_sglang_llama", "fragment", "vLLM, SGLang or llama.cpp"},
    {"alt_vllm_llama", "fragment", "vLLM or llama.cpp"},
    {"alt_vllm_cpu_llama", "fragment", "vLLM (its CPU backend) or llama.cpp"},
    {"alt_mlx_llama", "fragment", "MLX or llama.cpp"},
    {"engine_ktransformers_gpu", "error",
     "KTransformers runs attention on a GPU and the experts on the CPU; {device} has no discrete GPU: use llama.cpp"},
    {"ktransformers_placement", "error",
     "KTransformers moves experts, not layers, to the CPU: placement {placement} is llama.cpp's; accepted: auto, gpu, cpu-moe"},
    // The serving engines' placements (validate.cpp): offload, stream and cpu-moe are llama.cpp's and a layer-streaming
    // runtime's; each engine's own weight offload brings weights over PCIe in every forward pass and is not modelled.
    {"vllm_placement", "error",
     "vLLM runs every layer on its GPUs (or all on the CPU, with its CPU backend): placement {placement} is llama.cpp's or a "
     "layer-streaming runtime's. vLLM's own weight offload (--cpu-offload-gb, --offload-group-size: weights brought from host "
     "RAM over PCIe in every forward pass) is not modelled; accepted: auto, gpu, cpu"},
    {"sglang_placement", "error",
     "SGLang runs every layer on its GPUs: placement {placement} is llama.cpp's or a layer-streaming runtime's. SGLang's own "
     "weight offload (--cpu-offload-gb, --offload-group-size: weights brought from host RAM over PCIe in every forward pass) "
     "is not modelled; experts on the CPU under SGLang are KTransformers' kernels (engine ktransformers); accepted: auto, gpu"},
    {"trtllm_placement", "error",
     "TensorRT-LLM runs every layer on its GPUs: placement {placement} is llama.cpp's or a layer-streaming runtime's. "
     "TensorRT-LLM's weight streaming (trtllm-build --weight_streaming, --gpu_weights_percent: weights brought from host RAM "
     "over PCIe during each run) is not modelled; accepted: auto, gpu"},
    {"engine_sglang_gpu", "error", "SGLang is modelled on NVIDIA and AMD GPUs; {device} is neither: use llama.cpp or Ollama"},
    {"vllm_cpu_kv_type", "error",
     "vLLM's CPU backend keeps the KV cache in the model's 16-bit type (\"CPU backend doesn't support KV cache quantization\"), "
     "not {kv_quant}; accepted with vLLM on a CPU: f16, bf16"},
    {"serving_kv_type", "error",
     "{engine} has no {kv_quant} KV cache ({option}): that is a llama.cpp type; accepted with {engine} on a GPU: f16, bf16, fp8"},
    {"ollama_kv_type", "error", "Ollama's KV-cache types (OLLAMA_KV_CACHE_TYPE) are f16, q8_0 and q4_0, not {kv_quant}"},
    {"mixed_training", "error", "fine-tuning is sized on identical GPUs; mixed devices are for inference"},
    {"mixed_cpu", "error", "placement cpu runs on the host; give one --gpu (or none) with it"},
    {"rent_custom", "error",
     "rent prices the same GPUs from the rental table, for a catalog device (not a custom or mixed machine); give cloud_gpu_per_hour instead"},
    {"rent_other_gpu", "error",
     "{rent} rents {rent_gpu}, not the scenario's {device}; accepted: auto or a {device} rental (`headroom rentals` lists them), or give "
     "cloud_gpu_per_hour"},
    {"gpu_share_discrete", "error", "{device} has its own memory; gpu_share applies to unified memory (an APU, a Mac, DGX Spark)"},
    {"cpu_training", "error", "fine-tuning is sized on GPUs; a CPU runs inference here"},
    {"cpu_one_host", "error", "a CPU host is one machine (a two-socket server is one catalog entry); gpus must be 1"},
    {"cpu_host_placement", "error", "{device} is a CPU host with no GPU; accepted: auto, cpu"},
    {"unified_placement", "error", "{device} has unified memory: offload, stream and cpu-moe need a discrete GPU; accepted: auto, gpu"},
    {"cpu_moe_training", "error", "cpu-moe is an inference placement; fine-tuning is sized all-GPU"},
    {"cpu_moe_engine", "error",
     "cpu-moe (experts in host RAM) is a llama.cpp and KTransformers placement; accepted engines: llama.cpp, ik_llama.cpp, ktransformers, generic"},
    {"cpu_moe_dense", "error", "{model} is a dense model: cpu-moe needs a mixture of experts; accepted: auto, gpu, offload, stream"},
    {"ladder_inference", "error", "the ladder is for inference; fine-tuning sizes one format"},
    // ---- input errors: device and host specs (specs.cpp)
    {"spec_too_long", "error", "spec longer than 4096 characters"},
    {"spec_not_utf8", "error", "spec is not valid UTF-8 text"},
    {"spec_key_value", "error", "expected key=value, got '{got}'"},
    {"spec_range", "error", "{key} must be a number in {min}..{max}, got '{got}'"},
    {"spec_vendor", "error", "vendor must be one of nvidia, amd, apple, intel, cpu, huawei, moorethreads, hygon; got '{got}'"},
    {"spec_mem_twice", "error", "memory given twice: give mem_gib once (mem_gb is its older spelling)"},
    {"spec_name_long", "error", "name longer than 64 characters"},
    {"spec_device_key", "error", "unknown key '{key}'; accepted: {accepted}"},
    {"spec_device_needs", "error", "a custom device needs at least mem_gib (memory in GiB) and bw_gbps"},
    {"spec_ram_twice", "error", "RAM given twice: give ram_gib (GiB) or ram_gb (10^9 bytes), once"},
    {"spec_host_key", "error", "unknown key '{key}'; accepted: ram_gib (or ram_gb, in 10^9 bytes), ram_bw_gbps, pcie_gbps, disk_gbps, cpu_tflops"},
    // ---- input errors: a GGUF file (gguf.cpp, gguf_model.cpp); a corrupt header's messages are English, uncoded
    {"gguf_not_gguf", "error", "not a GGUF file: it does not start with 'GGUF'"},
    {"gguf_version_1", "error", "GGUF version 1 is not supported (llama.cpp dropped it); versions 2 and 3 are"},
    {"gguf_mmproj", "error", "this is a vision/audio projector (an mmproj file, architecture 'clip'), not a language model: open the model's own GGUF (its encoder is counted with images)"},
    {"gguf_no_arch", "error", "the header names no architecture (general.architecture)"},
    {"gguf_no_layers", "error", "the file holds no decoder layers (blk.N tensors)"},
    {"gguf_missing_key", "error", "the header has no {key} for '{arch}'"},
    {"gguf_shard_alone", "error", "this is shard {no} of {count} of a split model: open all {count} files together"},
    // ---- input errors: a pasted config.json (hf_config.cpp)
    {"config_missing_key", "error", "missing required key '{key}'"},
    {"config_not_integer", "error", "'{key}' must be an integer"},
    {"config_range", "error", "'{key}' must be in {min}..{max}, got {got}"},
    {"config_not_bool", "error", "'{key}' must be true or false"},
    {"config_too_big", "error", "larger than 1 MiB; a config.json is a few KB"},
    {"config_not_json", "error", "not valid JSON"},
    {"config_not_object", "error", "must be a JSON object"},
    {"config_heads", "error", "num_attention_heads must be a multiple of num_key_value_heads"},
    {"config_head_dim", "error", "'head_dim' is missing and hidden_size / num_attention_heads is 0"},
    {"config_shared_experts", "error", "n_shared_experts x moe_intermediate_size must be at most 2^26"},
    {"config_dense_ff", "error", "intermediate_size is needed for the dense layers"},
    {"config_ff_positive", "error", "'intermediate_size' must be positive"},
    {"config_layer_types", "error", "layer_types must list num_hidden_layers entries"},
    {"config_hybrid_pattern", "error", "hybrid_override_pattern must have num_hidden_layers characters"},
    {"params_b_range", "error", "parameter count must be 0.01..10000 (billions)"},
    {"json_too_deep", "error", "nested deeper than {max} levels"},
    // ---- claim verdicts (verdict.cpp)
    {"claim_cannot_run", "verdict", "It does not fit ({short} short), so it cannot run at any speed."},
    {"claim_fits", "verdict", "It fits ({placement}), with {spare} to spare."},
    {"claim_does_not_fit", "verdict", "It does not fit: {short} short, even with {placement}."},
    {"claim_impossible", "verdict", "The claim is {ratio}x what {bound} allows even at 100% efficiency ({bound_tokens_per_s} tokens/s)."},
    {"claim_optimistic", "verdict", "The claim is {ratio}x the estimate of {estimate} tokens/s, below the {bound} limit."},
    {"claim_conservative", "verdict", "The claim is {percent}% of the estimate of {estimate} tokens/s: this setup can do better."},
    {"claim_plausible", "verdict", "The claim is within 25% of the estimate of {estimate} tokens/s."},
    {"claim_plausible_mtp", "verdict",
     "The claim is above what plain decoding allows ({plain_bound} tokens/s at 100% of {bound}), but in reach of speculative decoding by "
     "the model's MTP layers: the estimate with them is {estimate} tokens/s ({tokens_per_step} tokens a step; --speculative mtp)."},
    {"claim_optimistic_mtp", "verdict",
     "The claim is above what plain decoding allows ({plain_bound} tokens/s at 100% of {bound}), and {ratio}x the estimate with speculative "
     "decoding by the model's MTP layers ({estimate} tokens/s; --speculative mtp)."},
    {"claim_conservative_mtp", "verdict",
     "The claim is above what plain decoding allows ({plain_bound} tokens/s at 100% of {bound}), yet {percent}% of the estimate with "
     "speculative decoding by the model's MTP layers ({estimate} tokens/s, {tokens_per_step} tokens a step; --speculative mtp): this setup "
     "can do better."},
    {"claim_impossible_no_fit", "verdict",
     "The claim is {ratio}x what {bound} allows even at 100% efficiency ({bound_tokens_per_s} tokens/s) (and it does not fit: {short} short)."},
    {"claim_optimistic_no_fit", "verdict",
     "The claim is {ratio}x the estimate of {estimate} tokens/s, below the {bound} limit (and it does not fit: {short} short)."},
    {"claim_conservative_no_fit", "verdict",
     "The claim is {percent}% of the estimate of {estimate} tokens/s: this setup can do better (and it does not fit: {short} short)."},
    {"claim_plausible_no_fit", "verdict", "The claim is within 25% of the estimate of {estimate} tokens/s (and it does not fit: {short} short)."},
    // ---- launch notes (launch.cpp)
    {"launch_stream", "note", "No serving engine streams layers over PCIe: headroom-stream measures it (docs/streaming.md)."},
    {"launch_kv_f16", "note", "llama.cpp has no {kv_quant} KV cache; the command keeps f16."},
    {"launch_ollama_ctx", "note",
     "Ollama's default context here would be {default_ctx} tokens (by GPU memory); in a request: \"options\": {{\"num_ctx\": {ctx}}}"},
    {"launch_ollama_run", "note",
     "Then ollama run <model> (in its chat: /set parameter num_ctx {ctx}; in a request: \"options\": {{\"num_ctx\": {ctx}}}). "
     "Ollama's own default context here would be {default_ctx} tokens (by GPU memory); longer prompts are cut."},
    {"launch_ktransformers", "note",
     "KTransformers' server (v0.2.4 and later, balance_serve) reads the GGUF folder, the safetensors config (--model_path) and the "
     "optimize rules; --cpu_infer is the CPU threads for the experts (a few less than the physical cores)."},
    {"launch_ik_llama", "note", "ik_llama.cpp builds its own llama-server (github.com/ikawrakow/ik_llama.cpp) with llama.cpp's flags."},
    {"launch_trtllm_kv", "note", "TensorRT-LLM's {kv_quant} KV cache is set in the YAML given to --config (kv_cache_config), not by a flag."},
    {"launch_mlx", "note", "MLX loads its own conversions (mlx-community); the context grows as the request needs"},
    {"launch_vllm_quant", "note", "vLLM reads {quant} from a quantized checkpoint's config: serve an {quant} repository of this model."},
    {"launch_transformers", "note",
     "transformers has no server command: AutoModelForCausalLM.from_pretrained(\"{repo}\", device_map=\"auto\") then "
     "generate(max_new_tokens={max_new_tokens})."},
};

const Template* find(std::string_view code) {
    struct Entry {
        std::string_view code;
        const Template* t;
    };
    static const std::vector<Entry> sorted = [] {
        std::vector<Entry> v;
        for (const Template& t : kTemplates) v.push_back({t.code, &t});
        std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.code < b.code; });
        return v;
    }();
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), code, [](const Entry& e, std::string_view c) { return e.code < c; });
    return it != sorted.end() && it->code == code ? it->t : nullptr;
}

std::vector<std::string> names_in(std::string_view text) {
    std::vector<std::string> names;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{') continue;
        if (i + 1 < text.size() && text[i + 1] == '{') {   // "{{": a brace
            ++i;
            continue;
        }
        const size_t j = text.find('}', i);
        if (j == std::string_view::npos) break;
        std::string n(text.substr(i + 1, j - i - 1));
        if (!n.empty() && n[0] == '@') n.erase(0, 1);
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        i = j;
    }
    return names;
}

}  // namespace

std::string render_message(std::string_view code, const Params& params) {
    const Template* t = find(code);
    if (!t) return std::string(code);
    std::string out;
    const std::string_view text = t->text;
    out.reserve(text.size() + 32);
    for (size_t i = 0; i < text.size();) {
        size_t brace = i;   // the next brace (a plain loop: find_first_of tests each character against the set with memchr)
        while (brace < text.size() && text[brace] != '{' && text[brace] != '}') ++brace;
        if (brace == text.size()) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, brace - i));   // the literal run up to the brace
        const char ch = text[brace];
        if (brace + 1 < text.size() && text[brace + 1] == ch) {   // "{{" and "}}": a brace
            out += ch;
            i = brace + 2;
            continue;
        }
        const size_t close = ch == '{' ? text.find('}', brace) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += ch;
            i = brace + 1;
            continue;
        }
        std::string_view name = text.substr(brace + 1, close - brace - 1);
        const bool fragment = !name.empty() && name[0] == '@';   // the parameter names a fragment's code: its text goes here
        if (fragment) name.remove_prefix(1);
        const auto p = std::find_if(params.begin(), params.end(), [&](const Param& x) { return x.name == name; });
        if (p == params.end()) out.append(text.substr(brace, close - brace + 1));
        else if (fragment && p->value != code) out += render_message(p->value, params);
        else out += p->value;
        i = close + 1;
    }
    return out;
}

std::string messages_json() {
    using ojson = nlohmann::ordered_json;
    ojson list = ojson::array();
    for (const Template& t : kTemplates) {
        ojson names = ojson::array();
        for (const std::string& n : names_in(t.text)) names.push_back(n);
        list.push_back(ojson{{"code", t.code}, {"kind", t.kind}, {"text", t.text}, {"params", names}});
    }
    return ojson{{"schema", "headroom.messages/1"}, {"messages", list}}.dump();
}

}  // namespace headroom
