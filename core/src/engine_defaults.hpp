// The engines' own defaults that memory (evaluate.cpp), speed (speed.cpp) and the launch command (launch.cpp)
// share, each read from the engine's source (file and commit in docs/launch.md, "Each engine's defaults").
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "headroom/catalog.hpp"
#include "headroom/scenario.hpp"

namespace headroom::detail {

constexpr int64_t kEngineMiB = int64_t(1) << 20;

// llama.cpp: -ub (n_ubatch) 512, the micro-batch of prompt processing (common/common.h; ik_llama.cpp's the same).
constexpr int64_t kLlamaUbatch = 512;
// llama.cpp: -b (n_batch) 2048, the logical batch a prompt is cut into (common/common.h); with the layers split over
// several GPUs its micro-batches run through them as a pipeline, at most GGML_SCHED_MAX_COPIES = 4 in flight
// (ggml/src/ggml-backend.cpp; pipeline parallelism, llama.cpp PR #6017).
constexpr int64_t kLlamaBatch = 2048;
constexpr int64_t kGgmlSchedMaxCopies = 4;
// The scenario's micro-batch (--ubatch, else llama.cpp's default) and the logical batch that must hold it (-b >= -ub).
inline int64_t llama_ubatch(const Scenario& s) { return s.ubatch ? *s.ubatch : kLlamaUbatch; }
inline int64_t llama_batch(const Scenario& s) { return std::max(kLlamaBatch, llama_ubatch(s)); }

// vLLM: the share of each GPU headroom sizes with, which the launch line passes as --gpu-memory-utilization 0.90, so the
// command and the sizing agree whatever vLLM's own default is: 0.9 for years (vllm PR #2162, 2023; docs v0.6.4),
// 0.92 in current vllm/config/cache.py (stored copy at 002f10e; the first release with it is not pinned here).
// Kept at 0.90 rather than moved to 0.92: see docs/sizing.md, "Runtime overhead". max_num_batched_tokens 8192 for the
// profiling run and prefill chunks.
constexpr double kVllmGpuMemUtil = 0.90;
constexpr int64_t kVllmMaxBatchedTokens = 8192;
// vLLM's CPU backend takes its KV cache from VLLM_CPU_KVCACHE_SPACE, whole GiB (vllm/envs.py: int(...); platforms/cpu.py
// multiplies by GiB_bytes), not from --gpu-memory-utilization: the launch line sets it to the scenario's KV cache
// rounded up, at least 1 (docs/launch.md).
inline int64_t vllm_cpu_kvcache_gib(int64_t kv_cache_bytes) {
    constexpr int64_t gib = int64_t(1) << 30;
    return std::max<int64_t>(1, (kv_cache_bytes + gib - 1) / gib);
}

// SGLang (python/sglang/srt/server_args.py, ServerArgs._handle_gpu_memory_settings): by the GPU's memory in MiB it
// picks chunked_prefill_size and cuda_graph_max_bs, reserves for activations, CUDA graphs and metadata
//     reserved = 512 + max(chunked_prefill_size, 2048) x 1.5 + cuda_graph_max_bs x 2 + tp x pp / 8 x 1024   (MiB)
// (at least 10 GiB above 60 GiB of memory), and sets mem_fraction_static = (gpu_mem - reserved) / gpu_mem, rounded
// to three places: the share of each GPU that weights and the KV pool may take.
struct SglangDefaults {
    int64_t chunked_prefill_size;
    int64_t cuda_graph_max_bs;
    double mem_fraction_static;
};
inline SglangDefaults sglang_defaults(int64_t gpu_mem_bytes, int64_t tp) {
    const double mib = double(gpu_mem_bytes) / double(kEngineMiB);
    int64_t chunk = 16384, bs = 512;   // B200, MI300: 160 GiB and more
    if (mib < 20 * 1024) chunk = 2048, bs = 8;
    else if (mib < 35 * 1024) chunk = 2048, bs = tp < 4 ? 24 : 80;
    else if (mib < 60 * 1024) chunk = 4096, bs = tp < 4 ? 32 : 160;
    else if (mib < 160 * 1024) chunk = 8192, bs = tp < 4 ? 256 : 512;
    double reserved = 512 + double(std::max<int64_t>(chunk, 2048)) * 1.5 + double(bs) * 2 + double(tp) / 8 * 1024;
    if (mib > 60 * 1024) reserved = std::max(reserved, 10.0 * 1024);
    const double fraction = mib > 0 ? std::round((mib - reserved) / mib * 1000) / 1000 : 0;
    return {chunk, bs, std::max(0.0, fraction)};
}

// TensorRT-LLM: trtllm-serve's KV cache takes --kv_cache_free_gpu_memory_fraction 0.9 of the memory left free
// "after allocating model weights and buffers" (tensorrt_llm/commands/serve.py; KvCacheConfig.free_gpu_memory_fraction
// in tensorrt_llm/llmapi/llm_args.py); --max_num_tokens 8192 a forward pass (BuildConfig).
constexpr double kTrtllmKvFreeFraction = 0.9;
constexpr int64_t kTrtllmMaxNumTokens = 8192;

// MLX (mlx-lm): prompts are processed 2048 tokens at a time (--prefill-step-size, mlx_lm/server.py and generate.py),
// and the KV cache grows in steps of 256 tokens (KVCache.step, mlx_lm/models/cache.py). While generating, mlx-lm
// wires Metal's max_recommended_working_set_size (generate.py wired_limit): the Mac's GPU working set.
constexpr int64_t kMlxPrefillStep = 2048;
constexpr int64_t kMlxKvStep = 256;

// Ollama (ollama/ollama): num_batch 512 (api/types.go DefaultOptions); each GPU keeps MinimumMemory free for
// context structures, 457 MiB, 512 MiB on Metal (ml/device.go; server/sched.go subtracts it, with
// OLLAMA_GPU_OVERHEAD, default 0, from the free memory); the default context by the GPUs' total memory
// (server/routes.go): 262144 from 47 GiB, 32768 from 23 GiB, else 4096 (docs/context-length.mdx says 48/24 GiB).
constexpr int64_t kOllamaNumBatch = 512;
inline int64_t ollama_minimum_memory(const Device& d) { return (d.vendor == Vendor::apple ? 512 : 457) * kEngineMiB; }
inline int64_t ollama_default_ctx(int64_t total_vram_bytes) {
    const double gib = double(total_vram_bytes) / double(int64_t(1) << 30);
    return gib >= 47 ? 262144 : gib >= 23 ? 32768 : 4096;
}

// KTransformers (kvcache-ai/ktransformers): a prompt is prefilled in chunks of chunk_size tokens, 8192 by default
// (doc/en/DeepseekR1_V3_tutorial.md: "try reducing the chunk_size parameter (default is 8192)").
constexpr int64_t kKtChunkSize = 8192;

}  // namespace headroom::detail
