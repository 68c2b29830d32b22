// Scenario -> Report. Every constant below is an assumption with its source in docs/sizing.md.
#include <algorithm>
#include <cmath>

#include "internal.hpp"

namespace headroom {
namespace {

using detail::fail;
using detail::fmt_num;
using detail::gb;

constexpr int64_t MiB = int64_t(1) << 20;

// Runtime overheads outside the engine's own buffers (docs/sizing.md, "Runtime overhead").
constexpr int64_t kCudaContextNative = 300 * MiB;   // llama.cpp / generic: CUDA or ROCm context, cuBLAS workspace
constexpr int64_t kCudaContextTorch = 500 * MiB;    // PyTorch engines: context + allocator reserve
constexpr int64_t kVllmGraphs = 512 * MiB;          // vLLM CUDA graphs and non-torch allocations
constexpr double kVllmGpuMemUtil = 0.90;            // vLLM --gpu-memory-utilization default
constexpr int64_t kVllmMaxBatchedTokens = 8192;     // vLLM V1 max_num_batched_tokens (profiling run)
constexpr int64_t kVllmMaxSeqs = 256;               // vLLM max_num_seqs default (sampler profiling)
constexpr int64_t kLlamaUbatch = 512;               // llama.cpp -ub default
constexpr double kHostUsable = 0.90;                // share of host RAM a process can pin/allocate
constexpr int kStreamSlots = 2;                     // layer slots of the streaming ring
constexpr double kRuleOfThumbFactor = 1.3;          // the seeds' params x bytes x 1.3

const Model& resolve_model(const Scenario& s) {
    if (s.custom_model) return *s.custom_model;
    return *catalog().find_model(s.model);
}
const Device& resolve_device(const Scenario& s) {
    if (s.custom_device) return *s.custom_device;
    return *catalog().find_device(s.gpu);
}

bool is_pytorch(Engine e) { return e == Engine::vllm || e == Engine::transformers; }

int64_t device_capacity(const Device& d) {
    return d.vendor == Vendor::apple ? detail::apple_gpu_working_set_bytes(d.mem_bytes) : d.mem_bytes;
}

// Largest MLP width live for one token: dense n_ff, or the routed experts it visits plus shared ones.
int64_t ff_live(const Model& m) {
    int64_t f = m.n_layer_dense_lead > 0 || !m.is_moe() ? m.n_ff : 0;
    if (m.is_moe()) f = std::max<int64_t>(f, int64_t(m.n_expert_used) * m.n_ff_expert + m.n_ff_shared);
    return f;
}

// Inference activations / compute buffers per engine (docs/sizing.md, "Activations").
int64_t inference_activations(const Model& m, const Scenario& s) {
    const int64_t d = m.n_embd, V = m.n_vocab, ff = ff_live(m);
    switch (s.engine) {
        case Engine::vllm: {
            // The profiling run: max_num_batched_tokens through one layer at a time (bf16), then the sampler on fp32 logits.
            const int64_t tok = kVllmMaxBatchedTokens;
            return 2 * tok * (2 * ff + 4 * d) + 4 * std::min(kVllmMaxSeqs, std::max<int64_t>(s.batch, 1)) * V;
        }
        case Engine::transformers: {
            // generate(): the whole prompt in one forward pass (bf16 hidden states, SDPA attention), fp32 logits of the last token.
            const double tok = double(s.ctx) * double(s.batch);
            return detail::checked_bytes(2 * tok * double(2 * ff + 4 * d) + 4.0 * double(s.batch) * double(V), "the activations");
        }
        case Engine::llama_cpp:
        case Engine::generic: {
            // ggml's compute buffer for one micro-batch of n_ubatch tokens with flash attention: the larger of the
            // fp32 logits and the fp32 FFN intermediates; ggml-alloc reuses everything else.
            const int64_t tok = std::min(kLlamaUbatch, s.ctx * s.batch);
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

struct Ctx {
    const Scenario& s;
    const Model& m;
    const Device& dev;
    const WeightFormat& wf;
    const KvFormat& kvf;
    Report& r;
    void warn(std::string code, std::string msg) { r.warnings.push_back({std::move(code), std::move(msg)}); }
};

// Per-device demand for a layer split over `n_dev` devices with `gpu_layers` of the model's layers on GPU
// (the rest in host RAM). Returns the largest device demand; fills per-device and host figures when asked.
struct SplitResult {
    std::vector<int64_t> used;
    int64_t host_bytes = 0;
};

// With `n_cpu_moe` > 0, the routed experts of the first n_cpu_moe layers stay in host RAM (llama.cpp --n-cpu-moe).
SplitResult layer_split(const Ctx& c, const detail::WeightBytes& w, int64_t kv_total, int64_t act, int64_t ovh,
                        int n_dev, int gpu_layers, bool output_on_gpu, bool embd_on_gpu, int n_cpu_moe = 0) {
    SplitResult res;
    res.used.assign(static_cast<size_t>(n_dev), act + ovh);
    const int L = c.m.n_layer;
    // llama.cpp offloads the *last* gpu_layers layers; devices take contiguous, equal shares of them.
    const int first_gpu = L - gpu_layers;
    const double kv_per_layer = double(kv_total) / L;
    for (int il = 0; il < L; ++il) {
        const int64_t kv = static_cast<int64_t>(kv_per_layer);
        if (il < first_gpu) {
            res.host_bytes += w.layer[il] + kv;
            continue;
        }
        const int dv = std::min(n_dev - 1, int(int64_t(il - first_gpu) * n_dev / std::max(gpu_layers, 1)));
        const int64_t experts_host = il < n_cpu_moe ? w.layer_experts[il] : 0;
        res.used[dv] += w.layer[il] - experts_host + kv;
        res.host_bytes += experts_host;
    }
    if (output_on_gpu) res.used.back() += w.output;
    else res.host_bytes += w.output;
    if (embd_on_gpu) res.used.front() += w.token_embd;
    else res.host_bytes += w.token_embd;
    return res;
}

void fill_devices(Ctx& c, const std::vector<int64_t>& used, int64_t capacity) {
    c.r.memory.per_device.clear();
    c.r.memory.capacity_bytes = capacity * int64_t(used.size());
    int64_t worst = INT64_MAX;
    for (size_t i = 0; i < used.size(); ++i) {
        const std::string name = used.size() == 1 ? c.dev.id : c.dev.id + "#" + std::to_string(i);
        c.r.memory.per_device.push_back({name, used[i], capacity});
        worst = std::min(worst, capacity - used[i]);
    }
    c.r.fit.headroom_bytes = worst;
    c.r.fit.fits = worst >= 0;
}

void evaluate_rule_of_thumb(Ctx& c) {
    MemoryBreakdown& mem = c.r.memory;
    const double nominal = c.s.custom_model && c.s.custom_model_origin == "params_b" ? c.s.params_b : c.m.params_b_nominal;
    mem.weights_bytes = static_cast<int64_t>(std::llround(nominal * 1e9 * c.wf.nominal_bits / 8.0));
    mem.overhead_bytes = static_cast<int64_t>(std::llround(double(mem.weights_bytes) * (kRuleOfThumbFactor - 1.0)));
    mem.total_bytes = mem.weights_bytes + mem.overhead_bytes;
    const int n = static_cast<int>(c.s.gpus);
    int64_t cap = device_capacity(c.dev);
    if (c.s.engine == Engine::vllm) cap = static_cast<int64_t>(double(cap) * kVllmGpuMemUtil);
    fill_devices(c, std::vector<int64_t>(size_t(n), (mem.total_bytes + n - 1) / n), cap);
    c.r.fit.placement = Placement::gpu;
    c.r.fit.gpu_layers = c.r.fit.total_layers = c.m.n_layer;
}

// Training memory (docs/sizing.md, "Fine-tuning"): mixed-precision Adam, activations after Korthikanti et al. 2022.
void evaluate_training(Ctx& c, const detail::WeightBytes& w) {
    const Model& m = c.m;
    MemoryBreakdown& mem = c.r.memory;
    const int64_t P = c.r.params_total;
    const int64_t d = m.n_embd, s = c.s.ctx, b = c.s.batch;
    // Trainable parameters.
    int64_t trainable = P;
    if (c.s.mode != Mode::full) {
        // LoRA on every attention projection and dense/shared MLP matrix: r x (in + out) each.
        const int64_t r = c.s.lora_rank;
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
    const int64_t n_dev = c.s.gpus;   // weights, gradients and optimizer states sharded (ZeRO-3 / FSDP) when > 1
    if (c.s.mode == Mode::full) {
        mem.weights_bytes = 2 * P;            // bf16 weights
        mem.gradients_bytes = 2 * P;          // bf16 gradients
        mem.optimizer_bytes = 12 * P;         // fp32 master weights + Adam m and v (ZeRO paper: 16 bytes/param in all)
    } else {
        mem.weights_bytes = w.total() + 2 * trainable;   // frozen base in its format + bf16 adapters
        mem.gradients_bytes = 4 * trainable;             // fp32 adapter gradients
        mem.optimizer_bytes = 12 * trainable;            // fp32 master adapters + Adam m, v
    }
    // Activations kept for backward, per layer, bf16: norm inputs, q/k/v, attention output (flash attention: no
    // s x s scores), MLP input, gate/up/activation outputs. Gradient checkpointing keeps only each layer's input
    // and recomputes one layer at a time.
    const int64_t q = m.is_mla() ? int64_t(m.n_head) * (m.qk_nope_head_dim + m.qk_rope_head_dim)
                                 : int64_t(m.n_head) * m.head_dim;
    const int64_t kv = m.is_mla() ? m.kv_lora_rank + m.qk_rope_head_dim : 2 * int64_t(m.n_head_kv) * m.head_dim;
    const int64_t per_token_layer = 2 * (4 * d + q + kv + q + 3 * ff_live(m));
    const int64_t full_layers = c.s.grad_checkpointing ? 1 : m.n_layer;
    const int64_t ckpt = c.s.grad_checkpointing ? 2 * d * int64_t(m.n_layer) : 0;
    const int64_t logits = 6 * int64_t(m.n_vocab);   // bf16 logits + fp32 copy for the loss
    mem.activations_bytes = detail::checked_bytes(double(s) * double(b) * (double(per_token_layer) * double(full_layers) + double(ckpt + logits)),
                                                  "the activations");
    mem.overhead_bytes = runtime_overhead(c.s, c.dev);
    const int64_t sharded = mem.weights_bytes + mem.gradients_bytes + mem.optimizer_bytes;
    mem.total_bytes = sharded + mem.activations_bytes + mem.overhead_bytes;
    const int64_t per_dev = (sharded + n_dev - 1) / n_dev + mem.activations_bytes + mem.overhead_bytes;
    fill_devices(c, std::vector<int64_t>(size_t(n_dev), per_dev), device_capacity(c.dev));
    c.r.fit.placement = Placement::gpu;
    c.r.fit.gpu_layers = c.r.fit.total_layers = m.n_layer;
    if (n_dev > 1)
        c.warn("sharded_training", "With " + std::to_string(n_dev) +
                                       " devices, weights, gradients and optimizer states are sharded (ZeRO-3 / FSDP); "
                                       "activations are per device for a micro-batch of " + std::to_string(b) + ".");
}

void evaluate_inference(Ctx& c, const detail::WeightBytes& w) {
    const Model& m = c.m;
    const Scenario& s = c.s;
    MemoryBreakdown& mem = c.r.memory;
    mem.weights_bytes = w.total();
    mem.kv_cache_bytes = detail::kv_cache_bytes(m, c.kvf, s.engine, s.ctx, s.batch);
    mem.activations_bytes = inference_activations(m, s);
    mem.overhead_bytes = runtime_overhead(s, c.dev);
    mem.total_bytes = mem.weights_bytes + mem.kv_cache_bytes + mem.activations_bytes + mem.overhead_bytes;

    const int n_dev = static_cast<int>(s.gpus);
    int64_t cap = device_capacity(c.dev);
    if (s.engine == Engine::vllm) cap = static_cast<int64_t>(double(cap) * kVllmGpuMemUtil);
    const bool embd_on_gpu = s.engine != Engine::llama_cpp;   // llama.cpp keeps the input embedding on the CPU
    c.r.fit.total_layers = m.n_layer;

    auto all_gpu = [&]() -> std::vector<int64_t> {
        if (s.engine == Engine::vllm && n_dev > 1) {
            // Tensor parallel: weights split n ways; KV heads split (replicated when fewer heads than ranks;
            // the MLA latent is replicated on every rank).
            const int64_t kv_shares = m.is_mla() ? 1 : std::min<int64_t>(n_dev, m.n_head_kv);
            const int64_t kv = (mem.kv_cache_bytes + kv_shares - 1) / kv_shares;
            const int64_t per = (mem.weights_bytes + n_dev - 1) / n_dev + kv + (mem.activations_bytes + n_dev - 1) / n_dev +
                                mem.overhead_bytes;
            return std::vector<int64_t>(size_t(n_dev), per);
        }
        auto sr = layer_split(c, w, mem.kv_cache_bytes, mem.activations_bytes, mem.overhead_bytes, n_dev, m.n_layer, true,
                              embd_on_gpu);
        mem.host_bytes = sr.host_bytes;
        return sr.used;
    };

    auto try_gpu = [&]() {
        mem.host_bytes = 0;
        fill_devices(c, all_gpu(), cap);
        c.r.fit.placement = Placement::gpu;
        c.r.fit.gpu_layers = m.n_layer;
    };

    const int64_t host_cap = static_cast<int64_t>(s.host.ram_gb * 1e9 * kHostUsable);
    auto worst = [](const SplitResult& sr) { return *std::max_element(sr.used.begin(), sr.used.end()); };
    // A split's demand on the devices, its host share in host RAM (which must hold it): false when it does not.
    auto place = [&](const SplitResult& sr, Placement p) -> bool {
        mem.host_bytes = sr.host_bytes;
        fill_devices(c, sr.used, cap);
        c.r.fit.placement = p;
        if (sr.host_bytes <= host_cap) return true;
        c.r.fit.fits = false;
        c.r.fit.headroom_bytes = std::min(c.r.fit.headroom_bytes, host_cap - sr.host_bytes);
        return false;
    };

    // Partial offload: the most layers that fit on the GPU(s); the rest (and their KV) in host RAM.
    auto try_offload = [&](bool need_gpu_layer) -> bool {
        auto demand = [&](int k) {
            return layer_split(c, w, mem.kv_cache_bytes, mem.activations_bytes, mem.overhead_bytes, n_dev, k, false,
                               false);
        };
        int lo = 0, hi = m.n_layer;   // largest k with worst(demand(k)) <= cap
        if (s.gpu_layers) lo = int(std::min<int64_t>(*s.gpu_layers, m.n_layer));   // as given (-ngl)
        else if (worst(demand(0)) > cap) lo = -1;
        else
            while (lo < hi) {
                const int mid = (lo + hi + 1) / 2;
                if (worst(demand(mid)) <= cap) lo = mid;
                else hi = mid - 1;
            }
        const int k = std::max(lo, 0);
        const bool host_ok = place(demand(k), Placement::offload);
        c.r.fit.gpu_layers = k;
        return lo >= (need_gpu_layer ? 1 : 0) && host_ok;
    };

    // Expert offload (llama.cpp -ngl 99 --n-cpu-moe N): every layer on the GPU(s) but the routed experts of the
    // first N layers, which stay in host RAM and run on the CPU. N: as given, else the fewest that fit.
    auto try_cpu_moe = [&]() -> bool {
        auto demand = [&](int n) {
            return layer_split(c, w, mem.kv_cache_bytes, mem.activations_bytes, mem.overhead_bytes, n_dev, m.n_layer, true,
                               embd_on_gpu, n);
        };
        int lo = 0, hi = m.n_layer;   // smallest n with worst(demand(n)) <= cap (demand falls as n grows)
        if (s.n_cpu_moe) lo = hi = int(std::min<int64_t>(*s.n_cpu_moe, m.n_layer));
        else
            while (lo < hi) {
                const int mid = (lo + hi) / 2;
                if (worst(demand(mid)) <= cap) hi = mid;
                else lo = mid + 1;
            }
        place(demand(lo), Placement::cpu_moe);
        c.r.fit.gpu_layers = m.n_layer;
        c.r.fit.n_cpu_moe = lo;
        return c.r.fit.fits;
    };

    // Layer streaming: weights live in host RAM (or on disk when RAM is too small) and cross PCIe each token
    // through a ring of layer slots; the KV cache, compute buffer and the ring stay on the first GPU.
    auto try_stream = [&]() -> bool {
        const int64_t unit = std::max(*std::max_element(w.layer.begin(), w.layer.end()), w.output);
        const int64_t fixed = mem.kv_cache_bytes + mem.activations_bytes + mem.overhead_bytes;
        // Double-buffer when two slots fit (copy of layer i+1 overlaps compute of layer i); else one slot, serial.
        const int slots = kStreamSlots * unit + fixed <= cap ? kStreamSlots : 1;
        const int64_t need = slots * unit + fixed;
        const bool in_ram = mem.weights_bytes <= host_cap;
        mem.host_bytes = in_ram ? mem.weights_bytes : 0;
        fill_devices(c, {need}, cap);
        c.r.fit.placement = Placement::stream;
        c.r.fit.gpu_layers = 0;
        if (!in_ram)
            c.warn("stream_from_disk", "The weights (" + gb(mem.weights_bytes) + ") exceed usable host RAM (" + gb(host_cap) +
                                           "): every token reads them from disk.");
        c.warn("stream_pcie", "Layer streaming moves all " + gb(mem.weights_bytes) + " of weights over PCIe for every token.");
        if (slots == 1)
            c.warn("stream_single_slot", "No room for two layer slots (" + gb(unit) + " each): copies and compute take turns.");
        return c.r.fit.fits;
    };

    const bool discrete = !c.dev.unified_memory;
    switch (s.placement) {
        case Placement::gpu: try_gpu(); break;
        case Placement::offload: try_offload(false); break;
        case Placement::stream: try_stream(); break;
        case Placement::cpu_moe: try_cpu_moe(); break;
        case Placement::auto_: {
            if (s.n_cpu_moe) {   // --n-cpu-moe given: that placement, as llama.cpp would run it
                try_cpu_moe();
                break;
            }
            try_gpu();
            if (c.r.fit.fits || !discrete) break;
            const auto gpu_report = c.r;
            // For a mixture of experts, moving experts off the GPU costs less per token than moving whole layers:
            // a token reads only n_expert_used of n_expert of what moved (docs/sizing.md, "Placements").
            if (m.is_moe() && detail::expert_offload_engine(s.engine) && try_cpu_moe()) {
                c.warn("auto_cpu_moe", "Does not fit on the GPU" + std::string(n_dev > 1 ? "s" : "") + " (" +
                                           gb(-gpu_report.fit.headroom_bytes) + " short); the routed experts of " +
                                           std::to_string(c.r.fit.n_cpu_moe) + " of " + std::to_string(m.n_layer) +
                                           " layers in host RAM (llama.cpp --n-cpu-moe " +
                                           std::to_string(c.r.fit.n_cpu_moe) + "), everything else on the GPU.");
                break;
            }
            c.r = gpu_report;
            if (try_offload(true)) {
                c.warn("auto_offload", "Does not fit on the GPU" + std::string(n_dev > 1 ? "s" : "") + " (" +
                                           gb(-gpu_report.fit.headroom_bytes) + " short); " +
                                           std::to_string(c.r.fit.gpu_layers) + " of " + std::to_string(m.n_layer) +
                                           " layers on GPU, the rest in host RAM.");
                break;
            }
            if (try_stream()) {
                c.warn("auto_stream", "Does not fit on the GPU, nor with a GPU layer offloaded: streaming layers instead.");
                break;
            }
            c.r = gpu_report;   // nothing fits: report the all-GPU demand (and its warnings only)
            break;
        }
    }
    if (s.engine == Engine::vllm)
        c.warn("vllm_preallocates", "vLLM reserves " + fmt_num(kVllmGpuMemUtil * 100) + "% of each GPU (" +
                                         gb(cap) + ") at start and fills what is left after weights with its KV-cache pool.");
}

void common_warnings(Ctx& c) {
    const Scenario& s = c.s;
    const Model& m = c.m;
    if (s.ctx > m.max_ctx)
        c.warn("ctx_beyond_model", "Context " + std::to_string(s.ctx) + " exceeds " + m.name + "'s maximum of " +
                                       std::to_string(m.max_ctx) + " tokens.");
    const bool gguf = c.wf.kind == FormatKind::gguf;
    if (s.engine == Engine::llama_cpp && c.wf.kind == FormatKind::grouped)
        c.warn("format_engine", "llama.cpp runs GGUF files; " + c.wf.id + " is sized as its own layout.");
    if ((s.engine == Engine::vllm || s.engine == Engine::transformers) && gguf)
        c.warn("format_engine", std::string(to_string(s.engine)) + " loads GGUF only experimentally; sized as the GGUF layout.");
    if (m.is_mla() && s.engine == Engine::transformers)
        c.warn("mla_expanded", "transformers caches MLA keys and values expanded per head, " +
                                   std::to_string(detail::kv_elements_per_token_layer(m, Engine::transformers) /
                                                  detail::kv_elements_per_token_layer(m, Engine::vllm)) +
                                   "x the latent cache of vLLM or llama.cpp.");
    if (c.dev.vendor == Vendor::apple)
        c.warn("apple_working_set", "macOS lets the GPU use about " + gb(device_capacity(c.dev)) + " of " +
                                        gb(c.dev.mem_bytes) + " unified memory; `sudo sysctl iogpu.wired_limit_mb=N` raises it.");
    if (m.n_layer_swa > 0 && s.ctx > m.swa_window)
        c.warn("sliding_window", std::to_string(m.n_layer_swa) + " of " + std::to_string(m.n_layer) +
                                     " layers use a " + std::to_string(m.swa_window) +
                                     "-token sliding window: their KV cache stops growing there.");
}

// A task's wall time: per turn, the new prompt's prefill and the answer's decode at that turn's context
// (each turn keeps the conversation so far in the KV cache, as llama.cpp and vLLM's prefix cache do).
double task_seconds(const Report& r, const KvFormat& kvf, const detail::WeightBytes& w) {
    const Scenario& s = r.scenario;
    double total = 0;
    for (int64_t t = 0; t < s.turns; ++t) {
        Scenario st = s;
        st.task_in_tokens = t * (s.task_in_tokens + s.task_out_tokens) + s.task_in_tokens;
        Speed sp;
        std::vector<Warning> ignored;
        if (t == 0) sp = r.speed;
        else detail::estimate_speed(r.model, r.device, st, kvf, w, r, sp, ignored);
        const double prefill = sp.prefill_tokens_per_s > 0 ? double(s.task_in_tokens) / sp.prefill_tokens_per_s : 0;
        total += prefill + double(s.task_out_tokens) / sp.decode_tokens_per_s;
    }
    return total;
}

}  // namespace

Report evaluate(const Scenario& s) {
    if (auto e = validate(s)) throw *e;
    const Catalog& cat = catalog();
    Report r;
    r.scenario = s;
    r.scenario.quant = detail::lower(s.quant);
    r.scenario.kv_quant = detail::lower(s.kv_quant);
    r.scenario.task_out_tokens = detail::task_out_tokens(s);
    r.model = resolve_model(s);
    r.device = resolve_device(s);
    const WeightFormat* wf = cat.find_weight_format(r.scenario.quant);
    if (s.mode == Mode::qlora && wf->id != "nf4" && wf->id != "nf4-dq") {
        r.warnings.push_back({"qlora_format", "QLoRA quantizes the frozen base to NF4 with double quantization; " + wf->id + " replaced by nf4-dq."});
        r.scenario.quant = "nf4-dq";
        wf = cat.find_weight_format("nf4-dq");
    }
    if (s.mode == Mode::full && wf->kind != FormatKind::float_)
        r.warnings.push_back({"full_bf16", "Full fine-tuning trains bf16 weights with fp32 Adam states; --quant " + wf->id + " does not apply."});
    r.config_price_usd = r.device.price_usd * double(s.gpus);
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
    Ctx c{r.scenario, r.model, r.device, *wf, *cat.find_kv_format(r.scenario.kv_quant), r};
    if (s.method == Method::rule_of_thumb) {
        evaluate_rule_of_thumb(c);
        Scenario d = r.scenario;
        d.method = Method::detailed;
        const Report det = evaluate(d);
        const double ratio = double(det.memory.total_bytes) / double(r.memory.total_bytes);
        c.warn("rule_of_thumb", "Rule of thumb: " + gb(r.memory.weights_bytes) + " of weights x 1.3 = " + gb(r.memory.total_bytes) +
                                    ". The detailed model gives " + gb(det.memory.total_bytes) + " (" +
                                    (ratio >= 1 ? "+" : "") + fmt_num(std::round((ratio - 1) * 1000) / 10) +
                                    "%): weights " + gb(det.memory.weights_bytes) + ", KV cache " + gb(det.memory.kv_cache_bytes) +
                                    " at " + std::to_string(s.ctx) + " tokens, buffers and runtime " +
                                    gb(det.memory.activations_bytes + det.memory.overhead_bytes) + ".");
        common_warnings(c);
        return r;
    }
    const detail::WeightBytes w = memo.w;   // a copy: evaluate may be re-entered (rule of thumb, presets)
    if (s.mode == Mode::inference) {
        evaluate_inference(c, w);
        // A setup that does not fit does not run: no speed, no cost (docs/speed.md).
        r.has_speed = r.fit.fits;
        if (r.has_speed) detail::estimate_speed(r.model, r.device, r.scenario, c.kvf, w, r, r.speed, r.warnings);
        if (s.claim_tokens_per_s > 0 || s.claim_fits) {
            r.verdict = detail::judge_claim(r);
            r.has_verdict = true;
        }
        r.has_cost = detail::estimate_cost(r.scenario, r, task_seconds(r, c.kvf, w), r.cost, r.warnings);
    } else {
        evaluate_training(c, w);
    }
    common_warnings(c);
    return r;
}

}  // namespace headroom
