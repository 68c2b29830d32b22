// Scenario -> Report, in the order the data flows (evaluate() at the end): validate, resolve, size, place,
// speed, cost, verdict. Every constant below is an assumption with its source in docs/sizing.md.
#include <algorithm>
#include <cmath>

#include "engine_defaults.hpp"
#include "internal.hpp"

namespace headroom {
namespace {

using detail::fmt_num;
using detail::gb;
using detail::gib;
using detail::Placed;
using detail::num_text;
using detail::warning;

constexpr int64_t MiB = int64_t(1) << 20;

// Runtime overheads outside the engine's own buffers (docs/sizing.md, "Runtime overhead").
constexpr int64_t kCudaContextNative = 300 * MiB;   // llama.cpp / generic: CUDA or ROCm context, cuBLAS workspace
constexpr int64_t kCudaContextTorch = 500 * MiB;    // PyTorch engines: context + allocator reserve
constexpr int64_t kVllmGraphs = 512 * MiB;          // vLLM CUDA graphs and non-torch allocations
constexpr int64_t kVllmMaxSeqs = 256;               // vLLM max_num_seqs default (sampler profiling)
// The engines' own defaults (vLLM's 0.9, SGLang's mem_fraction_static, TensorRT-LLM's KV fraction, MLX's and
// Ollama's): engine_defaults.hpp, shared with speed and launch.
using detail::kLlamaUbatch;
using detail::kVllmGpuMemUtil;
using detail::kVllmMaxBatchedTokens;
constexpr double kHostUsable = 0.90;                // share of host RAM a process can pin/allocate
constexpr int kStreamSlots = 2;                     // layer slots of the streaming ring
constexpr double kRuleOfThumbFactor = 1.3;          // the seeds' params x bytes x 1.3

// Python engines on PyTorch: a larger CUDA context and allocator reserve than llama.cpp's (TensorRT-LLM's serve
// runs its PyTorch backend by default, tensorrt_llm/commands/serve.py --backend pytorch).
bool is_pytorch(Engine e) {
    return e == Engine::vllm || e == Engine::transformers || e == Engine::sglang || e == Engine::trt_llm || e == Engine::ktransformers;
}

// What the device's memory lets the model use. A CPU host: its RAM less what the system keeps. Unified memory:
// --gpu-share of it when given; an APU by default what Linux lets its GPU map (docs/devices.md); a Mac its
// GPU working set.
int64_t device_capacity(const Scenario& s, const Device& d) {
    const auto share = [&](double x) { return static_cast<int64_t>(double(d.mem_bytes) * x); };
    if (d.vendor == Vendor::cpu) return share(kHostUsable);
    if (d.unified_memory && s.gpu_share) return share(*s.gpu_share);
    if (d.gpu_share_linux > 0) return share(d.gpu_share_linux);
    return d.vendor == Vendor::apple ? detail::apple_gpu_working_set_bytes(d.mem_bytes) : d.mem_bytes;
}

// What each device may use: vLLM claims only --gpu-memory-utilization of a GPU (on a CPU host its CPU backend takes
// the weights plus VLLM_CPU_KVCACHE_SPACE, no share: the host's usable RAM), SGLang mem_fraction_static of it (its
// default for this GPU's memory and the tensor-parallel size), and Ollama keeps its MinimumMemory of each GPU free.
// (TensorRT-LLM's KV share of what is left after the weights: place_inference.)
int64_t usable_capacity(const Scenario& s, const Device& d) {
    const int64_t cap = device_capacity(s, d);
    switch (s.engine) {
        case Engine::vllm: return d.vendor == Vendor::cpu ? cap : static_cast<int64_t>(double(cap) * kVllmGpuMemUtil);
        case Engine::sglang: return static_cast<int64_t>(double(cap) * detail::sglang_defaults(d.mem_bytes, s.gpus).mem_fraction_static);
        case Engine::ollama: return d.vendor == Vendor::cpu ? cap : std::max<int64_t>(0, cap - detail::ollama_minimum_memory(d));
        default: return cap;
    }
}

// ---- resolve ----------------------------------------------------------------------------------------------

// What a validated scenario resolves to, beside the report's normalized scenario, model and device.
struct Inputs {
    const Scenario& s;   // normalized
    const Model& m;
    const Device& dev;                 // the first device (the only kind, unless mixed)
    std::vector<const Device*> devs;   // one per device: gpus of dev, or each of a mixed machine (into the report)
    bool mixed;                        // a mixed machine (--gpu a+b): the report's devices differ
    const WeightFormat& wf;
    const KvFormat& kvf;
    detail::WeightBytes w;
};

// Normalizes the scenario into r (ids in lower case, the answer's length in tokens, QLoRA's format), resolves
// the model, device and formats, and counts parameters and weight bytes.
Inputs resolve(const Scenario& s, Report& r) {
    const Catalog& cat = catalog();
    r.scenario = s;
    r.scenario.quant = detail::lower(s.quant);
    r.scenario.kv_quant = detail::lower(s.kv_quant);
    r.scenario.task_out_tokens = detail::task_out_tokens(s);
    if (s.speculative == "draft") {   // a repo id -> the catalog id; one from before a rename is said, as the model's is
        const Model& d = *cat.find_model(s.draft_model);
        if (const RenamedRepo* old = cat.find_renamed_repo(s.draft_model))
            r.warnings.push_back(warning("model_renamed", {{"old", old->repo}, {"repo", d.hf_repo}, {"model", d.id}}));
        r.scenario.draft_model = d.id;
    }
    r.model = s.custom_model ? *s.custom_model : *cat.find_model(s.model);
    const std::vector<std::string> mixed = s.custom_device ? std::vector<std::string>{} : detail::mixed_ids(r.scenario.gpu);
    r.device = s.custom_device ? *s.custom_device : *cat.find_device(mixed.empty() ? s.gpu : mixed.front());
    // Placement cpu beside a GPU: the model runs on the host, which --host describes.
    if (s.placement == Placement::cpu && r.device.vendor != Vendor::cpu) r.device = detail::host_cpu_device(s.host);
    r.devices.clear();
    for (const std::string& id : mixed) r.devices.push_back(*cat.find_device(id));
    // A GGUF file's own format (its file type, else its largest tensor type) replaces the scenario's.
    if (r.model.file && !r.model.file->quant.empty()) r.scenario.quant = r.model.file->quant;
    const WeightFormat* wf = cat.find_weight_format(r.scenario.quant);
    if (s.mode == Mode::qlora && wf->id != "nf4" && wf->id != "nf4-dq") {
        r.warnings.push_back(warning("qlora_format", {{"quant", wf->id}}));
        r.scenario.quant = "nf4-dq";
        wf = cat.find_weight_format("nf4-dq");
    }
    if (s.mode == Mode::full && wf->kind != FormatKind::float_)
        r.warnings.push_back(warning("full_bf16", {{"quant", wf->id}}));
    r.config_price_usd = r.device.price_usd * double(s.gpus);
    r.config_power_w = r.device.power_w * double(s.gpus);
    if (!r.devices.empty()) {   // mixed: the sum, when every device has a price
        r.config_price_usd = r.config_power_w = 0;
        for (const Device& d : r.devices) r.config_price_usd += d.price_usd, r.config_power_w += d.power_w;
        for (const Device& d : r.devices)
            if (d.price_usd <= 0) r.config_price_usd = 0;
    }
    std::vector<const Device*> devs = detail::machine_devices(r);
    // A catalog model's parameter counts and weight bytes per format never change: sweeps (recommend, the
    // page's charts, a catalog-wide scan) evaluate the same pair many times, so the last pair is kept.
    struct Memo {
        std::string model, format;
        int64_t params_total = 0, params_active = 0;
        detail::WeightBytes w;
    };
    thread_local Memo memo;
    const bool memoizable = !s.custom_model;
    if (!memoizable || memo.model != r.model.id || memo.format != wf->id) {
        memo = Memo{memoizable ? r.model.id : std::string(), memoizable ? wf->id : std::string(), params_total(r.model),
                    params_active(r.model), detail::weight_bytes(r.model, *wf)};
    }
    r.params_total = memo.params_total;
    r.params_active = memo.params_active;
    if (const FileWeights* fw = r.model.file.get(); fw && s.mode == Mode::inference) {
        // A model read from a file's header: its tensors' exact bytes and elements replace the format's estimate
        // (a token reads the shared part and n_expert_used of every n_expert routed experts).
        r.params_total = fw->params;
        r.params_active = r.model.n_expert > 0 ? fw->params - int64_t(std::llround(double(fw->params_experts) *
                                                                                     (1.0 - double(r.model.n_expert_used) / r.model.n_expert)))
                                               : fw->params;
        return Inputs{r.scenario, r.model, r.device, std::move(devs), !r.devices.empty(), *wf, *cat.find_kv_format(r.scenario.kv_quant), detail::weight_bytes(*fw, r.model)};
    }
    // The weight bytes are copied: evaluate may be re-entered (rule of thumb, presets) and replace the memo.
    return Inputs{r.scenario, r.model, r.device, std::move(devs), !r.devices.empty(), *wf, *cat.find_kv_format(r.scenario.kv_quant), memo.w};
}

// ---- size -------------------------------------------------------------------------------------------------

// Largest MLP width live for one token: dense n_ff, or the routed experts it visits plus shared ones.
int64_t ff_live(const Model& m) {
    int64_t f = 0;
    for (int il = 0; il < m.n_layer; ++il) {
        if (m.ffn(il) == 'D') f = std::max<int64_t>(f, m.n_ff);
        if (m.ffn(il) == 'E') f = std::max<int64_t>(f, int64_t(m.n_expert_used) * m.n_ff_expert + m.n_ff_shared);
    }
    return f;
}

// Inference activations / compute buffers per engine (docs/sizing.md, "Activations").
int64_t inference_activations(const Model& m, const Scenario& s) {
    const int64_t d = m.n_embd, V = m.n_vocab, ff = ff_live(m);
    switch (s.engine) {
        case Engine::vllm:
        case Engine::trt_llm: {
            // The profiling run: max_num_batched_tokens (TensorRT-LLM: max_num_tokens, also 8192) through one layer at
            // a time (bf16), then the sampler on fp32 logits.
            const int64_t tok = s.engine == Engine::vllm ? kVllmMaxBatchedTokens : detail::kTrtllmMaxNumTokens;
            return 2 * tok * (2 * ff + 4 * d) + 4 * std::min(kVllmMaxSeqs, std::max<int64_t>(s.batch, 1)) * V;
        }
        case Engine::sglang:
            // SGLang's reserve (1 - mem_fraction_static of each GPU) holds its activations and CUDA graphs: usable_capacity.
            return 0;
        case Engine::mlx: {
            // mlx-lm's prefill: prefill_step_size tokens through one layer at a time (16-bit), fp32 logits of each sequence.
            const int64_t tok = std::min(detail::kMlxPrefillStep, s.ctx * s.batch);
            return 2 * tok * (2 * ff + 4 * d) + 4 * std::max<int64_t>(s.batch, 1) * V;
        }
        case Engine::ktransformers: {
            // KTransformers (PyTorch): a prefill chunk of chunk_size tokens through one layer at a time on the GPU (bf16), fp32
            // logits of each sequence.
            const int64_t tok = std::min(detail::kKtChunkSize, s.ctx * s.batch);
            return 2 * tok * (2 * ff + 4 * d) + 4 * std::max<int64_t>(s.batch, 1) * V;
        }
        case Engine::transformers: {
            // generate(): the whole prompt in one forward pass (bf16 hidden states, SDPA attention), fp32 logits of the last token.
            const double tok = double(s.ctx) * double(s.batch);
            return detail::checked_bytes(2 * tok * double(2 * ff + 4 * d) + 4.0 * double(s.batch) * double(V), "the activations");
        }
        case Engine::llama_cpp:
        case Engine::ik_llama_cpp:
        case Engine::ollama:
        case Engine::generic: {
            // ggml's compute buffer for one micro-batch of n_ubatch tokens with flash attention: the larger of the
            // fp32 logits and the fp32 FFN intermediates; ggml-alloc reuses everything else. Ollama's num_batch (512)
            // is its n_ubatch as well.
            static_assert(detail::kOllamaNumBatch == kLlamaUbatch, "Ollama's micro-batch is llama.cpp's here");
            const int64_t tok = std::min(detail::llama_ubatch(s), s.ctx * s.batch);
            return 4 * tok * std::max(V + d, 2 * ff + d);
        }
    }
    return 0;
}

int64_t runtime_overhead(const Scenario& s, const Device& dev) {
    if (dev.vendor == Vendor::apple || dev.vendor == Vendor::cpu) return is_pytorch(s.engine) ? 256 * MiB : 64 * MiB;
    if (s.engine == Engine::vllm) return kCudaContextTorch + kVllmGraphs;
    return is_pytorch(s.engine) ? kCudaContextTorch : kCudaContextNative;
}

MemoryBreakdown size_inference(const Inputs& in) {
    MemoryBreakdown mem;
    mem.weights_bytes = in.w.total();
    // MLX grows each sequence's cache in steps of 256 tokens.
    const int64_t kv_ctx = in.s.engine == Engine::mlx ? (in.s.ctx + detail::kMlxKvStep - 1) / detail::kMlxKvStep * detail::kMlxKvStep : in.s.ctx;
    mem.kv_cache_bytes = detail::kv_cache_bytes(in.m, in.kvf, in.s.engine, kv_ctx, in.s.batch, in.s.images,
                                                 detail::llama_ubatch(in.s));
    mem.state_bytes = detail::state_bytes(in.m, in.s.engine, in.s.batch);
    // The encoder as llama.cpp's mmproj file keeps it: F16 (convert_hf_to_gguf.py --mmproj), on the first device.
    // An encoder inside a GGUF file is loaded as the file holds it.
    mem.vision_bytes = !in.s.images ? 0 : in.m.file && in.m.file->vision > 0 ? in.m.file->vision : 2 * in.m.params_vision;
    // Speculative decoding's drafter (the MTP layers, or a draft model) with its KV cache, on the first device.
    mem.speculative_bytes = detail::speculative_bytes(in.m, in.s, in.wf, in.kvf);
    mem.activations_bytes = inference_activations(in.m, in.s);
    mem.overhead_bytes = runtime_overhead(in.s, in.dev);
    mem.total_bytes = mem.weights_bytes + mem.kv_cache_bytes + mem.state_bytes + mem.vision_bytes + mem.speculative_bytes +
                      mem.activations_bytes + mem.overhead_bytes;
    return mem;
}

// The seeds' rule of thumb: nominal parameters x bytes per weight x 1.3.
MemoryBreakdown size_rule_of_thumb(const Inputs& in) {
    MemoryBreakdown mem;
    const double nominal = in.s.custom_model && in.s.custom_model_origin == "params_b" ? in.s.params_b : in.m.params_b_nominal;
    mem.weights_bytes = static_cast<int64_t>(std::llround(nominal * 1e9 * in.wf.nominal_bits / 8.0));
    mem.overhead_bytes = static_cast<int64_t>(std::llround(double(mem.weights_bytes) * (kRuleOfThumbFactor - 1.0)));
    mem.total_bytes = mem.weights_bytes + mem.overhead_bytes;
    return mem;
}

// Training memory (docs/sizing.md, "Fine-tuning"): mixed-precision Adam, activations after Korthikanti et al. 2022.
MemoryBreakdown size_training(const Inputs& in, int64_t P) {
    const Model& m = in.m;
    const int64_t d = m.n_embd, s = in.s.ctx, b = in.s.batch;
    MemoryBreakdown mem;
    // Trainable parameters.
    int64_t trainable = P;
    if (in.s.mode != Mode::full) {
        // LoRA on every attention projection and dense/shared MLP matrix: r x (in + out) each.
        const int64_t r = in.s.lora_rank;
        int64_t per_layer_attn;
        if (m.is_mla()) {
            const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
            per_layer_attn = (m.q_lora_rank ? r * (d + m.q_lora_rank) + r * (m.q_lora_rank + int64_t(m.n_head) * qk)
                                            : r * (d + int64_t(m.n_head) * qk)) +
                             r * (d + m.kv_lora_rank + m.qk_rope_head_dim) +
                             r * (m.kv_lora_rank + int64_t(m.n_head) * (m.qk_nope_head_dim + m.v_head_dim)) +
                             r * (int64_t(m.n_head) * m.v_head_dim + d);
        } else {
            const int64_t q = int64_t(m.n_head) * m.head_dim, kv = int64_t(m.n_head_kv) * m.head_dim;
            per_layer_attn = r * (d + q) + 2 * r * (d + kv) + r * (q + d);
        }
        trainable = 0;
        for (int il = 0; il < m.n_layer; ++il) {
            const int64_t ff = m.is_moe_layer(il) ? m.n_ff_shared : m.n_ff;
            trainable += per_layer_attn + (ff ? 3 * r * (d + ff) : 0);
        }
    }
    if (in.s.mode == Mode::full) {
        mem.weights_bytes = 2 * P;            // bf16 weights
        mem.gradients_bytes = 2 * P;          // bf16 gradients
        mem.optimizer_bytes = 12 * P;         // fp32 master weights + Adam m and v (ZeRO paper: 16 bytes/param in all)
    } else {
        mem.weights_bytes = in.w.total() + 2 * trainable;   // frozen base in its format + bf16 adapters
        mem.gradients_bytes = 4 * trainable;                // fp32 adapter gradients
        mem.optimizer_bytes = 12 * trainable;               // fp32 master adapters + Adam m, v
    }
    // Activations kept for backward, per layer, bf16: norm inputs, q/k/v, attention output (flash attention: no
    // s x s scores), MLP input, gate/up/activation outputs. Gradient checkpointing keeps only each layer's input
    // and recomputes one layer at a time.
    const int64_t q = m.is_mla() ? int64_t(m.n_head) * (m.qk_nope_head_dim + m.qk_rope_head_dim)
                                 : int64_t(m.n_head) * m.head_dim;
    const int64_t kv = m.is_mla() ? m.kv_lora_rank + m.qk_rope_head_dim : 2 * int64_t(m.n_head_kv) * m.head_dim;
    const int64_t per_token_layer = 2 * (4 * d + q + kv + q + 3 * ff_live(m));
    const int64_t full_layers = in.s.grad_checkpointing ? 1 : m.n_layer;
    const int64_t ckpt = in.s.grad_checkpointing ? 2 * d * int64_t(m.n_layer) : 0;
    const int64_t logits = 6 * int64_t(m.n_vocab);   // bf16 logits + fp32 copy for the loss
    mem.activations_bytes = detail::checked_bytes(double(s) * double(b) * (double(per_token_layer) * double(full_layers) + double(ckpt + logits)),
                                                  "the activations");
    mem.overhead_bytes = runtime_overhead(in.s, in.dev);
    mem.total_bytes = mem.weights_bytes + mem.gradients_bytes + mem.optimizer_bytes + mem.activations_bytes + mem.overhead_bytes;
    return mem;
}

// ---- place ------------------------------------------------------------------------------------------------
// Each strategy returns a Placed value (internal.hpp); auto tries them in turn and keeps the first that fits.

// The demand of `used` bytes per device of `capacity`, and of `host_bytes` in host RAM when `host_cap` must hold them.
Placed on_devices(Placement placement, std::vector<int64_t> used, std::vector<int64_t> capacity, int64_t host_bytes = 0,
                  int64_t host_cap = INT64_MAX) {
    Placed p;
    p.placement = placement;
    p.used = std::move(used);
    p.capacity = std::move(capacity);
    p.host_bytes = host_bytes;
    p.headroom_bytes = INT64_MAX;
    for (size_t i = 0; i < p.used.size(); ++i) p.headroom_bytes = std::min(p.headroom_bytes, p.capacity[i] - p.used[i]);
    if (host_bytes > host_cap) p.headroom_bytes = std::min(p.headroom_bytes, host_cap - host_bytes);
    p.fits = p.headroom_bytes >= 0;
    return p;
}

// An inference scenario sized, and what its strategies place it on.
struct Fitting {
    const Inputs& in;
    const MemoryBreakdown& mem;
    int n_dev;
    const std::vector<int64_t>& caps;   // what each device may use
    int64_t host_cap;   // usable host RAM
    bool embd_on_gpu;   // llama.cpp keeps the input embedding on the CPU

