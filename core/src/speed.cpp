// Decode and prefill speed: bytes and FLOPs per token over the tier that bounds them, with efficiencies
// fitted to published measurements (bench/fit_speed.py, tests/data/speed_measurements.json).
// Formulas and sources: docs/speed.md.
#include <algorithm>
#include <cmath>

#include "engine_defaults.hpp"
#include "internal.hpp"

namespace headroom::detail {
namespace {

// Fitted constants per engine family and backend. A row names its provenance; `validated` rows were
// fitted and checked against measurements, the others are stated assumptions (docs/speed.md).
struct Calibration {
    const char* name;
    double bw_eff;        // share of peak memory bandwidth reached by decode kernels
    double layer_us;      // fixed cost per layer per decode step (kernel launches, sync), microseconds
    double prefill_util;  // share of peak dense FLOPs reached by prefill GEMMs
    bool validated;
    double step_us = 0;           // fixed cost per decode step (scheduler, sampler), microseconds
    const char* evidence = "basis_assumed";   // when not validated: on what it rests, a fragment of speed_unvalidated (messages.cpp)
    // MoE prefill: work wasted per expert GEMM in one micro-batch, in tokens of that expert's FLOPs: llama.cpp's
    // mul_mat_id computes each expert's tokens in tiles of a fixed width, and the last tile of every expert is partly empty
    double expert_pad = 0;
    // MoE decode: fixed cost per MoE layer per step beyond layer_us (router, top-k, gathered expert matmuls), microseconds
    double moe_layer_us = 0;
    // Prefill attention over the cache (flash attention) at a share of prefill_util: 1 = as fast as the GEMMs
    double attn_eff = 1.0;
    // That attention runs on the vector ALUs, so its rate follows the FP32 peak, not the matrix peak the GEMMs reach:
    // llama.cpp's flash attention on ROCm and Vulkan (RDNA 4's matrix rate is 4x its FP32 rate, RDNA 3's and
    // Strix Halo's 2x, MI300X's 8x); CUDA's and Metal's use the matrix units (mma, simdgroup matrices).
    bool attn_fp32 = false;
};

// clang-format off
// Fitted on every row of tests/data/speed_measurements.json by `headroom-accuracy --fit` (bench/validation.cpp:
// decode by grid search on the median error, prefill and the cost per expert GEMM by medians); rows counted there.
constexpr Calibration kLlamaCuda  {"llama.cpp/cuda",  0.84, 62.5, 0.349, true, 0.0, "basis_assumed", 175.4, 11.9, 1.0};    // 46 decode, 38 prefill, 64 MoE prefill, 27 MoE decode rows
constexpr Calibration kLlamaMetal {"llama.cpp/metal", 0.90, 148.0, 0.726, true, 0.0, "basis_assumed", 33.7, 67.0, 1.0};   // 51 decode, 42 prefill, 39 MoE prefill, 13 MoE decode rows
// NVIDIA HBM parts (V100, A100, H100, H200, B200): llama.cpp's kernels reach a smaller share of HBM bandwidth and
// of Hopper's tensor rate than on GDDR cards (H100 PCIe: +23..+55% decode, +112..+286% prefill with the row above).
// Fitted on 11 decode and 13 prefill rows, most of one GPU (H100 PCIe, XiongjieDai, 2023-2024 builds) and 8 x A100
// PCIe (llama.cpp PR #6017), and 4 MoE prefill rows (one GPU): not yet validated.
constexpr Calibration kLlamaCudaHbm {"llama.cpp/cuda-hbm", 0.68, 97.0, 0.252, false, 0.0,
                                     "basis_one_gpu", 85.5, 0.0, 1.0};
// AMD GPUs and APUs (Radeon, Instinct, Ryzen AI Max) with ROCm, and llama.cpp's Vulkan backend (--backend vulkan, on
// any GPU but Apple's; its rows are almost all AMD): fitted like the rows above.
constexpr Calibration kLlamaRocm  {"llama.cpp/rocm",  0.73, 40.5, 0.290, false, 0.0, "basis_amd", 74.9, 160.4, 0.79, true};
constexpr Calibration kLlamaVulkan {"llama.cpp/vulkan", 0.86, 64.5, 0.194, false, 0.0, "basis_vulkan", 38.9, 88.5, 0.48, true};
constexpr Calibration kLlamaOther {"llama.cpp/other", 0.650, 10.0, 0.30, false};
// vLLM: bw_eff, prefill_util and the CUDA layer_us assumed; step_us fitted on 2 CUDA rows, the ROCm layer_us
// (RCCL all-reduce latency, kernels) on 2 MI300X TP8 rows of one configuration (bench/fit_speed.py).
constexpr Calibration kVllm       {"vllm/cuda",       0.800, 3.0, 0.60, false, 1525.0,
                                   "basis_vllm_cuda"};
constexpr Calibration kVllmRocm   {"vllm/rocm",       0.800, 46.0, 0.60, false, 1525.0,
                                   "basis_vllm_rocm"};
constexpr Calibration kHf         {"transformers",    0.550, 60.0, 0.45, false, 0.0, "basis_hf"};
// transformers runs a model eagerly: Python launches each layer's kernels one after another, and the GPU waits for it
// whenever its own work is shorter, so a decode step takes at least n_layer x kHfDispatchUs (the host's time, which
// overlaps the GPU's). bitsandbytes' kernels add their own time a layer: LLM.int8() quantizes the activations and
// multiplies the outlier columns in fp16 at every call (arXiv:2208.07339), the 4-bit ones dequantize each block.
// Fitted on premAI-io/benchmarks' A100 80GB rows (transformers 4.39.3, torch 2.2.2, bitsandbytes 0.43.1; Mistral 7B and
// Llama 2 7B, 512 tokens at batch 1): f32 (twice f16's bytes) decodes as fast as f16 (39.6 / 37.1, 36.7 / 34.2
// tokens/s): the f16 step is the host's, 843 and 914 us a layer (median 880); int8 takes 6,152 and 4,522 us a layer
// (less the dispatch: median 4,460), nf4 with double quantization 1,596 and 1,752 (median 795). One source, one machine:
// those rows have no out-of-sample prediction (bench/validation.cpp), and the constants are not validated.
constexpr double kHfDispatchUs = 880;
constexpr double kHfBnbInt8LayerUs = 4460;
constexpr double kHfBnb4bitLayerUs = 795;
// Host tier (offload's CPU layers, cpu-moe's experts), fitted by bench/fit_speed.py on one machine only
// (RTX 2080 + i9-10900X, 102 GB/s stated): 5 layer-offload rows, then 1 cpu-moe row (docs/speed.md).
constexpr double kHostBwEff = 0.52;       // share of the host's stated RAM bandwidth that llama.cpp's CPU matmuls reach
constexpr double kHostLayerUs = 25.0;     // CPU layers: per-layer overhead (thread sync), microseconds (assumed)
constexpr double kCpuMoeLayerUs = 140.0;  // cpu-moe: per layer whose experts run on the CPU (graph split, GPU->CPU->GPU)
// No GPU (placement cpu, or a CPU host from the catalog): llama.cpp's CPU backend, fitted by the same grid search as
// bench/fit_speed.py on published CPU-only runs (tests/data/speed_measurements.json, groups cpu_decode/cpu_prefill):
// a desktop's two channels (8 decode, 9 prefill rows on a Ryzen 9 7950X and a 5950X) and a server's many (5 decode,
// 1 prefill row on a Xeon 8480, EPYC 9554 and EPYC 9135) reach different shares of their peak. docs/speed.md.
constexpr Calibration kLlamaCpu       {"llama.cpp/cpu",        0.93, 100.0, 0.74, false, 0.0,
                                       "basis_cpu_desktop"};
constexpr Calibration kLlamaCpuServer {"llama.cpp/cpu-server", 0.69, 150.0, 0.48, false, 0.0,
                                       "basis_cpu_server"};
constexpr double kCpuServerGbps = 150;   // more than 4 DDR5 channels: the server calibration

// KTransformers' CPU expert kernels (kvcache-ai/ktransformers, doc/en/AMX.md): GGUF experts run on llamafile's kernels
// (the default backend before v0.3); BF16 and INT8 experts on its AMX kernels (AMXBF16, AMXInt8: Xeon 4th generation
// and later), which switch to an AVX-512 kernel of the same layout in decode. Decode reads the experts a token routes to
// from host RAM: host_eff of the host's stated bandwidth, plus cpu_moe_us a layer whose experts the CPU runs (the hidden
// state to the CPU and back, the threads' start and join). Prefill runs the experts' FLOPs at prefill_util of the
// kernel's peak: the host's FP32 peak (--host cpu_tflops) for llamafile; for AMX that times what a core's tiles do a
// cycle against its AVX-512 FP32 FMAs (64 FLOP): 2048 INT8 multiply/add operations ("8 times the performance of
// AVX-512", AMX.md), 32x, and half that in BF16 (TDPBF16PS: 16 x 16 x 32 products in 16 cycles), 16x. The AMX kernel
// also reads every expert a chunk touches once ("every data element of expert weights ... accesses DRAM only once",
// AMX.md): a longer prompt amortises it (V0.3: 186 tokens/s at 1K, 255 at 2K); llamafile's cost a token stays flat with
// the prompt (V0.2.1: 88.2 tokens/s at 1K, 81.9 at 4K), so its reads are in its share. Fitted by
// bench/fit_ktransformers.py on KTransformers' own DeepSeek-V3 runs (doc/en/DeepseekR1_V3_tutorial.md: V0.2 on one and
// two sockets of a Xeon Gold 6454S, decode and prefill; V0.3-preview's AMX prefill); its V0.2.1 runs and other
// machines' are held out (docs/speed.md, "KTransformers"). No AMX decode run is published with 8 experts: AMX's decode
// takes llamafile's constants.
struct KtKernel {
    const char* name;
    double host_eff, cpu_moe_us, prefill_util;
    double peak_over_fp32;   // the kernel's peak against the host's FP32 peak
    bool read_once;          // prefill reads the touched experts once a chunk (AMX's cache-aware layout)
};
constexpr KtKernel kKtLlamafile{"llamafile", 0.62, 560.0, 0.45, 1.0, false};
constexpr KtKernel kKtAmxInt8{"amx_int8", 0.62, 560.0, 0.05, 32.0, true};
constexpr KtKernel kKtAmxBf16{"amx_bf16", 0.62, 560.0, 0.05, 16.0, true};   // INT8's share, assumed: no BF16 run

// Engines without fitted constants of their own borrow a row's constants under their own name, not validated, and say
// on what they rest (the fragment in messages.cpp): SGLang and TensorRT-LLM vLLM's, MLX llama.cpp's Metal fit, Ollama
// and ik_llama.cpp llama.cpp's row for the backend. The lead fits their own rows from measurements (docs/speed.md).
constexpr Calibration borrowed(const Calibration& base, const char* name, const char* evidence) {
    return Calibration{name, base.bw_eff, base.layer_us, base.prefill_util, false, base.step_us, evidence, base.expert_pad,
                       base.moe_layer_us, base.attn_eff, base.attn_fp32};
}
constexpr Calibration kSglang     = borrowed(kVllm, "sglang/cuda", "basis_as_vllm");
constexpr Calibration kSglangRocm = borrowed(kVllmRocm, "sglang/rocm", "basis_as_vllm");
constexpr Calibration kTrtllm     = borrowed(kVllm, "trt-llm/cuda", "basis_as_vllm");
constexpr Calibration kMlx        = borrowed(kLlamaMetal, "mlx/metal", "basis_mlx");
// KTransformers: the GPU part (attention/MLA, shared experts, dense layers, the LM head; its optimize rules) takes
// llama.cpp's row for the device; its CPU expert kernels have constants of their own (KtKernel below).
struct LlamaFamily { const Calibration* llama; Calibration ollama, ik, kt; };
constexpr LlamaFamily kLlamaFamily[] = {
    {&kLlamaCuda, borrowed(kLlamaCuda, "ollama/cuda", "basis_ollama"), borrowed(kLlamaCuda, "ik_llama.cpp/cuda", "basis_ik_llama"),
     borrowed(kLlamaCuda, "ktransformers/cuda", "basis_ktransformers")},
    {&kLlamaCudaHbm, borrowed(kLlamaCudaHbm, "ollama/cuda-hbm", "basis_ollama"),
     borrowed(kLlamaCudaHbm, "ik_llama.cpp/cuda-hbm", "basis_ik_llama"),
     borrowed(kLlamaCudaHbm, "ktransformers/cuda-hbm", "basis_ktransformers")},
    {&kLlamaMetal, borrowed(kLlamaMetal, "ollama/metal", "basis_ollama"), borrowed(kLlamaMetal, "ik_llama.cpp/metal", "basis_ik_llama"),
     borrowed(kLlamaMetal, "ktransformers/metal", "basis_ktransformers")},
    {&kLlamaRocm, borrowed(kLlamaRocm, "ollama/rocm", "basis_ollama"), borrowed(kLlamaRocm, "ik_llama.cpp/rocm", "basis_ik_llama"),
     borrowed(kLlamaRocm, "ktransformers/rocm", "basis_ktransformers")},
    {&kLlamaVulkan, borrowed(kLlamaVulkan, "ollama/vulkan", "basis_ollama"), borrowed(kLlamaVulkan, "ik_llama.cpp/vulkan", "basis_ik_llama"),
     borrowed(kLlamaVulkan, "ktransformers/vulkan", "basis_ktransformers")},
    {&kLlamaOther, borrowed(kLlamaOther, "ollama/other", "basis_ollama"), borrowed(kLlamaOther, "ik_llama.cpp/other", "basis_ik_llama"),
     borrowed(kLlamaOther, "ktransformers/other", "basis_ktransformers")},
    {&kLlamaCpu, borrowed(kLlamaCpu, "ollama/cpu", "basis_ollama"), borrowed(kLlamaCpu, "ik_llama.cpp/cpu", "basis_ik_llama"),
     borrowed(kLlamaCpu, "ktransformers/cpu", "basis_ktransformers")},
    {&kLlamaCpuServer, borrowed(kLlamaCpuServer, "ollama/cpu-server", "basis_ollama"),
     borrowed(kLlamaCpuServer, "ik_llama.cpp/cpu-server", "basis_ik_llama"),
     borrowed(kLlamaCpuServer, "ktransformers/cpu-server", "basis_ktransformers")},
};
// clang-format on

// HBM: a data-center part with 900 GB/s or more (V100 and up); the L-series and A10/A40 carry GDDR.
bool hbm(const Device& d) { return d.category == "datacenter" && d.mem_bw_gbps >= 900; }

// llama.cpp's row for the device's backend.
const Calibration& llama_calibration(const Device& d) {
    if (d.vendor == Vendor::cpu) return d.mem_bw_gbps / d.sockets > kCpuServerGbps ? kLlamaCpuServer : kLlamaCpu;
    switch (d.vendor) {
        case Vendor::nvidia: return hbm(d) ? kLlamaCudaHbm : kLlamaCuda;
        case Vendor::apple: return kLlamaMetal;
        case Vendor::amd: return kLlamaRocm;
        default: return kLlamaOther;
    }
}

const Calibration& calibration(const Scenario& s, const Device& d) {
    const Calibration& llama = s.backend == Backend::vulkan && d.vendor != Vendor::cpu ? kLlamaVulkan : llama_calibration(d);
    if (s.engine == Engine::ollama || s.engine == Engine::ik_llama_cpp || s.engine == Engine::ktransformers) {
        for (const LlamaFamily& f : kLlamaFamily)
            if (f.llama == &llama) return s.engine == Engine::ollama ? f.ollama : s.engine == Engine::ktransformers ? f.kt : f.ik;
    }
    if (d.vendor == Vendor::cpu) return llama;   // no GPU: llama.cpp's CPU backend (other engines warn, cpu_engine)
    switch (s.engine) {
        case Engine::vllm: return d.vendor == Vendor::amd ? kVllmRocm : kVllm;
        case Engine::sglang: return d.vendor == Vendor::amd ? kSglangRocm : kSglang;
        case Engine::trt_llm: return kTrtllm;
        case Engine::mlx: return kMlx;
        case Engine::transformers: return kHf;
        default: return llama;
    }
}

// Tokens a prefill step processes: llama.cpp's micro-batch (-ub, 512 by default; Ollama's num_batch, the same 512), vLLM's
// max_num_batched_tokens, SGLang's chunked_prefill_size for this GPU, TensorRT-LLM's max_num_tokens, mlx-lm's
// prefill_step_size; transformers runs the whole prompt at once (engine_defaults.hpp).
double prefill_chunk(const Scenario& s, const Device& d, double prompt) {
    switch (s.engine) {
        case Engine::vllm: return double(kVllmMaxBatchedTokens);
        case Engine::sglang: return double(sglang_defaults(d.mem_bytes, s.gpus).chunked_prefill_size);
        case Engine::trt_llm: return double(kTrtllmMaxNumTokens);
        case Engine::mlx: return double(kMlxPrefillStep);
        case Engine::transformers: return prompt;
        case Engine::ktransformers: return double(kKtChunkSize);
        default: return double(llama_ubatch(s));   // -ub, if the run set it
    }
}

// BF16 weights on llama.cpp's Vulkan backend without BF16 cooperative matrices (VK_KHR_shader_bfloat16): ggml-vulkan.cpp
// creates the BF16 matmul and mul_mat_id pipelines from the FP32 shader path with scalar tile sizes ("reusing CREATE_MM
// from the fp32 path ... use scalar tile sizes", when !device->coopmat_bf16_support), so their GEMMs run on the vector
// ALUs at the FP32 rate, not on the matrix units F16 and the dequantized formats use. Published Vulkan BF16 runs are all
// AMD (Strix Halo, RADV and AMDVLK) and run at that rate; NVIDIA's coopmat2 path has BF16 (docs/speed.md).
bool vulkan_bf16_scalar(const Scenario& s, const Device& d) {
    return ggml_engine(s.engine) && s.backend == Backend::vulkan && d.vendor == Vendor::amd && lower(s.quant) == "bf16" && d.fp32_tflops > 0;
}

// Peak dense FLOP/s that the engine's prefill GEMMs run at. llama.cpp's CUDA path accumulates in
// FP16 where GeForce runs that at full rate; Apple publishes only shader FP32 (Metal runs FP16 at the
// same rate on M1-M4).
double peak_flops(const Scenario& s, const Device& d) {
    double tf = d.fp16_tflops;
    if (ggml_engine(s.engine) && d.fp16_acc16_tflops > 0) tf = d.fp16_acc16_tflops;
    if (tf <= 0 || vulkan_bf16_scalar(s, d)) tf = d.fp32_tflops;
    return tf * 1e12;
}

// KTransformers' kernel for the experts' format: AMX for BF16 and INT8 experts, llamafile for GGUF ones.
const KtKernel& kt_kernel(const Scenario& s) {
    const std::string q = lower(s.quant);
    return q == "int8" ? kKtAmxInt8 : q == "bf16" ? kKtAmxBf16 : kKtLlamafile;
}

}  // namespace

const char* kt_kernel_name(const Scenario& s) { return &kt_kernel(s) == &kKtLlamafile ? "llamafile" : "AMX"; }

namespace {

// Expected number of distinct experts B tokens visit when each picks k of E uniformly.
double experts_touched(const Model& m, double tokens) {
    const double E = m.n_expert, k = m.n_expert_used;
    return E * (1.0 - std::pow(1.0 - k / E, tokens));
}

// FLOPs of one token's attention over `ctx` tokens of context: scores and the weighted sum, 2 + 2 per query element
// per attended token, in every layer that attends over the context. DeepSeek-V4's layers attend to the window and to
// the compressed entries (a sparse layer to index_topk of them), and a sparse layer's indexer scores every entry
// (index heads x index_head_dim, 2 each).
// `gather`: the engine attends to the indexer's index_topk picks only (vLLM, SGLang, TensorRT-LLM: sizing.cpp
// gathers_top_k); else to every entry, the others masked (llama.cpp). DeepSeek V3.2 / GLM-5 (MLA with an indexer)
// alike: index_topk latents and every indexer key scored.
double attention_flops(const Model& m, double ctx, bool gather) {
    if (!m.is_compressed()) {
        const double q_width = m.is_mla() ? double(m.n_head) * (m.qk_nope_head_dim + m.qk_rope_head_dim) : double(m.n_head) * m.head_dim;
        const double n = double(m.n_layer_attention());
        if (m.index_topk > 0 && m.index_n_heads > 0) {
            // Layers that score with their own indexer (GLM-5.2/5.3's shared ones reuse the picks); sparse ones (every
            // MLA layer of these models, MiniMax-M3's 'B' layers) attend to index_topk tokens where the engine gathers.
            double f = 0;
            for (int il = 0; il < m.n_layer; ++il) {
                if (!m.is_attention(il)) continue;
                const bool sparse = m.is_mla() || m.mixer(il) == 'B';
                f += 4.0 * q_width * (gather && sparse ? std::min(ctx, double(m.index_topk)) : ctx);
                if (m.has_indexer(il)) f += 2.0 * double(m.index_n_heads) * m.index_head_dim * ctx;
            }
            return f;
        }
        return 4.0 * n * q_width * ctx;
    }
    const double q_width = double(m.n_head) * m.head_dim, window = std::min(ctx, double(m.swa_window));
    double f = 0;
    for (int il = 0; il < m.n_layer; ++il) {
        double tokens = window;
        if (m.mixer(il) == 'K') {
            const double n = std::ceil(ctx / m.kv_ratio_sparse);
            tokens += gather ? std::min(n, double(m.index_topk)) : n;
            f += 2.0 * double(m.index_n_heads) * m.index_head_dim * n;
        }
        if (m.mixer(il) == 'H') tokens += std::ceil(ctx / m.kv_ratio_heavy);
        f += 4.0 * q_width * tokens;
    }
    return f;
}

}  // namespace

void estimate_speed_plain(const Model& m, const Device& dev, const Scenario& s, const KvFormat& kvf, const WeightBytes& w,
                          const Placed& placed, Speed& out, std::vector<Warning>& warnings, int tokens_per_step) {
    const Calibration& cal = calibration(s, dev);
    const double bw_eff = s.decode_efficiency ? *s.decode_efficiency : cal.bw_eff;
    // KTransformers: the routed experts run on the host's CPU kernels, which bound its prefill; --prefill-efficiency sets
    // their share of their kernel's peak, and the GPU part keeps its calibration's.
    const bool kt = s.engine == Engine::ktransformers;
    const KtKernel& ktk = kt_kernel(s);
    const double util = s.prefill_efficiency && !kt ? *s.prefill_efficiency : cal.prefill_util;
    const double kt_util = s.prefill_efficiency ? *s.prefill_efficiency : ktk.prefill_util;
    const double host_eff = kt ? ktk.host_eff : kHostBwEff;
    const double cpu_moe_us = kt ? ktk.cpu_moe_us : kCpuMoeLayerUs;
    // Two sockets: llama.cpp's threads read across NUMA nodes, and one published run on two sockets reached less than
    // one socket's estimate; decode is modelled on one socket's memory (docs/speed.md).
    const double bw = dev.mem_bw_gbps * 1e9 / dev.sockets;
    if (dev.sockets > 1)
        warnings.push_back(warning("cpu_sockets", {{"device", dev.name},
                                                   {"socket_bw", fmt_num(std::round(dev.mem_bw_gbps / dev.sockets))},
                                                   {"bw", fmt_num(dev.mem_bw_gbps)}}));
    const double host_bw = s.host.ram_bw_gbps * 1e9;
    const int L = m.n_layer;
    // A mixed machine: each device reads its own layers at its own bandwidth, one after another (a layer split runs
    // the devices in turn for one token), so the step is the sum of the shares' times: the slowest share weighs most.
    const bool mixed = !placed.devices.empty();
    const int n_dev = mixed ? int(placed.devices.size()) : static_cast<int>(s.gpus);
    std::vector<double> dev_bytes(mixed ? size_t(n_dev) : 0, 0.0);
    const Placement placement = placed.placement;
    const int gpu_layers = placed.gpu_layers;   // stream: 0 (its layers are read through the slots)
    const int first_gpu = L - gpu_layers;
    const int n_cpu_moe = placed.n_cpu_moe;     // layers whose experts are in host RAM
    // llama.cpp's --split-mode tensor is tensor parallelism too (PR #19378: weights and KV split across the GPUs, the
    // partial results reduced): the same mechanism, with llama.cpp's constants (docs/speed.md, "Split modes").
    const bool tensor_parallel = headroom::tensor_parallel(s) && n_dev > 1 && placement == Placement::gpu;

    // Decode at the average context of the task's generation.
    const int64_t fill = std::max<int64_t>(1, std::min<int64_t>(s.ctx, s.cached_tokens + s.task_in_tokens + s.task_out_tokens / 2));
    out.decode_ctx_tokens = fill;
    const double B = double(s.batch);
    // A step runs tokens_per_step tokens of each sequence (speculative decoding's verification: k drafted + 1): the
    // weights and the KV cache are read once, the experts of all of them are touched and every token is computed.
    const double q = double(tokens_per_step);
    const double touched = m.is_moe() ? experts_touched(m, B * q) / m.n_expert : 1.0;

    // Bytes per decode step by tier.
    // The per-sequence state of linear-attention / SSM layers is read and written once per step as well.
    // A sliding layer is read over its window (kSwaRead): llama.cpp allocates a micro-batch more (sizing.cpp swa_cells),
    // whether its decode kernels read those cells is not settled here (docs/sizing.md, "Sliding windows").
    const double kv_step = double(kv_cache_bytes(m, kvf, s.engine, fill, s.batch, s.images, kSwaRead)) + double(state_bytes(m, s.engine, s.batch));
    double gpu_bytes = 0, host_bytes = 0, all_weights = 0;
    // transformers' offload is accelerate's device_map="auto": the weights of the layers in host RAM "are put on a GPU just
    // before the forward pass and cleaned up just after", with "no pre-fetching" (accelerate
    // docs/source/concept_guides/big_model_inference.md), and the GPU computes them. A token waits for those whole
    // layers (every expert of a MoE layer) to cross PCIe, then the GPU reads them: not llama.cpp's offload, whose CPU
    // computes its layers in host RAM. Their bytes go to the GPU tier and over the link (docs/sizing.md, "Placements").
    const bool hf_offload = s.engine == Engine::transformers && placement == Placement::offload;
    double copied = 0;   // hf_offload: weights copied to the GPU each step
    for (int il = 0; il < L; ++il) {
        const double dense = double(w.layer[il] - w.layer_experts[il]);
        const double experts = double(w.layer_experts[il]) * touched;
        const bool experts_on_cpu = il < n_cpu_moe;
        all_weights += double(w.layer[il]);
        if (hf_offload && il >= gpu_layers) copied += double(w.layer[il]);   // accelerate keeps the last layers on the host
        // Streamed layers are read by the GPU from its slots; the copy into them is the link term below.
        const double on_tier = dense + (experts_on_cpu ? 0.0 : experts) + kv_step / L;
        (il >= first_gpu || placement == Placement::stream || hf_offload ? gpu_bytes : host_bytes) += on_tier;
        if (mixed && il < int(placed.layer_device.size())) {   // the device each layer is on; transformers' host layers run on the first
            const int owner = placed.layer_device[size_t(il)];
            if (owner >= 0) dev_bytes[size_t(owner)] += on_tier;
            else if (hf_offload) dev_bytes.front() += on_tier;
        }
        if (experts_on_cpu) host_bytes += experts;
    }
    // The head: the final norm and the LM head, which a tied model shares with its embedding table, read whole each
    // token. Gemma 3n's per-layer embedding table sits with token_embd (sizing.cpp; llama.cpp keeps both on the CPU)
    // but is only looked up, a row a token; its projections sit with the output and are read.
    const double head = double(w.output) + (m.tied_embeddings ? double(w.token_embd - w.token_embd_lookup) : 0.0);
    all_weights += head;
    (placement == Placement::offload && !hf_offload ? host_bytes : gpu_bytes) += head;
    if (hf_offload) copied += head;
    if (mixed && placement != Placement::offload) dev_bytes.back() += head;
    out.bytes_per_token = static_cast<int64_t>(gpu_bytes + host_bytes);
    out.host_bytes_per_token = static_cast<int64_t>(host_bytes);

    // FLOPs per token: 2 per active weight (the embedding lookups excluded: params_lookup) + attention over the context.
    const double act_params = double(w.params_matmul);
    const bool gather = gathers_top_k(s.engine);   // the indexer's picks only (attention_flops)
    const double flops_decode = 2.0 * act_params + attention_flops(m, double(fill), gather);
    const double prompt = double(std::max<int64_t>(1, s.task_in_tokens));
    // A prompt token attends to the tokens cached before the prompt and, on average, half the prompt.
    const double attn_flops = attention_flops(m, double(s.cached_tokens) + prompt / 2.0, gather);
    out.flops_per_token = 2.0 * act_params + attn_flops;
    // What the prefill's compute costs: the attention part at its own share (cal.attn_eff) of the GEMMs' rate, or of
    // the FP32 rate where attention runs on the vector ALUs (cal.attn_fp32), in GEMM-rate FLOPs.
    const double flops = peak_flops(s, dev);
    const double attn_scale = (cal.attn_fp32 && dev.fp32_tflops > 0 ? flops / (dev.fp32_tflops * 1e12) : 1.0) / cal.attn_eff;
    const double cost_flops = 2.0 * act_params + attn_flops * attn_scale;

    // Decode step time: each tier's bytes over its bandwidth, fixed per-layer costs, links.
    double t_gpu = gpu_bytes / (bw * bw_eff * (tensor_parallel ? n_dev : 1));
    // Mixed: each share at its device's bandwidth, and its share of the FLOPs at its device's rate.
    double t_gpu_ideal = gpu_bytes / (bw * (tensor_parallel ? n_dev : 1)), mixed_compute = 0;
    double dev_total = 0;
    for (const double b : dev_bytes) dev_total += b;
    if (mixed) {
        t_gpu = t_gpu_ideal = 0;
        for (int d = 0; d < n_dev; ++d) {
            const Device& x = placed.devices[size_t(d)];
            t_gpu += dev_bytes[size_t(d)] / (x.mem_bw_gbps * 1e9 * bw_eff);
            t_gpu_ideal += dev_bytes[size_t(d)] / (x.mem_bw_gbps * 1e9);
            const double fx = peak_flops(s, x);
            if (dev_total > 0) mixed_compute += (dev_bytes[size_t(d)] / dev_total) / (fx > 0 ? fx * util : 1e30);
        }
    }
    const double t_host = host_bytes / (host_bw * host_eff);
    // MoE layers whose experts the device runs pay a further fixed cost each step (cal.moe_layer_us).
    int moe_layers_on_device = 0;
    for (int il = std::max(first_gpu, n_cpu_moe); il < L; ++il) moe_layers_on_device += m.is_moe_layer(il);
    out.decode_moe_layers = moe_layers_on_device;
    double t_fixed = (cal.step_us + gpu_layers * cal.layer_us + (L - gpu_layers) * (placement == Placement::stream || hf_offload ? cal.layer_us : kHostLayerUs) +
                      n_cpu_moe * cpu_moe_us + moe_layers_on_device * cal.moe_layer_us) * 1e-6;
    double t_link = 0;
    Bound link_bound = Bound::interconnect;
    // Tensor parallel: two all-reduces of the hidden state per layer (Megatron-LM) for each token of a step or a prefill
    // micro-batch: latency + ring traffic, over the device's GPU-to-GPU link (NVLink, Infinity Fabric: the catalog's
    // p2p_gbps) or else over PCIe. The hidden state is F32 in ggml's graphs (llama.cpp's tensor split reduces it so),
    // BF16/FP16 in the serving engines.
    const double hidden_bytes = double(m.n_embd) * (ggml_engine(s.engine) ? 4.0 : 2.0);
    auto all_reduces_s = [&](double tokens) {
        const bool p2p = dev.p2p_gbps > 0;
        const double link_bw = (p2p ? dev.p2p_gbps : s.host.pcie_gbps) * 1e9, lat = p2p ? 8e-6 : 25e-6;
        return 2.0 * L * (lat + 2.0 * (n_dev - 1) / n_dev * hidden_bytes * tokens / link_bw);
    };
    if (tensor_parallel) {
        t_link = all_reduces_s(B);
    } else if (n_dev > 1) {
        t_fixed += (n_dev - 1) * 20e-6;   // layer split: one hand-off of the hidden state per device boundary
    }
    if (placement == Placement::stream) {
        const double link = placed.from_disk ? s.host.disk_gbps * 1e9 : s.host.pcie_gbps * 1e9;
        t_link = all_weights / link;
        link_bound = placed.from_disk ? Bound::disk : Bound::pcie;
    }
    if (hf_offload) {   // no prefetch: the copy and the compute take turns (added to the step below)
        t_link = copied / (s.host.pcie_gbps * 1e9);
        link_bound = Bound::pcie;
        // Those layers' share of the KV cache and state (evenly per layer), which transformers keeps on the first GPU
        // and the sizing puts there (evaluate.cpp), with room for one copied layer: said with its size.
        const double kv_host = double(kv_cache_bytes(m, kvf, s.engine, s.ctx, s.batch, s.images, llama_ubatch(s)) +
                                      state_bytes(m, s.engine, s.batch)) / L * first_gpu;
        warnings.push_back(warning("transformers_offload", {{"layers", num_text(first_gpu)},
                                                            {"n_layer", num_text(L)},
                                                            {"weights", gb(int64_t(copied))},
                                                            {"pcie", fmt_num(s.host.pcie_gbps)},
                                                            {"kv", gb(int64_t(kv_host))}}));
    }
    const double t_compute = mixed ? B * q * flops_decode * mixed_compute : B * q * flops_decode / (flops > 0 ? flops * util : 1e30);
    const double t_mem = t_gpu + t_host + t_fixed;
    // Streaming overlaps the copy of layer i+1 with compute on layer i when two slots fit.
    const bool overlap = placement == Placement::stream && placed.stream_slots >= 2;
    double t_step = std::max(t_mem, t_compute);
    // transformers' eager dispatch (and bitsandbytes' kernels): a step is never shorter than the host's launches.
    if (s.engine == Engine::transformers) {
        const double bnb = s.quant == "int8" ? kHfBnbInt8LayerUs : (s.quant == "nf4" || s.quant == "nf4-dq") ? kHfBnb4bitLayerUs : 0.0;
        const double eager = L * (kHfDispatchUs + bnb) * 1e-6;
        out.eager_bound = eager > t_step;
        t_step = std::max(t_step, eager);
    }
    const double t_before_link = t_step;   // the eager-dispatch note's time: the launches, not a copy over PCIe
    t_step = placement == Placement::stream ? (overlap ? std::max(t_step, t_link) : t_step + t_link) : t_step + t_link;

    // What bounds it, and that resource's limit at 100% efficiency.
    struct Term { Bound b; double t, ideal; };
    const Term terms[] = {{Bound::memory_bandwidth, t_gpu, t_gpu_ideal},
                          {Bound::host_memory, t_host, host_bytes / host_bw},
                          {Bound::compute, t_compute, t_compute * util},
                          {link_bound, t_link, t_link}};
    const Term* top = &terms[0];
    for (const Term& t : terms)
        if (t.t > top->t) top = &t;
    out.decode_bound = top->b;
    out.bound_tokens_per_s = top->ideal > 0 ? 1.0 / top->ideal : 0;
    out.decode_tokens_per_s = 1.0 / t_step;
    out.decode_zh_chars_per_s = out.decode_tokens_per_s / kTokensPerZhChar;   // a Chinese answer's characters a second
    out.aggregate_tokens_per_s = B / t_step;
    out.decode_efficiency = bw_eff;
    out.host_efficiency = host_bytes > 0 ? host_eff : 0;
    out.prefill_efficiency = kt ? kt_util : util;
    out.calibration = cal.name;

    // Prefill: micro-batches of n_ub tokens; each is compute-bound or reads the weights once, and layers kept
    // in host RAM cross PCIe (llama.cpp offloads large-batch matmuls to the GPU).
    const double n_ub = prefill_chunk(s, dev, prompt);
    const double ub = std::min(n_ub, prompt);
    // MoE: a micro-batch runs one GEMM per expert it touches in each MoE layer (llama.cpp's mul_mat_id), each in tiles
    // of tokens whose last one is partly empty: cal.expert_pad tokens of one expert's FLOPs wasted per GEMM (fitted on MoE
    // prefill rows; docs/speed.md). With a few tokens per expert the waste is a large share of the work.
    double expert_gemms = 0, expert_flops = 0;
    int cpu_moe_layers = 0;   // KTransformers: MoE layers whose experts its CPU kernels run, in prefill too
    if (m.is_moe()) {
        int moe_layers = 0;
        for (int il = 0; il < L; ++il) moe_layers += m.is_moe_layer(il), cpu_moe_layers += kt && il < n_cpu_moe && m.is_moe_layer(il);
        expert_gemms = (moe_layers - cpu_moe_layers) * experts_touched(m, ub);
        // one token through one expert: 2 FLOPs per parameter of one routed expert (params.cpp's count of it)
        if (moe_layers > 0 && m.n_expert > m.n_expert_used) expert_flops = 2.0 * double(params_per_expert(m));
    }
    if (flops > 0) {
        const bool host_weights = placement == Placement::offload || placement == Placement::cpu_moe;
        const double weights_gpu = all_weights - (host_weights ? double(placed.host_bytes) : 0.0);
        // Tensor parallel: each GPU computes its share of every matmul and reads its share of the weights.
        const double tp = tensor_parallel ? n_dev : 1;
        // KTransformers: the routed experts of the CPU's layers are computed there (k of them a token each), not on the GPU.
        const double cpu_expert_flops = cpu_moe_layers * double(m.n_expert_used) * expert_flops;
        const double t_compute_ub = ub * (cost_flops - cpu_expert_flops) / (flops * util * tp), t_weights_ub = weights_gpu / (bw * tp);
        double t_ub = std::max(t_compute_ub, t_weights_ub);
        if (mixed && dev_total > 0) {   // each device's share of the layers, compute- or bandwidth-bound, in turn
            t_ub = 0;
            for (int d = 0; d < n_dev; ++d) {
                const Device& x = placed.devices[size_t(d)];
                const double frac = dev_bytes[size_t(d)] / dev_total, fx = peak_flops(s, x);
                t_ub += std::max(ub * (cost_flops - cpu_expert_flops) * frac / (fx > 0 ? fx * util : 1e30),
                                 weights_gpu * frac / (x.mem_bw_gbps * 1e9));
            }
        }
        const double expert_pad_s = expert_gemms * expert_flops / (flops * util * tp);   // one token of padding in every expert GEMM
        t_ub += expert_pad_s * cal.expert_pad;
        // llama.cpp's tensor split: the micro-batch's all-reduces bound it when they take longer than its work (a small
        // model; docs/speed.md "Split modes"). Taken as overlapping the work, not added to it: PR #19378's gpt-oss-120b
        // prefill rows stay within 10% so and fall to 0.72-0.86x added. The serving engines' prefill rows show none of it
        // (TensorRT-LLM's 4 x H100 and 4 x A100 TTFT rows are within 10% without it, 22% and 8% under with it).
        if (tensor_parallel && ggml_engine(s.engine)) t_ub = std::max(t_ub, all_reduces_s(ub));
        if (kt && cpu_moe_layers > 0) {
            // Its CPU kernels: the experts' FLOPs at kt_util of the kernel's peak and, for AMX, every expert the chunk
            // touches read once from host RAM; layer by layer after the GPU's part.
            double touched_bytes = 0;
            if (ktk.read_once)
                for (int il = 0; il < std::min(n_cpu_moe, L); ++il) touched_bytes += double(w.layer_experts[il]) * experts_touched(m, ub) / m.n_expert;
            t_ub += ub * cpu_expert_flops / (s.host.cpu_tflops * 1e12 * ktk.peak_over_fp32 * kt_util) + touched_bytes / (host_bw * host_eff);
        } else if (host_weights) {
            t_ub += double(placed.host_bytes) / (s.host.pcie_gbps * 1e9);
        }
        if (placement == Placement::stream) t_ub = std::max(t_ub, t_link);
        // llama.cpp's layer split pipelines a batch's micro-batches through the GPUs (PR #6017): u of them take
        // u + n - 1 stage times of t_ub / n each instead of u x t_ub. A prompt of one micro-batch gains nothing.
        double pipeline = 1;
        if (ggml_engine(s.engine) && n_dev > 1 && placement == Placement::gpu && !tensor_parallel) {
            const double n_batch = double(s.engine == Engine::ollama ? kOllamaNumBatch : llama_batch(s));
            const double u = std::min(std::ceil(std::min(prompt, n_batch) / ub), double(kGgmlSchedMaxCopies));
            pipeline = u * n_dev / (u + n_dev - 1);
        }
        out.prefill_tokens_per_s = ub / t_ub * pipeline;
        out.prefill_expert_gemms_per_token = expert_gemms / (ub * pipeline);
        if (!mixed && !kt && placement != Placement::stream && t_compute_ub >= t_weights_ub)
            out.prefill_attention_s_per_token = ub * attn_flops * attn_scale / (flops * util * tp) / (ub * pipeline);
        out.time_to_first_token_s = prompt / out.prefill_tokens_per_s;
    } else {
        warnings.push_back(warning("no_compute_figure", {{"device", dev.name}}));
    }
    // Say when a fitted constant, not a hardware figure, sets the answer.
    if (out.eager_bound)
        warnings.push_back(warning("eager_dispatch", {{"ms", num_text(std::round(t_before_link * 1e4) / 10)},
                                                      {"layer_us", num_text(int(std::lround(t_before_link * 1e6 / L)))}}));
    else if (t_fixed > 0.3 * t_step)
        warnings.push_back(warning("fixed_cost_dominates", {{"layer_us", num_text(int(cal.layer_us))},
                                                            {"step_us", num_text(int(cal.step_us))},
                                                            {"share", num_text(int(100 * t_fixed / t_step))}}));
    // llama.cpp's row split (validate.cpp admits it across several GPUs): not modelled, the layer split's figures stand,
    // and the warning says so (tensor runs as tensor parallelism above; docs/speed.md, "Split modes").
    if (s.split_mode == "row" && n_dev > 1) warnings.push_back(warning("split_mode_speed", {{"split_mode", s.split_mode}}));
    if (!cal.validated)
        warnings.push_back(warning("speed_unvalidated", {{"calibration", cal.name}, {"basis", cal.evidence}}));
    // DeepSeek-V4's hyper-connections: a Sinkhorn normalisation of the hc_mult streams around every attention and MoE
    // block, small kernels the per-layer cost fitted on other models does not hold. Published decode is below the
    // estimate (docs/accuracy.md: oMLX on an M3 Ultra, 27-29 tokens/s against ~42; mlx-lm PR #1189's fused Sinkhorn
    // kernel alone took decode from 11 to 20 tokens/s): said, not corrected from one source.
    if (m.hc_mult > 1) warnings.push_back(warning("hyper_connections_speed", {{"hc", num_text(m.hc_mult)}}));
}

}  // namespace headroom::detail

namespace headroom {
SpeedCalibration speed_calibration(const Scenario& s, const Device& d) {
    const auto& c = detail::calibration(s, d);
    // KTransformers' prefill efficiency is its CPU kernel's (speed.cpp: --prefill-efficiency sets it).
    const double util = s.engine == Engine::ktransformers ? detail::kt_kernel(s).prefill_util : c.prefill_util;
    return {c.name, c.bw_eff, c.layer_us, util, c.step_us, c.expert_pad, c.moe_layer_us, c.attn_eff, c.validated,
            detail::peak_flops(s, d)};
}
}  // namespace headroom
