// validate(): whether a scenario can be evaluated, and if not the first problem, naming the field. Catalog ids,
// enumerations and each field's range come from the schema (schema.cpp); the checks here relate fields.
#include <cmath>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
using detail::refusal;

namespace {

// The architectures llama.cpp's --split-mode tensor refuses at startup ("LLAMA_SPLIT_MODE_TENSOR not implemented for
// architecture '...'"), as docs/multi-gpu.md lists them (ggml-org/llama.cpp at 5815cb84, 2026-05), recognized from the
// shape; nullptr when the model's architecture is not among them. The list grows over time (the doc says so).
const char* tensor_split_refused(const Model& m) {
    if (m.is_mla()) return "deepseek2";             // MLA: DeepSeek V2/V3, Kimi K2, Kimi Linear, MiniCPM3
    if (m.index_n_heads > 0) return "glm-dsa";      // a DeepSeek sparse-attention indexer without MLA (GLM-5)
    if (m.layer_mixer.find_first_of("MmP") != std::string::npos)
        return "mamba";                             // Mamba layers: Nemotron-H, Granite-Hybrid, Jamba, Falcon-H1, Mamba2
    if (m.layer_mixer.find('C') != std::string::npos && m.is_moe()) return "lfm2moe";
    if (m.altup_n > 0) return "gemma3n";
    // By family, as the catalog ("MiniMax-M2"), a config's model_type ("minimax_m2") and a GGUF ("minimax-m2") name it.
    const std::string family = detail::alnum_key(m.family);
    if (family == "minimaxm2") return "minimax-m2";
    if (family == "olmo2") return "olmo2";
    return nullptr;
}

// A machine of unlike GPUs (--gpu a+b): what it can run.
[[gnu::noinline]] std::optional<InputError> check_mixed(const Scenario& s, const std::vector<std::string>& mixed) {
    const Catalog& cat = catalog();
    if (s.gpus != 1) return refusal("gpus", "mixed_gpus_count", {{"gpu", s.gpu}});
    const Device& first = *cat.find_device(mixed.front());
    for (const std::string& id : mixed) {
        const Device& d = *cat.find_device(id);
        if (d.unified_memory) return refusal("gpu", "mixed_unified", {{"device", d.name}});
        if (d.vendor != first.vendor)
            return refusal("gpu", "mixed_vendors", {{"vendor_a", to_string(first.vendor)}, {"vendor_b", to_string(d.vendor)}});
    }
    if (s.engine == Engine::vllm) return refusal("engine", "mixed_vllm");
    if (tensor_parallel_engine(s.engine)) return refusal("engine", "mixed_tensor_parallel", {{"engine", to_string(s.engine)}});
    // llama.cpp's tensor split gives each GPU an even share of every layer; its speed on unlike cards is not modelled.
    if (s.split_mode == "tensor") return refusal("split_mode", "split_mode_tensor_mixed", {{"gpu", s.gpu}});
    if (s.mode != Mode::inference) return refusal("mode", "mixed_training");
    if (s.placement == Placement::cpu) return refusal("placement", "mixed_cpu");
    return std::nullopt;
}

// --backend, when given: llama.cpp's backends, a native one matching the device's vendor.
[[gnu::noinline]] std::optional<InputError> check_backend(const Scenario& s, const Device& dev, bool on_cpu, const std::string& where) {
    const bool runs = !on_cpu && (s.backend == Backend::cuda    ? dev.vendor == Vendor::nvidia
                                  : s.backend == Backend::rocm  ? dev.vendor == Vendor::amd
                                  : s.backend == Backend::metal ? dev.vendor == Vendor::apple
                                                                : dev.vendor != Vendor::apple);
    if (!runs) return refusal("backend", "backend_device", {{"backend", to_string(s.backend)}, {"device", where}});
    if (s.backend == Backend::vulkan && !ggml_engine(s.engine))
        return refusal("backend", "backend_vulkan_engine", {{"engine", to_string(s.engine)}});
    return std::nullopt;
}

// --split-mode other than layer: which engines, machines and caches take it.
[[gnu::noinline]] std::optional<InputError> check_split_mode(const Scenario& s, const std::vector<std::string>& mixed, const Model& model) {
    const bool takes = s.engine == Engine::llama_cpp || s.engine == Engine::generic ||
                       (s.engine == Engine::ik_llama_cpp && s.split_mode == "row");
    if (!takes) return refusal("split_mode", "split_mode_engine", {{"split_mode", s.split_mode}, {"engine", to_string(s.engine)}});
    if ((mixed.empty() ? s.gpus : int64_t(mixed.size())) < 2) return refusal("split_mode", "split_mode_one_gpu", {{"split_mode", s.split_mode}});
    if (s.placement != Placement::auto_ && s.placement != Placement::gpu)
        return refusal("split_mode", "split_mode_placement", {{"split_mode", s.split_mode}, {"placement", to_string(s.placement)}});
    // llama.cpp's docs/multi-gpu.md (PR #22729): with tensor, "KV cache types must be non-quantized: f32, f16, or bf16"
    // (startup error "simultaneous use of SPLIT_MODE_TENSOR and KV cache quantization not implemented").
    if (const std::string kv = detail::lower(s.kv_quant); s.split_mode == "tensor" && kv != "f16" && kv != "bf16" && kv != "f32")
        return refusal("kv_quant", "split_mode_tensor_kv", {{"kv_quant", kv}});
    if (s.split_mode == "tensor")
        if (const char* arch = tensor_split_refused(model)) return refusal("split_mode", "split_mode_tensor_arch", {{"model", model.name}, {"arch", arch}});
    return std::nullopt;
}

}  // namespace