    // Per-device demand with the last `gpu_layers` layers on the devices, in contiguous equal shares (llama.cpp
    // offloads the *last* layers), the rest and their KV in host RAM; with n_cpu_moe > 0, the routed experts of
    // the first n_cpu_moe layers stay in host RAM (llama.cpp --n-cpu-moe). Into `used` (one per device) and, when
    // given, `owner` (the device each layer's weights are on, -1: host RAM); returns the bytes in host RAM. The
    // placement searches call it many times: the caller's buffers are reused rather than allocated each time.
    int64_t demand(int gpu_layers, bool output_on_gpu, bool embd_gpu, int n_cpu_moe, std::vector<int64_t>& used,
                   std::vector<int>* owner) const {
        const detail::WeightBytes& w = in.w;
        used.assign(static_cast<size_t>(n_dev), mem.activations_bytes + mem.overhead_bytes);
        used.front() += mem.vision_bytes + mem.speculative_bytes;
        int64_t host = 0;
        const int L = in.m.n_layer;
        const int first_gpu = L - gpu_layers;
        const int64_t kv = static_cast<int64_t>(double(mem.kv_cache_bytes + mem.state_bytes) / L);   // per layer, evenly
        // llama.cpp's layer split: the k-th GPU layer goes to the first device whose cumulative share of the memory
        // exceeds k / gpu_layers (llama_model_load's tensor_split, by default in proportion to each device's memory).
        // Alike devices: equal contiguous shares. Device dv holds the GPU layers below end(dv), the ceil of gpu_layers
        // x the capacity of devices 0..dv over all of it (end sums the capacities as it goes: called for 0, 1, 2, ...).
        __int128 total = 0, cum = 0;   // capacities reach 10^18 bytes over 1024 devices
        for (const int64_t c : caps) total += c;
        auto end = [&](int dv) {
            cum += caps[size_t(dv)];
            return total > 0 ? int64_t((gpu_layers * cum + total - 1) / total) : int64_t(gpu_layers);
        };
        int dv = 0;
        int64_t dv_end = end(0);
        // ik_llama.cpp's row split keeps the whole KV cache on the main GPU (-mg, device 0): common/arg.cpp's "-mg: ... for
        // intermediate results and KV (with split-mode = row)", and its load log (ik_llama.cpp discussion #397: 'CUDA0 KV
        // buffer size = 2048.00 MiB' on 2x T4, none on CUDA1). Mainline llama.cpp gives each layer's KV to the device its
        // layer is assigned to in the layer and row splits (llama-model.cpp load_tensors: get_layer_buft_list by the split points;
        // row adds the split buffer type for the dense matrices only), so its row split places as layer does (tensor: place_gpu).
        const bool kv_on_main = in.s.engine == Engine::ik_llama_cpp && in.s.split_mode == "row";
        if (owner) owner->assign(size_t(L), -1);
        // transformers' offload is accelerate's device_map="auto" (docs/sizing.md, "Placements"): infer_auto_device_map
        // fills the GPUs in module order, so the *first* gpu_layers layers are on them and the last ones (and the head)
        // in host RAM; dispatch_model runs those on the main device, "the first non-cpu device" (main_device =
        // [d for d in device_map.values() if d not in ["cpu", "disk"]][0], accelerate src/accelerate/big_modeling.py),
        // copying one module's weights there while it runs. The KV cache transformers keeps where the layer runs: the
        // host layers' share on the first GPU too. So the first GPU holds the embedding, its layers, the host layers' KV
        // and room for the largest host module; host RAM only weights.
        if (in.s.engine == Engine::transformers && gpu_layers < L && n_cpu_moe == 0) {
            for (int il = 0; il < gpu_layers; ++il) {
                while (dv < n_dev - 1 && il >= dv_end) dv_end = end(++dv);
                if (owner) (*owner)[size_t(il)] = dv;
                used[size_t(dv)] += w.layer[il] + kv;
            }
            int64_t copy = output_on_gpu ? 0 : w.output;
            for (int il = gpu_layers; il < L; ++il) {
                host += w.layer[il];
                used.front() += kv;
                copy = std::max(copy, w.layer[il]);
            }
            (output_on_gpu ? used.back() : host) += w.output;
            used.front() += w.token_embd + copy;
            return host;
        }
        for (int il = 0; il < first_gpu; ++il) host += w.layer[il] + kv;
        for (int il = first_gpu; il < L; ++il) {
            while (dv < n_dev - 1 && il - first_gpu >= dv_end) dv_end = end(++dv);
            if (owner) (*owner)[size_t(il)] = dv;
            const int64_t experts_host = il < n_cpu_moe ? w.layer_experts[il] : 0;
            used[size_t(dv)] += w.layer[il] - experts_host;
            used[kv_on_main ? 0 : size_t(dv)] += kv;
            host += experts_host;
        }
        (output_on_gpu ? used.back() : host) += w.output;
        (embd_gpu ? used.front() : host) += w.token_embd;
        return host;
    }

