// What to type: the command line that runs a scenario on its engine, from the report's own placement
// (docs/launch.md). The flags are the engines' documented ones; nothing here changes a number in the report.
#include <cmath>
#include <string>

#include "engine_defaults.hpp"
#include "internal.hpp"

namespace headroom::detail {
namespace {

// The model's name in a file name ("model" for a custom shape).
// A repository folder's GGUF conversion takes the folder's name.
std::string file_stem(const Report& r) {
    if (r.model.file && r.model.file->kind == "safetensors" && !r.model.file->file.empty()) return r.model.file->file;
    return r.model.id == "custom" ? "model" : r.model.name;
}

// A GGUF file name as the common conversions spell it: <name>-<QUANT>.gguf.
std::string gguf_file(const std::string& stem, const std::string& quant) {
    std::string q = upper(quant);
    if (q == "MXFP4_MOE") q = "MXFP4";
    return stem + "-" + q + ".gguf";
}
// The model's (the user's own file stands in for it).
std::string gguf_name(const Report& r) {
    if (r.model.file && r.model.file->kind == "gguf" && !r.model.file->file.empty()) return r.model.file->file;
    return gguf_file(file_stem(r), r.scenario.quant);
}

// llama.cpp's KV cache types (-ctk/-ctv, common/arg.cpp): the catalog's ids where llama.cpp has them.
bool llama_kv_type(const std::string& kv) {
    for (const char* t : {"f16", "bf16", "q8_0", "q5_1", "q5_0", "q4_1", "q4_0", "iq4_nl"})
        if (kv == t) return true;
    return false;
}

// The repository a Python engine loads ("<model>" when the model has none).
std::string repo_or_placeholder(const Report& r) { return r.model.hf_repo.empty() ? std::string("<model>") : r.model.hf_repo; }

// The GPUs' total memory, by which Ollama picks its default context (none with placement cpu).
int64_t total_vram(const Report& r) {
    if (r.fit.placement == Placement::cpu) return 0;
    if (r.devices.empty()) return r.device.mem_bytes * r.scenario.gpus;
    int64_t t = 0;
    for (const Device& d : r.devices) t += d.mem_bytes;
    return t;
}

// Ollama's server line: its context, parallel requests and KV-cache type are the server's environment
// (envconfig/config.go: OLLAMA_CONTEXT_LENGTH, OLLAMA_NUM_PARALLEL default 1, OLLAMA_KV_CACHE_TYPE default f16, which
// a quantized type needs flash attention for: docs/faq.mdx).
std::string ollama_serve(const Scenario& s) {
    std::string o = "OLLAMA_CONTEXT_LENGTH=" + std::to_string(s.ctx);
    if (s.batch > 1) o += " OLLAMA_NUM_PARALLEL=" + std::to_string(s.batch);
    if (s.kv_quant == "q8_0" || s.kv_quant == "q4_0") o += " OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=" + s.kv_quant;
    return o + " ollama serve";
}

// MLX's quantization widths (mlx_lm.convert --q-bits): a format of another width is converted at the nearest below.
int mlx_bits(double nominal) {
    int best = 2;
    for (int b : {2, 3, 4, 5, 6, 8})
        if (b <= nominal + 1e-9) best = b;
    return best;
}

// KTransformers' optimize rules for the model's family (ktransformers/optimize/optimize_rules/, the server's -serve
// rules; Qwen3 MoE's AMX variant for BF16/INT8 experts: doc/en/AMX.md), else a placeholder.
std::string kt_rules(const Report& r) {
    const std::string& f = r.model.family;
    const bool amx = std::string(kt_kernel_name(r.scenario)) == "AMX";
    if (f == "DeepSeek-V3" || f == "DeepSeek-R1" || f == "Kimi-K2") return "DeepSeek-V3-Chat-serve.yaml";
    if (f == "DeepSeek-V2") return "DeepSeek-V2-Chat.yaml";
    if (f == "Qwen3" || f == "Qwen3-2507" || f == "Qwen3-Coder") return amx ? "Qwen3Moe-serve-amx.yaml" : "Qwen3Moe-serve.yaml";
    if (f == "Qwen3-Next") return "Qwen3Next-serve.yaml";
    if (f == "GLM-4.5") return "Glm4Moe-serve.yaml";
    if (f == "Mixtral") return "Mixtral.yaml";
    return "<rules for this model>.yaml";
}

std::string join_shares(const std::vector<int>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

}  // namespace

// A launch note: a coded sentence (messages.cpp), on the command or on one of the others.
template <class T>
void note(T& target, const char* code, detail::ParamList p) {
    Warning w = warning(code, p);
    target.note_code = std::move(w.code);
    target.note = std::move(w.message);
    target.note_params = std::move(w.params);
}

namespace {
// One function an engine: V8 compiles a function whole on its first call, and a scenario runs one engine.
[[gnu::noinline]] Launch launch_llama_server(const Report& r, const std::vector<int>& layer_shares) {
    const Scenario& s = r.scenario;
    const Fit& f = r.fit;
    Launch l;
    // ik_llama.cpp builds its own llama-server with llama.cpp's flags (common/common.cpp: -c, -np, -ngl,
    // --n-cpu-moe, -sm, -ts, -fa on, -ctk/-ctv, --mmproj).
    l.tool = s.engine == Engine::ik_llama_cpp ? "ik_llama.cpp" : "llama-server";
    std::string c = "llama-server -m " + gguf_name(r);
    // -c is the whole cache, shared by the -np slots: ctx per sequence x sequences.
    c += " -c " + std::to_string(s.ctx * s.batch);
    if (s.batch > 1) c += " -np " + std::to_string(s.batch);
    // -ngl counts the repeating layers, then the output layer: n_layer + 1 puts everything on the GPU(s).
    const int ngl = f.placement == Placement::cpu ? 0
                    : f.placement == Placement::offload ? f.gpu_layers
                                                        : f.total_layers + 1;
    c += " -ngl " + std::to_string(ngl);
    if (s.ubatch) c += " -ub " + std::to_string(llama_ubatch(s)) + " -b " + std::to_string(llama_batch(s));
    if (f.placement == Placement::cpu_moe) c += " --n-cpu-moe " + std::to_string(f.n_cpu_moe);
    // --split-mode as the scenario says (layer, row, tensor; common/arg.cpp), with the same proportions per GPU.
    if (layer_shares.size() > 1 && ngl > 0) c += " --split-mode " + s.split_mode + " --tensor-split " + join_shares(layer_shares);
    if (s.kv_quant != "f16") {
        if (llama_kv_type(s.kv_quant)) c += " -fa on -ctk " + s.kv_quant + " -ctv " + s.kv_quant;   // a quantized V cache needs flash attention
        else note(l, "launch_kv_f16", {{"kv_quant", s.kv_quant}});
    }
    if (s.images && r.model.params_vision > 0) c += " --mmproj mmproj-" + file_stem(r) + "-F16.gguf";
    // Speculative decoding (common/arg.cpp since b9235: --spec-type draft-mtp for the GGUF's MTP layers; a draft model
    // with -md on the GPU, -ngld 99; --spec-draft-n-max drafted tokens a step).
    const std::string k = std::to_string(r.speed.speculative.draft_tokens);
    if (s.speculative == "mtp") c += " --spec-type draft-mtp --spec-draft-n-max " + k;
    if (s.speculative == "draft")
        c += " -md " + gguf_file(catalog().find_model(s.draft_model)->name, s.quant) + " -ngld 99 --spec-draft-n-max " + k;
    l.command = c;
    if (s.engine == Engine::ik_llama_cpp && l.note_code.empty()) note(l, "launch_ik_llama", {});
    // Ollama runs the same GGUF; its context is the server's setting, not the model's.
    LaunchAlt ollama;
    ollama.tool = "ollama";
    ollama.command = ollama_serve(s);
    note(ollama, "launch_ollama_ctx", {{"default_ctx", std::to_string(ollama_default_ctx(total_vram(r)))}, {"ctx", std::to_string(s.ctx)}});
    // Ollama splits by layer only (no split-mode setting): no alternative for a row or tensor split.
    if (s.split_mode == "layer") l.others.push_back(std::move(ollama));
    if (r.device.vendor == Vendor::apple && !r.model.hf_repo.empty()) {
        LaunchAlt mlx;
        mlx.tool = "mlx_lm";
        mlx.command = "mlx_lm.server --model " + r.model.hf_repo + " --max-tokens " + std::to_string(s.task_out_tokens);
        note(mlx, "launch_mlx", {});
        l.others.push_back(std::move(mlx));
    }
    return l;
}

[[gnu::noinline]] Launch launch_ollama(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    // Ollama's layers, batch and buffers are its own choice; the context and KV type are set on the server.
    l.tool = "ollama";
    l.command = ollama_serve(s);
    note(l, "launch_ollama_run", {{"default_ctx", std::to_string(ollama_default_ctx(total_vram(r)))}, {"ctx", std::to_string(s.ctx)}});
    return l;
}

[[gnu::noinline]] Launch launch_sglang(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    // python/sglang/srt/server_args.py: --model-path, --context-length, --tp-size, --mem-fraction-static (its
    // default for this GPU, which headroom sizes with), --max-running-requests, --kv-cache-dtype, --quantization.
    l.tool = "sglang";
    std::string c = "python -m sglang.launch_server --model-path " + repo_or_placeholder(r);
    c += " --context-length " + std::to_string(s.ctx);
    if (s.gpus > 1) c += " --tp-size " + std::to_string(s.gpus);
    c += " --mem-fraction-static " + fmt_num(sglang_defaults(r.device.mem_bytes, s.gpus).mem_fraction_static);
    c += " --max-running-requests " + std::to_string(std::max<int64_t>(s.batch, 1));
    if (s.kv_quant == "fp8") c += " --kv-cache-dtype fp8_e4m3";
    if (s.quant == "fp8") c += " --quantization fp8";
    // SGLang runs MTP layers as a one-token-wide EAGLE chain (server_args.py: --speculative-algorithm, -num-steps,
    // -eagle-topk, -num-draft-tokens = steps + 1).
    const int64_t k = r.speed.speculative.draft_tokens;
    if (s.speculative == "mtp")
        c += " --speculative-algorithm EAGLE --speculative-num-steps " + std::to_string(k) + " --speculative-eagle-topk 1 --speculative-num-draft-tokens " +
             std::to_string(k + 1);
    if (s.speculative == "draft")
        c += " --speculative-algorithm STANDALONE --speculative-draft-model-path " + catalog().find_model(s.draft_model)->hf_repo +
             " --speculative-num-steps " + std::to_string(k) + " --speculative-eagle-topk 1 --speculative-num-draft-tokens " + std::to_string(k + 1);
    l.command = c;
    return l;
}

[[gnu::noinline]] Launch launch_trtllm(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    // tensorrt_llm/commands/serve.py: MODEL, --max_seq_len, --tp_size, --max_batch_size,
    // --kv_cache_free_gpu_memory_fraction (0.9, the default headroom sizes with).
    l.tool = "trtllm-serve";
    std::string c = "trtllm-serve " + repo_or_placeholder(r) + " --max_seq_len " + std::to_string(s.ctx);
    if (s.gpus > 1) c += " --tp_size " + std::to_string(s.gpus);
    c += " --max_batch_size " + std::to_string(std::max<int64_t>(s.batch, 1));
    c += " --kv_cache_free_gpu_memory_fraction " + fmt_num(kTrtllmKvFreeFraction);
    l.command = c;
    if (s.kv_quant != "bf16" && s.kv_quant != "f16") note(l, "launch_trtllm_kv", {{"kv_quant", s.kv_quant}});
    return l;
}

[[gnu::noinline]] Launch launch_mlx(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    // mlx_lm.server loads a Hugging Face repository as it is (16-bit); a quantized model is converted first
    // (mlx_lm/convert.py: --hf-path, --mlx-path, -q, --q-bits; mlx-community publishes many such conversions).
    l.tool = "mlx_lm";
    const WeightFormat* wf = catalog().find_weight_format(s.quant);
    const double bits = wf ? wf->nominal_bits : 16;
    std::string model = repo_or_placeholder(r), c;
    if (bits < 16) {
        const std::string b = std::to_string(mlx_bits(bits));
        const std::string out = file_stem(r) + "-" + b + "bit";
        c = "mlx_lm.convert --hf-path " + model + " --mlx-path " + out + " -q --q-bits " + b + " && ";
        model = out;
    }
    c += "mlx_lm.server --model " + model + " --max-tokens " + std::to_string(s.task_out_tokens);
    if (s.batch > 32) c += " --decode-concurrency " + std::to_string(s.batch);   // mlx_lm/server.py: 32 by default
    l.command = c;
    note(l, "launch_mlx", {});
    return l;
}

[[gnu::noinline]] Launch launch_vllm(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    l.tool = "vllm";
    // On a CPU host (placement cpu, or a CPU device) vLLM's CPU build runs it: the KV cache is VLLM_CPU_KVCACHE_SPACE
    // GiB (docs/getting_started/installation/cpu.md, "Related runtime environment variables" and its launch example),
    // no --gpu-memory-utilization; no --device either (the CPU build detects its platform), and bfloat16 for a 16-bit
    // format, as that page recommends ("unstable float16 support in torch CPU"; the bytes are the same).
    const bool cpu = r.device.vendor == Vendor::cpu;
    std::string c = cpu ? "VLLM_CPU_KVCACHE_SPACE=" + std::to_string(vllm_cpu_kvcache_gib(r.memory.kv_cache_bytes)) + " " : "";
    c += "vllm serve " + repo_or_placeholder(r);
    c += " --max-model-len " + std::to_string(s.ctx);
    if (s.gpus > 1) c += " --tensor-parallel-size " + std::to_string(s.gpus);
    static_assert(kVllmGpuMemUtil == 0.90, "the command names the share headroom sizes with (not vLLM's default, 0.92 now)");
    // On a Mac (placement cpu beside its GPU) the CPU backend "supports FP32 and FP16 datatypes" only
    // (docs/getting_started/installation/cpu.apple.inc.md): float16 there, the same bytes.
    const Device* asked = s.custom_device ? nullptr : catalog().find_device(s.gpu);
    const bool mac = asked && asked->vendor == Vendor::apple;
    if (cpu && (s.quant == "bf16" || s.quant == "f16")) c += mac ? " --dtype float16" : " --dtype bfloat16";
    if (!cpu) c += " --gpu-memory-utilization 0.90";
    c += " --max-num-seqs " + std::to_string(std::max<int64_t>(s.batch, 1));
    if (s.kv_quant == "fp8") c += " --kv-cache-dtype fp8";
    const std::string& q = s.quant;
    if (q == "fp8") c += " --quantization fp8";
    else if (q == "awq" || q == "gptq")
        note(l, "launch_vllm_quant", {{"quant", q}});
    // vLLM's speculative config (docs: "method": "mtp" for the checkpoint's MTP layers; "model" for a draft model).
    const std::string k = std::to_string(r.speed.speculative.draft_tokens);
    if (s.speculative == "mtp") c += " --speculative-config '{\"method\": \"mtp\", \"num_speculative_tokens\": " + k + "}'";
    if (s.speculative == "draft")
        c += " --speculative-config '{\"model\": \"" + catalog().find_model(s.draft_model)->hf_repo + "\", \"num_speculative_tokens\": " + k + "}'";
    l.command = c;
    return l;
}

[[gnu::noinline]] Launch launch_ktransformers(const Report& r) {
    const Scenario& s = r.scenario;
    Launch l;
    // doc/en/DeepseekR1_V3_tutorial.md ("v0.2.4"), doc/en/Kimi-K2.md: ktransformers/server/main.py with --model_path (the
    // safetensors config), --gguf_path (a folder of GGUF files; the AMX kernels read a BF16 GGUF, doc/en/AMX.md),
    // --optimize_config_path, --cpu_infer (CPU threads), --cache_lens (KV tokens all requests share), --max_batch_size,
    // --max_new_tokens, --backend_type balance_serve (the multi-request engine).
    l.tool = "ktransformers";
    const bool amx = std::string(kt_kernel_name(s)) == "AMX";
    std::string gguf = gguf_file(file_stem(r), amx ? "bf16" : s.quant);
    gguf.resize(gguf.size() - 5);   // the folder, without ".gguf"
    std::string c = "python ktransformers/server/main.py --model_path " + repo_or_placeholder(r) + " --gguf_path ./" + gguf + "/";
    c += " --optimize_config_path ktransformers/optimize/optimize_rules/" + kt_rules(r);
    c += " --cpu_infer <cores> --cache_lens " + std::to_string(s.ctx * std::max<int64_t>(s.batch, 1));
    c += " --max_batch_size " + std::to_string(std::max<int64_t>(s.batch, 1)) + " --max_new_tokens " + std::to_string(s.task_out_tokens);
    c += " --backend_type balance_serve";
    l.command = c;
    note(l, "launch_ktransformers", {});
    return l;
}
}  // namespace

Launch launch_commands(const Report& r, const std::vector<int>& layer_shares) {
    const Scenario& s = r.scenario;
    const Fit& f = r.fit;
    Launch l;
    if (f.placement == Placement::stream) {
        note(l, "launch_stream", {});
        return l;
    }
    if (ggml_engine(s.engine) && s.engine != Engine::ollama) return launch_llama_server(r, layer_shares);
    if (s.engine == Engine::ollama) return launch_ollama(r);
    if (s.engine == Engine::sglang) return launch_sglang(r);
    if (s.engine == Engine::trt_llm) return launch_trtllm(r);
    if (s.engine == Engine::mlx) return launch_mlx(r);
    if (s.engine == Engine::vllm) return launch_vllm(r);
    if (s.engine == Engine::ktransformers) return launch_ktransformers(r);
    l.tool = "transformers";
    note(l, "launch_transformers", {{"repo", repo_or_placeholder(r)},
                                    {"max_new_tokens", std::to_string(s.task_out_tokens)}});
    return l;
}

}  // namespace headroom::detail