std::optional<InputError> validate(const Scenario& s) {
    const Catalog& cat = catalog();
    // Catalog ids, enumerations and every field's range come from the schema (core/src/schema.cpp).
    if (auto e = detail::validate_fields(s)) return e;
    // The scenario's model (its id is known from here on).
    const auto model = [&]() -> const Model& { return s.custom_model ? *s.custom_model : *cat.find_model(s.model); };
    if (s.n_cpu_moe && s.placement != Placement::auto_ && s.placement != Placement::cpu_moe)
        return refusal("n_cpu_moe", "cpu_moe_placement", {{"placement", to_string(s.placement)}});
    if (s.turns > 1 && s.turns * (s.task_in_tokens + s.task_out_tokens) > s.ctx)
        return refusal("turns", "turns_exceed_ctx", {{"turns", std::to_string(s.turns)},
                                                     {"tokens", std::to_string(s.task_in_tokens + s.task_out_tokens)},
                                                     {"ctx", std::to_string(s.ctx)}});
    if (s.cached_tokens > 0 && s.cached_tokens + s.turns * (s.task_in_tokens + s.task_out_tokens) > s.ctx)
        return refusal("cached_tokens", "cached_exceed_ctx", {{"cached", std::to_string(s.cached_tokens)},
                                                              {"tokens", std::to_string(s.turns * (s.task_in_tokens + s.task_out_tokens))},
                                                              {"ctx", std::to_string(s.ctx)}});
    if ((s.claim_tokens_per_s > 0 || s.claim_fits) && s.mode != Mode::inference) return refusal("claim_tokens_per_s", "claims_inference");
    auto finite_pos = [](double v) { return std::isfinite(v) && v > 0; };
    if (!finite_pos(s.host.ram_gb) || s.host.ram_gb > 1e6) return refusal("host", "host_ram");
    // At least 0.001 GB/s, as parse_host_spec accepts: a denormal rate would make transfer times infinite.
    if (!(s.host.ram_bw_gbps >= 0.001 && s.host.pcie_gbps >= 0.001 && s.host.disk_gbps >= 0.001) ||
        !finite_pos(s.host.ram_bw_gbps) || !finite_pos(s.host.pcie_gbps) || !finite_pos(s.host.disk_gbps))
        return refusal("host", "host_rates");
    if (s.method == Method::rule_of_thumb && s.mode != Mode::inference)
        return refusal("method", "rule_of_thumb_inference");
    if (s.mode != Mode::inference && s.placement != Placement::auto_ && s.placement != Placement::gpu)
        return refusal("placement", "training_placement", {{"mode", to_string(s.mode)}});
    if (s.host.cpu_tflops < 0.001 || !std::isfinite(s.host.cpu_tflops)) return refusal("host", "host_cpu_tflops");
    if (!s.api.empty() && s.api_price_per_mtok > 0) return refusal("api", "api_twice");
    if (!s.rent.empty() && s.cloud_gpu_per_hour > 0) return refusal("rent", "rent_twice");
    const std::vector<std::string> mixed = s.custom_device ? std::vector<std::string>{} : detail::mixed_ids(s.gpu);
    if (!mixed.empty())
        if (auto e = check_mixed(s, mixed)) return e;
    const Device& dev = s.custom_device ? *s.custom_device : *cat.find_device(mixed.empty() ? s.gpu : mixed.front());
    if (!s.rent.empty() && (s.custom_device || !mixed.empty()))
        return refusal("rent", "rent_custom");
    if (const RentalPrice* p = s.rent.empty() || s.rent == "auto" ? nullptr : cat.find_rental(s.rent); p && p->gpu != dev.id)
        return refusal("rent", "rent_other_gpu", {{"rent", p->id}, {"rent_gpu", p->gpu}, {"device", dev.id}});
    if (s.gpu_share && !dev.unified_memory)
        return refusal("gpu_share", "gpu_share_discrete", {{"device", dev.name}});
    const bool on_cpu = dev.vendor == Vendor::cpu || s.placement == Placement::cpu;
    // Where each engine runs: MLX on Apple silicon (Metal), TensorRT-LLM on NVIDIA GPUs, SGLang on NVIDIA and AMD GPUs.
    const std::string where = on_cpu && dev.vendor != Vendor::cpu ? "placement cpu" : dev.name;
    const char* refused = nullptr;
    if (s.engine == Engine::mlx && (on_cpu || dev.vendor != Vendor::apple)) refused = "engine_mlx_apple";
    if (s.engine == Engine::trt_llm && (on_cpu || dev.vendor != Vendor::nvidia)) refused = "engine_trtllm_nvidia";
    if (s.engine == Engine::sglang && (on_cpu || (dev.vendor != Vendor::nvidia && dev.vendor != Vendor::amd))) refused = "engine_sglang_gpu";
    // KTransformers runs attention and the dense part on a GPU (CUDA; ROCm and Intel XPU in its docs), the experts on the CPU.
    if (s.engine == Engine::ktransformers && (on_cpu || dev.vendor == Vendor::apple)) refused = "engine_ktransformers_gpu";
    // vLLM on a Mac runs on its CPU backend only ("On macOS the VLLM_TARGET_DEVICE is automatically set to cpu, which is
    // currently the only supported device", docs/getting_started/installation/cpu.apple.inc.md); Metal is the separate
    // vllm-metal plugin, which computes with MLX (gpu.apple.inc.md; vllm-project/vllm-metal README). Neither is the Mac's
    // GPU at vLLM's share, which headroom used to size: refused, naming what is modelled (docs/sizing.md, "Placements").
    if (s.engine == Engine::vllm && !on_cpu && dev.vendor == Vendor::apple) refused = "engine_vllm_apple";
    // TensorRT-LLM's refusal names engines that do run here (each validated so, tests/test_engines.cpp): SGLang only on
    // an AMD GPU (NVIDIA's is TensorRT-LLM's own), vLLM's CPU backend on a CPU, MLX on a Mac.
    if (refused && std::string_view(refused) == "engine_trtllm_nvidia")
        return refusal("engine", refused, {{"device", where},
                                           {"alternatives", on_cpu                          ? "alt_vllm_cpu_llama"
                                                            : dev.vendor == Vendor::amd     ? "alt_vllm_sglang_llama"
                                                            : dev.vendor == Vendor::apple   ? "alt_mlx_llama"
                                                                                            : "alt_vllm_llama"}});
    if (refused) return refusal("engine", refused, {{"device", where}});
    // The serving engines' lowest CUDA compute capability (docs/devices.md, "Compute capability"): vLLM 7.0 ("compute
    // capability 7.0 or higher", docs/getting_started/installation/gpu.cuda.inc.md; its CUDA 12.8+ wheels start at 7.5),
    // SGLang 7.5 ("SGLang only supports sm75 and above", model_runner.py), TensorRT-LLM 8.0 (Ampere to Blackwell, its
    // support matrix). llama.cpp's CUDA 12 builds reach 5.0 and KTransformers runs its GPU part on llama.cpp-era kernels:
    // not refused here. A custom device has no compute capability: not checked.
    if (!on_cpu && dev.vendor == Vendor::nvidia && dev.cuda_cc > 0) {
        const double min_cc = s.engine == Engine::vllm ? 7.0 : s.engine == Engine::sglang ? 7.5 : s.engine == Engine::trt_llm ? 8.0 : 0;
        auto cc_text = [](double cc) { return detail::printf_fixed(cc, 1); };   // as NVIDIA writes it: 7.0, 8.9
        if (dev.cuda_cc + 1e-9 < min_cc)
            return refusal("engine", "engine_cuda_cc", {{"engine", to_string(s.engine)}, {"device", dev.name},
                                                        {"cc", cc_text(dev.cuda_cc)}, {"min", cc_text(min_cc)}});
        // vLLM's MXFP4 weights need 8.0 (vllm/model_executor/layers/quantization/mxfp4.py get_min_capability: 80; Marlin
        // kernels on Ampere and Ada).
        if (s.engine == Engine::vllm && s.quant == "mxfp4" && dev.cuda_cc + 1e-9 < 8.0)
            return refusal("quant", "quant_cuda_cc", {{"engine", "vllm"}, {"quant", s.quant}, {"device", dev.name},
                                                      {"cc", cc_text(dev.cuda_cc)}, {"min", cc_text(8.0)}});
    }
    if (s.engine == Engine::ktransformers && (s.placement == Placement::offload || s.placement == Placement::stream))
        return refusal("placement", "ktransformers_placement", {{"placement", to_string(s.placement)}});
    // llama.cpp's backends: a native one matches the device's vendor; Vulkan is llama.cpp's, on a GPU other than Apple's.
    if (s.backend != Backend::auto_)
        if (auto e = check_backend(s, dev, on_cpu, where)) return e;
    // llama.cpp's --split-mode (common/arg.cpp): layer, row; tensor since PR #19378 (mainline only). Across several GPUs,
    // with every layer on them (the split modes' speed and memory are modelled so).
    if (s.split_mode != "layer")
        if (auto e = check_split_mode(s, mixed, model())) return e;
    // Ollama's KV-cache types (OLLAMA_KV_CACHE_TYPE, docs/faq.mdx): f16 (its default), q8_0, q4_0.
    if (const std::string kv = detail::lower(s.kv_quant); s.engine == Engine::ollama && kv != "f16" && kv != "q8_0" && kv != "q4_0")
        return refusal("kv_quant", "ollama_kv_type", {{"kv_quant", kv}});
    // vLLM's CPU backend does not quantize the KV cache: "CPU backend doesn't support KV cache quantization fallback to
    // auto" (vllm/platforms/cpu.py, 2026), so a quantized type would be sized at half the bytes vLLM allocates.
    if (const std::string kv = detail::lower(s.kv_quant); s.engine == Engine::vllm && on_cpu && kv != "f16" && kv != "bf16")
        return refusal("kv_quant", "vllm_cpu_kv_type", {{"kv_quant", kv}});
    // On their GPUs the serving engines store the KV cache in the model's 16-bit type or in FP8, never in llama.cpp's block
    // types (q8_0, q4_0, ...), which the launch line could not ask for: vLLM's --kv-cache-dtype (CacheDType in
    // vllm/config/cache.py: auto, float16, bfloat16, fp8, fp8_e4m3, fp8_e5m2, ...), SGLang's --kv-cache-dtype (auto,
    // fp8_e5m2, fp8_e4m3, bf16, bfloat16, fp4_e2m1; python/sglang/srt/server_args.py), TensorRT-LLM's kv_cache_config
    // dtype (auto or fp8; its INT8 and NVFP4 caches have no format here). Read 2026-11-30 (docs/sizing.md, "KV cache").
    if (const std::string kv = detail::lower(s.kv_quant);
        tensor_parallel_engine(s.engine) && kv != "f16" && kv != "bf16" && kv != "fp8")
        return refusal("kv_quant", "serving_kv_type",
                       {{"engine", s.engine == Engine::vllm ? "vLLM" : s.engine == Engine::sglang ? "SGLang" : "TensorRT-LLM"},
                        {"kv_quant", kv},
                        {"option", s.engine == Engine::trt_llm ? "kv_cache_config: dtype" : "--kv-cache-dtype"}});
    if (on_cpu && s.mode != Mode::inference) return refusal("placement", "cpu_training");
    if (on_cpu && s.gpus > 1) return refusal("gpus", "cpu_one_host");
    if (dev.vendor == Vendor::cpu && s.placement != Placement::auto_ && s.placement != Placement::cpu)
        return refusal("placement", "cpu_host_placement", {{"device", dev.name}});
    const bool cpu_moe = s.placement == Placement::cpu_moe || (s.placement == Placement::auto_ && s.n_cpu_moe);
    const std::string field = s.placement == Placement::auto_ && s.n_cpu_moe ? "n_cpu_moe" : "placement";   // what chose it
    if (dev.unified_memory && (s.placement == Placement::offload || s.placement == Placement::stream || cpu_moe))
        return refusal(field, "unified_placement", {{"device", dev.name}});
    // The serving engines run every layer on their GPUs (vLLM also all on a CPU host, with its CPU backend: placement cpu).
    // offload, stream and cpu-moe size llama.cpp's layer and expert offload and a layer-streaming runtime, which they do
    // not have; their own weight offload brings weights over PCIe in every forward pass and is not modelled, so it is
    // refused rather than sized as llama.cpp's (auto keeps them on the GPUs: evaluate.cpp, engine_gpu_only). vLLM:
    // --cpu-offload-gb (UVA), --offload-group-size (prefetch), vllm/config/offload.py; SGLang: the same two flags,
    // python/sglang/srt/server_args.py, and CPU experts only through KTransformers' kt-kernel (--kt-*); TensorRT-LLM:
    // weight streaming, docs/source/advanced/weight-streaming.md. Read 2026-11-30 (docs/sizing.md, "Placements").
    if (tensor_parallel_engine(s.engine) &&
        (s.placement == Placement::offload || s.placement == Placement::stream || s.placement == Placement::cpu_moe)) {
        const char* code = s.engine == Engine::vllm ? "vllm_placement" : s.engine == Engine::sglang ? "sglang_placement" : "trtllm_placement";
        return refusal("placement", code, {{"placement", to_string(s.placement)}});
    }
    if (cpu_moe && s.mode != Mode::inference)
        return refusal(field, "cpu_moe_training");
    if (cpu_moe && !detail::expert_offload_engine(s.engine))
        return refusal(field, "cpu_moe_engine");
    if (cpu_moe) {
        const Model& m = model();
        if (!m.is_moe())
            return refusal(field, "cpu_moe_dense", {{"model", m.name}});
    }
    if (s.gpus > 1 && !detail::runs_on_gpus(s.engine, model(), s.gpus))
        return refusal("gpus", "tp_heads", {{"engine", to_string(s.engine)}, {"n_head", std::to_string(model().n_head)},
                                            {"gpus", std::to_string(s.gpus)}, {"model", model().name}});
    if (s.speculative != "none" && s.mode != Mode::inference)
        return refusal("speculative", "speculative_inference", {{"mode", to_string(s.mode)}});
    if (s.speculative == "mtp") {
        const Model& m = model();
        if (m.n_layer_mtp <= 0) return refusal("speculative", "no_mtp_layers", {{"model", m.name}});
    }
    return std::nullopt;
}

}  // namespace headroom