    // Whether every device holds that demand (host RAM aside); `scratch` holds it.
    bool devices_hold(int gpu_layers, bool output_on_gpu, bool embd_gpu, int n_cpu_moe, std::vector<int64_t>& scratch) const {
        demand(gpu_layers, output_on_gpu, embd_gpu, n_cpu_moe, scratch, nullptr);
        for (size_t i = 0; i < scratch.size(); ++i)
            if (scratch[i] > caps[i]) return false;
        return true;
    }

    // That demand, placed.
    Placed split(Placement placement, int gpu_layers, bool output_on_gpu, bool embd_gpu, int n_cpu_moe = 0) const {
        std::vector<int64_t> used;
        std::vector<int> owner;
        const int64_t host = demand(gpu_layers, output_on_gpu, embd_gpu, n_cpu_moe, used, &owner);
        // Host RAM must hold the host share, except all on the GPU(s): there it is at most llama.cpp's input
        // embedding, which is not checked.
        Placed p = on_devices(placement, std::move(used), caps, host, placement == Placement::gpu ? INT64_MAX : host_cap);
        p.gpu_layers = gpu_layers;
        p.n_cpu_moe = n_cpu_moe;
        p.layer_device = std::move(owner);
        return p;
    }
};

Placed place_gpu(const Fitting& f) {
    const Inputs& in = f.in;
    if (tensor_parallel(in.s) && f.n_dev > 1) {
        // Tensor parallel (a serving engine's, or llama.cpp's --split-mode tensor, which splits evenly without
        // --tensor-split): weights split n ways; KV heads split (replicated when fewer heads than ranks; the MLA latent
        // is replicated on every rank). Mixed cards take the same share each: the smallest one bounds the fit.
        const MemoryBreakdown& mem = f.mem;
        const int64_t n = f.n_dev;
        const int64_t kv_shares = in.m.is_mla() ? 1 : std::min<int64_t>(n, in.m.n_head_kv);
        const int64_t kv = (mem.kv_cache_bytes + mem.state_bytes + kv_shares - 1) / kv_shares;
        const int64_t per = (mem.weights_bytes + mem.vision_bytes + mem.speculative_bytes + n - 1) / n + kv + (mem.activations_bytes + n - 1) / n +
                            mem.overhead_bytes;
        Placed p = on_devices(Placement::gpu, std::vector<int64_t>(size_t(n), per), f.caps);
        p.gpu_layers = in.m.n_layer;
        return p;
    }
    return f.split(Placement::gpu, in.m.n_layer, true, f.embd_on_gpu);
}

// No GPU: the device is the CPU and its memory the host's RAM; every layer is "on the device".
Placed place_cpu(const Fitting& f) {
    Placed p = f.split(Placement::cpu, f.in.m.n_layer, true, true);
    p.host_bytes = 0;
    return p;
}

// Partial offload: the most layers that fit on the GPU(s), or -ngl as given; the rest (and their KV) in host RAM.
Placed place_offload(const Fitting& f) {
    const int L = f.in.m.n_layer;
    std::vector<int64_t> scratch;
    auto holds = [&](int k) { return f.devices_hold(k, false, false, 0, scratch); };
    int lo = 0, hi = L;   // largest k whose demand the devices hold; 0 when not even the buffers fit
    if (f.in.s.gpu_layers) lo = int(std::min<int64_t>(*f.in.s.gpu_layers, L));   // as given (-ngl)
    else if (holds(0))
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (holds(mid)) lo = mid;
            else hi = mid - 1;
        }
    return f.split(Placement::offload, lo, false, false);
}

// Expert offload (llama.cpp -ngl 99 --n-cpu-moe N): every layer on the GPU(s) but the routed experts of the
// first N layers, which stay in host RAM and run on the CPU. N: as given, else the fewest that fit.
Placed place_cpu_moe(const Fitting& f) {
    const int L = f.in.m.n_layer;
    std::vector<int64_t> scratch;
    auto holds = [&](int n) { return f.devices_hold(L, true, f.embd_on_gpu, n, scratch); };
    int lo = 0, hi = L;   // smallest n whose demand the devices hold (demand falls as n grows)
    if (f.in.s.n_cpu_moe) lo = hi = int(std::min<int64_t>(*f.in.s.n_cpu_moe, L));
    else
        while (lo < hi) {
            const int mid = (lo + hi) / 2;
            if (holds(mid)) hi = mid;
            else lo = mid + 1;
        }
    return f.split(Placement::cpu_moe, L, true, f.embd_on_gpu, lo);
}

// KTransformers: its optimize rules (optimize_rules/DeepSeek-V3-Chat.yaml) keep attention, the shared experts, the dense
// layers and the LM head on the GPU, the input embedding on the CPU, and every MoE layer's routed experts in host RAM
// for its CPU kernels ("^model\\.layers\\..*\\.mlp\\.experts$": generate_device cpu). --n-cpu-moe N keeps N layers' experts
// there (its rules can put the others' on the GPU, e.g. with KExpertsMarlin).
Placed place_ktransformers(const Fitting& f) {
    const int L = f.in.m.n_layer;
    const int n = f.in.s.n_cpu_moe ? int(std::min<int64_t>(*f.in.s.n_cpu_moe, L)) : L;
    return f.split(Placement::cpu_moe, L, true, false, n);
}

// Layer streaming: weights live in host RAM (or on disk when RAM is too small) and cross PCIe each token
// through a ring of layer slots; the KV cache, compute buffer and the ring stay on the first GPU.
Placed place_stream(const Fitting& f) {
    const detail::WeightBytes& w = f.in.w;
    const MemoryBreakdown& mem = f.mem;
    const int64_t unit = std::max(*std::max_element(w.layer.begin(), w.layer.end()), w.output);
    const int64_t fixed = mem.kv_cache_bytes + mem.state_bytes + mem.vision_bytes + mem.speculative_bytes + mem.activations_bytes + mem.overhead_bytes;
    // Double-buffer when two slots fit (copy of layer i+1 overlaps compute of layer i); else one slot, serial.
    const int slots = kStreamSlots * unit + fixed <= f.caps.front() ? kStreamSlots : 1;
    const bool in_ram = mem.weights_bytes <= f.host_cap;
    Placed p = on_devices(Placement::stream, {slots * unit + fixed}, {f.caps.front()}, in_ram ? mem.weights_bytes : 0);
    p.stream_slots = slots;
    p.from_disk = !in_ram;
    if (!in_ram)
        p.warnings.push_back(warning("stream_from_disk", {{"weights", gb(mem.weights_bytes)}, {"host_ram", gb(f.host_cap)}}));
    p.warnings.push_back(warning("stream_pcie", {{"weights", gb(mem.weights_bytes)}}));
    if (slots == 1)
        p.warnings.push_back(warning("stream_single_slot", {{"slot", gb(unit)}}));
    return p;
}

// auto: all on the GPU(s); else, for a mixture of experts, experts in host RAM; else layers in host RAM; else
// streaming. Nothing fitting, the all-GPU demand is what the report shows.
Placed place_auto(const Fitting& f) {
    const Scenario& s = f.in.s;
    const Model& m = f.in.m;
    if (f.in.dev.vendor == Vendor::cpu) return place_cpu(f);   // a CPU host: nowhere else to go
    if (s.n_cpu_moe) return place_cpu_moe(f);   // --n-cpu-moe given: that placement, as llama.cpp would run it
    Placed gpu = place_gpu(f);
    if (gpu.fits || f.in.dev.unified_memory) return gpu;
    // llama.cpp's row and tensor splits are modelled with every layer on the GPUs (validate.cpp): no offload for them,
    // which the report says rather than sizing an offload as the layer split's.
    if (s.split_mode != "layer") {
        gpu.warnings.push_back(warning("split_mode_no_offload", {{"split_mode", s.split_mode}}));
        return gpu;
    }
    // The serving engines (vLLM, SGLang, TensorRT-LLM) run what their GPUs hold. The other placements size llama.cpp's
    // layer offload and a layer-streaming runtime, which they do not have (their own weight offload, named in the
    // warning: vLLM's and SGLang's --cpu-offload-gb, TensorRT-LLM's weight streaming, copies weights over PCIe every
    // step and is not modelled): said, not sized as something else.
    if (tensor_parallel_engine(s.engine)) {
        gpu.warnings.push_back(warning("engine_gpu_only", {{"engine", std::string(to_string(s.engine))},
                                                           {"offload", s.engine == Engine::vllm     ? "offload_vllm"
                                                                       : s.engine == Engine::sglang ? "offload_sglang"
                                                                                                    : "offload_trtllm"}}));
        return gpu;
    }
    // For a mixture of experts, moving experts off the GPU costs less per token than moving whole layers:
    // a token reads only n_expert_used of n_expert of what moved (docs/sizing.md, "Placements").
    if (m.is_moe() && detail::expert_offload_engine(s.engine)) {
        Placed p = place_cpu_moe(f);
        if (p.fits) {
            p.warnings.push_back(warning("auto_cpu_moe", {{"short", gib(-gpu.headroom_bytes)},
                                                          {"n_cpu_moe", num_text(p.n_cpu_moe)},
                                                          {"n_layer", num_text(m.n_layer)}}));
            return p;
        }
    }
    // At least one layer on the GPU(s) and the rest in host RAM (with -ngl given, as given even when the cards overflow).
    Placed p = place_offload(f);
    if (p.gpu_layers >= 1 && p.host_bytes <= f.host_cap) {
        p.warnings.push_back(warning("auto_offload", {{"short", gib(-gpu.headroom_bytes)},
                                                      {"gpu_layers", num_text(p.gpu_layers)},
                                                      {"n_layer", num_text(m.n_layer)}}));
        return p;
    }
    p = place_stream(f);
    if (p.fits) {
        p.warnings.push_back(warning("auto_stream", {}));
        return p;
    }
    return gpu;
}

Placed place_inference(const Inputs& in, const MemoryBreakdown& mem) {
    std::vector<int64_t> caps;
    for (const Device* d : in.devs) caps.push_back(usable_capacity(in.s, *d));
    if (in.s.engine == Engine::trt_llm) {
        // TensorRT-LLM's KV pool is kv_cache_free_gpu_memory_fraction of what each GPU has left after the weights and
        // buffers (its tensor-parallel share of them): the rest of that stays free.
        const int64_t n = int64_t(caps.size());
        const int64_t rest = (mem.weights_bytes + mem.vision_bytes + mem.speculative_bytes + mem.activations_bytes) / n + mem.overhead_bytes;
        for (int64_t& c : caps) c -= static_cast<int64_t>((1.0 - detail::kTrtllmKvFreeFraction) * double(std::max<int64_t>(0, c - rest)));
    }
    // llama.cpp keeps the input embedding in host memory (its engines: llama.cpp, ik_llama.cpp, Ollama).
    const bool embd_on_gpu = !ggml_engine(in.s.engine) || in.s.engine == Engine::generic;
    const Fitting f{in, mem, static_cast<int>(caps.size()), caps, static_cast<int64_t>(in.s.host.ram_gb * 1e9 * kHostUsable), embd_on_gpu};
    Placed p;
    const bool kt = in.s.engine == Engine::ktransformers;
    if (kt && in.s.placement == Placement::auto_ && !in.m.is_moe()) {
        // No routed experts to move to the CPU: KTransformers runs a dense model on the GPU(s).
        p = place_gpu(f);
        p.warnings.push_back(warning("ktransformers_dense", {{"model", in.m.name}}));
    } else if (kt && in.m.is_moe() && (in.s.placement == Placement::auto_ || in.s.placement == Placement::cpu_moe)) {
        p = place_ktransformers(f);
        p.warnings.push_back(warning("ktransformers_experts", {{"n_cpu_moe", num_text(p.n_cpu_moe)},
                                                               {"n_layer", num_text(in.m.n_layer)},
                                                               {"host", gb(p.host_bytes)},
                                                               {"kernel", detail::kt_kernel_name(in.s)}}));
    } else switch (in.s.placement) {
        case Placement::gpu: p = place_gpu(f); break;
        case Placement::offload: p = place_offload(f); break;
        case Placement::stream: p = place_stream(f); break;
        case Placement::cpu_moe: p = place_cpu_moe(f); break;
        case Placement::cpu: p = place_cpu(f); break;
        case Placement::auto_: p = place_auto(f); break;
    }
    if (in.mixed) {
        for (const Device* d : in.devs) p.devices.push_back(*d);
        if (p.placement != Placement::stream && in.devs.size() > 1)
            p.warnings.push_back(warning("mixed_devices", {}));
    }
    if (in.s.engine == Engine::vllm && in.dev.vendor == Vendor::cpu)   // its CPU backend: the KV cache is VLLM_CPU_KVCACHE_SPACE
        p.warnings.push_back(warning("vllm_cpu_kv_space", {{"space", num_text(detail::vllm_cpu_kvcache_gib(mem.kv_cache_bytes))},
                                                           {"kv", gib(mem.kv_cache_bytes)}}));
    else if (in.s.engine == Engine::vllm)
        p.warnings.push_back(warning("vllm_preallocates", {{"share", fmt_num(kVllmGpuMemUtil * 100)}, {"reserved", gib(f.caps.front())}}));
    if (in.s.engine == Engine::sglang)
        p.warnings.push_back(warning("sglang_preallocates",
                                     {{"fraction", fmt_num(detail::sglang_defaults(in.dev.mem_bytes, in.s.gpus).mem_fraction_static)},
                                      {"reserved", gib(f.caps.front())}}));
    if (in.s.engine == Engine::trt_llm)
        p.warnings.push_back(warning("trtllm_kv_fraction", {{"share", fmt_num(detail::kTrtllmKvFreeFraction * 100)},
                                                            {"usable", gib(f.caps.front())}}));
    return p;
}

// The rule of thumb: an equal share of its total on each device.
Placed place_rule_of_thumb(const Inputs& in, const MemoryBreakdown& mem) {
    const int64_t n = in.s.gpus;
    Placed p = on_devices(Placement::gpu, std::vector<int64_t>(size_t(n), (mem.total_bytes + n - 1) / n),
                          std::vector<int64_t>(size_t(n), usable_capacity(in.s, in.dev)));
    p.gpu_layers = in.m.n_layer;
    return p;
}

// Fine-tuning: weights, gradients and optimizer states sharded over the devices (ZeRO-3 / FSDP) when there are
// several; activations and the runtime on each.
Placed place_training(const Inputs& in, const MemoryBreakdown& mem) {
    const int64_t n = in.s.gpus;
    const int64_t sharded = mem.weights_bytes + mem.gradients_bytes + mem.optimizer_bytes;
    const int64_t per_dev = (sharded + n - 1) / n + mem.activations_bytes + mem.overhead_bytes;
    Placed p = on_devices(Placement::gpu, std::vector<int64_t>(size_t(n), per_dev), std::vector<int64_t>(size_t(n), device_capacity(in.s, in.dev)));
    p.gpu_layers = in.m.n_layer;
    if (n > 1)
        p.warnings.push_back(warning("sharded_training", {{"n_devices", num_text(n)}, {"batch", num_text(in.s.batch)}}));
    return p;
}

// The placement as the report shows it.
void record(Report& r, const Placed& p) {
    MemoryBreakdown& mem = r.memory;
    mem.host_bytes = p.host_bytes;
    mem.capacity_bytes = 0;
    for (const int64_t c : p.capacity) mem.capacity_bytes += c;
    mem.per_device.clear();
    for (size_t i = 0; i < p.used.size(); ++i) {
        const std::string& id = r.devices.empty() ? r.device.id : r.devices[i].id;
        mem.per_device.push_back({p.used.size() == 1 ? id : id + "#" + std::to_string(i), p.used[i], p.capacity[i]});
    }
    r.fit.fits = p.fits;
    r.fit.headroom_bytes = p.headroom_bytes;
    r.fit.placement = p.placement;
    r.fit.gpu_layers = p.gpu_layers;
    r.fit.total_layers = r.model.n_layer;
    r.fit.n_cpu_moe = p.n_cpu_moe;
    r.warnings.insert(r.warnings.end(), p.warnings.begin(), p.warnings.end());
}

// ---- speed and cost ---------------------------------------------------------------------------------------

// A task's wall time: per turn, the new prompt's prefill and the answer's decode at that turn's context
// (each turn keeps the conversation so far in the KV cache, as llama.cpp and vLLM's prefix cache do).
double task_seconds(const Report& r, const Inputs& in, const Placed& p) {
    const Scenario& s = r.scenario;
    double total = 0;
    for (int64_t t = 0; t < s.turns; ++t) {
        Speed sp;
        if (t == 0) {
            sp = r.speed;
        } else {
            Scenario st = s;
            st.cached_tokens = s.cached_tokens + t * (s.task_in_tokens + s.task_out_tokens);   // earlier turns, cached
            std::vector<Warning> repeated;   // the first turn's warnings already say it
            detail::estimate_speed(in.m, in.dev, st, in.kvf, in.w, p, sp, repeated);
        }
        const double prefill = sp.prefill_tokens_per_s > 0 ? double(s.task_in_tokens) / sp.prefill_tokens_per_s : 0;
        total += prefill + double(s.task_out_tokens) / sp.decode_tokens_per_s;
    }
    return total;
}

// ---- warnings that depend on the whole scenario -----------------------------------------------------------

// Whether the text says "embedding" in any case (ASCII, as detail::lower), without a lowered copy: every evaluate asks.
bool mentions_embedding(std::string_view text) {
    constexpr std::string_view word = "embedding";
    const auto same = [](char a, char b) { return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b; };
    return std::search(text.begin(), text.end(), word.begin(), word.end(), same) != text.end();
}

void common_warnings(const Inputs& in, Report& r) {
    const Scenario& s = in.s;
    const Model& m = in.m;
    auto warn = [&](const char* code, detail::ParamList p) { r.warnings.push_back(warning(code, p)); };
    // Given by a repo id from before a rename (set_model): the user learns the current one.
    if (!s.model_renamed_from.empty() && !s.custom_model)
        warn("model_renamed", {{"old", s.model_renamed_from}, {"repo", m.hf_repo}, {"model", m.id}});
    if (s.ctx > m.max_ctx) warn("ctx_beyond_model", {{"ctx", num_text(s.ctx)}, {"model", m.name}, {"max_ctx", num_text(m.max_ctx)}});
    const bool gguf = in.wf.kind == FormatKind::gguf;
    if (ggml_engine(s.engine) && s.engine != Engine::generic && in.wf.kind == FormatKind::grouped)
        warn("format_engine", {{"reason", "format_not_gguf"}, {"quant", in.wf.id}});
    if ((s.engine == Engine::trt_llm || s.engine == Engine::mlx) && gguf)
        warn("format_engine", {{"reason", "format_gguf_none"}, {"engine", to_string(s.engine)}, {"quant", in.wf.id}});
    if ((s.engine == Engine::vllm || s.engine == Engine::transformers || s.engine == Engine::sglang) && gguf)
        warn("format_engine", {{"reason", "format_gguf_experimental"}, {"engine", to_string(s.engine)}});
    if (m.is_mla() && s.engine == Engine::transformers)
        warn("mla_expanded", {{"factor", num_text(detail::kv_elements_per_token_layer(m, Engine::transformers, 0) /
                                                   detail::kv_elements_per_token_layer(m, Engine::vllm, 0))}});
    if (in.dev.vendor == Vendor::apple && !s.gpu_share)
        warn("apple_working_set", {{"usable", gib(device_capacity(s, in.dev))}, {"memory", gib(in.dev.mem_bytes)}});
    if (in.dev.gpu_share_linux > 0 && !s.gpu_share)
        warn("apu_gpu_share", {{"linux_pct", fmt_num(std::round(in.dev.gpu_share_linux * 100))}, {"memory_gib", fmt_num(in.dev.mem_gib())},
                               {"windows", in.dev.gpu_share_windows > 0 ? "apu_windows" : "nothing"},
                               {"windows_pct", fmt_num(std::round(in.dev.gpu_share_windows * 100))}});
    // mlx-lm warns that generation "can be slow" when the model's arrays pass 0.9 of Metal's recommended working set
    // (mlx_lm/generate.py wired_limit).
    if (s.engine == Engine::mlx && in.dev.vendor == Vendor::apple &&
        double(in.w.total()) > 0.9 * double(detail::apple_gpu_working_set_bytes(in.dev.mem_bytes)))
        warn("mlx_near_limit", {{"weights", gib(in.w.total())}, {"working_set", gib(detail::apple_gpu_working_set_bytes(in.dev.mem_bytes))}});
    if (in.dev.vendor == Vendor::cpu && (s.engine == Engine::vllm || s.engine == Engine::transformers))
        warn("cpu_engine", {{"engine", to_string(s.engine)}});
    const bool gguf_file = m.file && m.file->kind == "gguf";
    if (s.images && gguf_file && m.file->vision == 0) warn("gguf_no_vision", {{"file", m.file->file}});
    else if (s.images && !gguf_file && m.params_vision == 0 && !(m.file && m.file->vision > 0)) warn("no_vision_encoder", {{"model", m.name}});
    if (m.file && m.file->bytes_estimated)
        warn("repo_bytes_estimated_split", {{"repo", m.file->file}, {"total", fmt_num(std::round(double(m.file->tensor_bytes) / 1e7) / 100)}});
    if (m.encoder_only) warn("encoder_model", {{"model", m.name}});
    // A decoder trained as an embedding model (Qwen3-Embedding: Qwen3ForCausalLM, causal): its config.json is a chat
    // model's, only its name says what it is (docs/sizing.md). Sized as the decoder it is; the decode figures do not apply.
    else if (mentions_embedding(m.name) || mentions_embedding(m.family) || mentions_embedding(m.hf_repo))
        warn("embedding_decoder", {{"model", m.name}});
    if (!m.unknown.empty()) warn("unknown_architecture", {{"unknown", m.unknown}});
    if (m.n_layer_mtp > 0)
        warn(s.speculative == "mtp" ? "mtp_loaded" : "mtp_layers",
             {{"n_mtp", num_text(m.n_layer_mtp)}, {"params_b", fmt_num(std::round(double(m.params_mtp) / 1e8) / 10)}});
    if (s.speculative == "draft") {
        const Model& d = *catalog().find_model(s.draft_model);
        if (std::abs(d.n_vocab - m.n_vocab) > 128)
            warn("draft_vocab", {{"draft", d.name}, {"draft_vocab", num_text(d.n_vocab)}, {"vocab", num_text(m.n_vocab)}});
    }
    if (m.is_compressed())
        warn("compressed_attention", {{"n_sparse", num_text(m.n_layer_of('K'))}, {"n_layer", num_text(m.n_layer)},
                                      {"ratio_sparse", num_text(m.kv_ratio_sparse)}, {"topk", num_text(m.index_topk)},
                                      {"n_heavy", num_text(m.n_layer_of('H'))}, {"ratio_heavy", num_text(m.kv_ratio_heavy)},
                                      {"window", num_text(m.swa_window)}});
    else if (const int64_t cells = detail::swa_cells(m, s.engine, s.ctx, detail::llama_ubatch(s)); m.n_layer_swa > 0 && s.ctx > cells)
        warn("sliding_window", {{"n_swa", num_text(m.n_layer_swa)}, {"n_layer", num_text(m.n_layer)}, {"window", num_text(m.swa_window)},
                                {"cells", num_text(cells)}});
}

// The rule of thumb's warning sets it beside the detailed model's figures for the same scenario.
Warning rule_of_thumb_warning(const Report& r) {
    Scenario d = r.scenario;
    d.method = Method::detailed;
    const Report det = evaluate(d, Depth::sweep);
    const MemoryBreakdown& mem = r.memory;
    const double ratio = double(det.memory.total_bytes) / double(mem.total_bytes);
    return warning("rule_of_thumb", {{"weights", gb(mem.weights_bytes)},
                                     {"total", gb(mem.total_bytes)},
                                     {"detailed", gb(det.memory.total_bytes)},
                                     {"diff_pct", (ratio >= 1 ? "+" : "") + fmt_num(std::round((ratio - 1) * 1000) / 10)},
                                     {"detailed_weights", gb(det.memory.weights_bytes)},
                                     {"kv", gb(det.memory.kv_cache_bytes)},
                                     {"ctx", num_text(r.scenario.ctx)},
                                     {"runtime", gb(det.memory.activations_bytes + det.memory.overhead_bytes)}});
}

// ---- inverse answers ----------------------------------------------------------------------------------------

// An inference scenario with placement p, sized and placed: its decode speed when it fits, 0 when it does not
// (or the core refuses the input). Speed only when asked: fitting alone is what most inverse answers need.
double run_with(Scenario s, Placement p, bool with_speed) {
    s.placement = p;
    s.turns = 1;   // turns only shape the task's time, not what is held
    Report scratch;
    try {
        if (validate(s)) return 0;
        const Inputs in = resolve(s, scratch);
        const Placed placed = place_inference(in, size_inference(in));
        if (!placed.fits) return 0;
        if (!with_speed) return 1;
        Speed sp;
        std::vector<Warning> said;
        detail::estimate_speed(in.m, in.dev, in.s, in.kvf, in.w, placed, sp, said);
        return sp.decode_tokens_per_s;
    } catch (const InputError&) {
        return 0;
    }
}

}  // namespace

bool detail::fits_with(const Scenario& s, Placement p) { return run_with(s, p, false) > 0; }
double detail::decode_with(const Scenario& s, Placement p) { return run_with(s, p, true); }

namespace {

// The largest k in 1..k_max with fits(k), 0 when fits(1) fails. Fitting only gets harder as k grows (the KV
// cache and the state grow with ctx and batch; every placement's demand with them), so the answer is where a
// monotone test turns false, and any search finds the same k; each probe sizes and places the scenario again,
// so the search asks as few as it can. k_max itself first (a model's whole context often fits), then either a
// bisection of 1..k_max (log2 k_max probes: contexts that fit are a good share of the model's), or, from_below,
// doubling from 1 and bisecting the last step (2 log2 k probes: the batches that fit are tens, not the 65,536
// the range allows).
enum class Search { bisect, from_below };
template <class Fits>
int64_t largest_fitting(int64_t k_max, Search how, Fits fits) {
    if (k_max < 1 || !fits(1)) return 0;
    if (k_max == 1 || fits(k_max)) return k_max;
    int64_t lo = 1, hi = k_max;   // fits(lo), !fits(hi)
    if (how == Search::from_below)
        for (int64_t k = 2; k < hi; k *= 2) {
            if (!fits(k)) {
                hi = k;
                break;
            }
            lo = k;
        }
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        (fits(mid) ? lo : hi) = mid;
    }
    return lo;
}

// The fewest of the scenario's device (1..kMaxDevices) that hold it all on the devices and, when
// target_tokens_per_s is set, decode at least that fast; 0 when none. Fitting only gets easier with more devices
// (each holds a smaller share of the layers; its buffers and runtime stay), so a bisection finds the first that
// fits; speed need not rise with the count (a layer split adds hand-offs), so from there each count is tried.
int64_t fewest_devices(const Scenario& s, const Model& m, const Device& dev) {
    constexpr int64_t kMaxDevices = 64;
    if (dev.unified_memory) return detail::fits_with(s, s.placement == Placement::cpu ? Placement::cpu : Placement::gpu) ? 1 : 0;   // one Mac, one host
    auto fits = [&](int64_t n) {
        Scenario t = s;
        t.gpus = n;
        return detail::fits_with(t, Placement::gpu);
    };
    // The counts the engine takes (a serving engine: those that divide the attention heads). Memory per GPU falls as the
    // count grows, so the fewest that fits is a binary search over them.
    std::vector<int64_t> counts;
    for (int64_t n = 1; n <= kMaxDevices; ++n)
        if (detail::runs_on_gpus(s.engine, m, n)) counts.push_back(n);
    if (counts.empty()) return 0;
    size_t lo = 0, hi = counts.size() - 1;
    if (fits(counts[lo])) hi = lo;   // the fewest count already holds it (most scenarios): one probe
    else if (!fits(counts[hi])) return 0;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (fits(counts[mid])) hi = mid;
        else lo = mid + 1;
    }
    if (s.target_tokens_per_s <= 0) return counts[lo];
    for (size_t i = lo; i < counts.size(); ++i) {
        const int64_t n = counts[i];
        Scenario t = s;
        t.gpus = n;
        if (run_with(t, Placement::gpu, true) >= s.target_tokens_per_s) return n;
    }
    return 0;
}

}  // namespace

int64_t detail::max_ctx_with(const Scenario& s, int64_t model_max_ctx, Placement p) {
    constexpr int64_t kCtxStep = 256;
    const int64_t cap = std::max<int64_t>(model_max_ctx, kCtxStep) / kCtxStep;
    return kCtxStep * largest_fitting(cap, Search::bisect, [&](int64_t k) {
               Scenario t = s;
               t.ctx = k * kCtxStep;
               t.task_in_tokens = std::min(t.task_in_tokens, t.ctx);
               return fits_with(t, p);
           });
}

namespace {

// fit.max_ctx and fit.max_batch with the placement the report chose (auto when nothing fits: where anything does),
// and fit.min_gpus.
void inverse_answers(const Scenario& s, const Report& r, const Placed& placed, Fit& fit) {
    const Model& m = r.model;
    const Device& dev = r.device;
    const Placement p = placed.fits ? placed.placement : s.placement;
    fit.max_ctx = detail::max_ctx_with(s, m.max_ctx, p);
    fit.max_batch = largest_fitting(65536, Search::from_below, [&](int64_t b) {
        Scenario t = s;
        t.batch = b;
        return detail::fits_with(t, p);
    });
    if (fit.max_batch > 0) {
        Scenario t = s;
        t.batch = fit.max_batch;
        fit.max_batch_tokens_per_s = double(fit.max_batch) * detail::decode_with(t, p);
    }
    fit.min_gpus = dev.vendor == Vendor::cpu || !r.devices.empty() ? 0 : fewest_devices(s, r.model, dev);
    fit.has_inverse = true;
}

}  // namespace

std::vector<const Device*> detail::machine_devices(const Report& r) {
    std::vector<const Device*> out(r.devices.empty() ? size_t(std::max<int64_t>(r.scenario.gpus, 1)) : 0, &r.device);
    for (const Device& d : r.devices) out.push_back(&d);
    return out;
}

namespace {
Report assemble(const Scenario& s, Depth depth) {
    if (auto e = validate(s)) throw *e;
    Report r;
    r.warnings.reserve(8);   // a report says a few things (a sweep's: ~4): one allocation, not one per doubling
    const Inputs in = resolve(s, r);
    if (s.method == Method::rule_of_thumb) {
        r.memory = size_rule_of_thumb(in);
        record(r, place_rule_of_thumb(in, r.memory));
        r.warnings.push_back(rule_of_thumb_warning(r));
        common_warnings(in, r);
        return r;
    }
    if (s.mode != Mode::inference) {
        r.memory = size_training(in, r.params_total);
        record(r, place_training(in, r.memory));
        common_warnings(in, r);
        return r;
    }
    r.memory = size_inference(in);
    const Placed placed = place_inference(in, r.memory);
    record(r, placed);
    if (depth == Depth::full) inverse_answers(s, r, placed, r.fit);
    // A setup that does not fit does not run: no speed, no cost (docs/speed.md).
    r.has_speed = placed.fits;
    if (r.has_speed) {
        detail::estimate_speed(in.m, in.dev, in.s, in.kvf, in.w, placed, r.speed, r.warnings);
        // The same placement with the whole context in the cache: the figure a long chat ends at.
        Speed full;
        std::vector<Warning> said;   // the warnings above already say it
        detail::estimate_speed(in.m, in.dev, detail::full_context_task(in.s, in.s.ctx), in.kvf, in.w, placed, full, said);
        r.speed.decode_tokens_per_s_at_full_ctx = full.decode_tokens_per_s;
    }
    r.has_cost = detail::estimate_cost(in.s, r, r.has_speed ? task_seconds(r, in, placed) : 0, r.cost, r.warnings);
    if (placed.fits && depth == Depth::full) {
        // The layers each device holds, as split() assigned them: the command's --tensor-split.
        std::vector<int> shares(placed.used.size(), 0);
        for (const int d : placed.layer_device)
            if (d >= 0) ++shares[size_t(d)];
        r.launch = detail::launch_commands(r, shares);
        r.has_launch = true;
    }
    if (s.claim_tokens_per_s > 0 || s.claim_fits) {
        // A claim above what plain decoding allows, for a model with MTP layers: the same placement with them drafting.
        std::optional<Speed> with_mtp;
        if (r.has_speed && s.speculative == "none" && in.m.n_layer_mtp > 0 && s.claim_tokens_per_s > r.speed.bound_tokens_per_s) {
            Scenario sm = in.s;
            sm.speculative = "mtp";
            std::vector<Warning> said;
            detail::estimate_speed(in.m, in.dev, sm, in.kvf, in.w, placed, with_mtp.emplace(), said);
        }
        r.verdict = detail::judge_claim(r, with_mtp ? &*with_mtp : nullptr);
        r.has_verdict = true;
    }
    common_warnings(in, r);
    return r;
}

// Each coded sentence's English text, from its template and parameters (messages.cpp).
void render_sentences(Report& r) {
    for (Warning& w : r.warnings) w.message = render_message(w.code, w.params);
    if (r.has_verdict && !r.verdict.code.empty()) r.verdict.message = render_message(r.verdict.code, r.verdict.params);
    if (r.has_launch) {
        if (!r.launch.note_code.empty()) r.launch.note = render_message(r.launch.note_code, r.launch.note_params);
        for (LaunchAlt& a : r.launch.others)
            if (!a.note_code.empty()) a.note = render_message(a.note_code, a.note_params);
    }
}
}  // namespace

Report evaluate(const Scenario& s, Depth depth) {
    Report r = assemble(s, depth);
    if (depth == Depth::full) render_sentences(r);
    return r;
}

}  // namespace headroom
