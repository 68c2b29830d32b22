// What to type: the command line that runs a scenario on its engine, from the report's own placement
// (docs/launch.md). The flags are the engines' documented ones; nothing here changes a number in the report.
#include <cmath>
#include <string>

#include "internal.hpp"

namespace headroom::detail {
namespace {

// The model's name in a file name ("model" for a custom shape).
// A repository folder's GGUF conversion takes the folder's name.
std::string file_stem(const Report& r) {
    if (r.model.file && r.model.file->kind == "safetensors" && !r.model.file->file.empty()) return r.model.file->file;
    return r.model.id == "custom" ? "model" : r.model.name;
}

// A GGUF file name as the common conversions spell it: <name>-<QUANT>.gguf (the user's own file stands in for it).
std::string gguf_name(const Report& r) {
    if (r.model.file && r.model.file->kind == "gguf" && !r.model.file->file.empty()) return r.model.file->file;   // the user's own file
    std::string q = r.scenario.quant;
    for (char& c : q) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (q == "MXFP4_MOE") q = "MXFP4";
    return file_stem(r) + "-" + q + ".gguf";
}

// llama.cpp's KV cache types (-ctk/-ctv, common/arg.cpp): the catalog's ids where llama.cpp has them.
bool llama_kv_type(const std::string& kv) {
    for (const char* t : {"f16", "bf16", "q8_0", "q5_1", "q5_0", "q4_1", "q4_0", "iq4_nl"})
        if (kv == t) return true;
    return false;
}

// Ollama's default context for the GPU memory it finds (docs/context-length.mdx, ollama@948f693):
// under 24 GiB 4k, 24-48 GiB 32k, from 48 GiB 256k.
int64_t ollama_default_ctx(int64_t vram_bytes) {
    const double gib = double(vram_bytes) / kBytesPerGiB;
    return gib < 24 ? 4096 : gib < 48 ? 32768 : 262144;
}

std::string join_shares(const std::vector<int>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

}  // namespace

// A launch note: a coded sentence (messages.cpp), on the command or on one of the others.
template <class T>
void note(T& target, const char* code, Params p) {
    Warning w = warning(code, std::move(p));
    target.note_code = std::move(w.code);
    target.note = std::move(w.message);
    target.note_params = std::move(w.params);
}

Launch launch_commands(const Report& r, const std::vector<int>& layer_shares) {
    const Scenario& s = r.scenario;
    const Fit& f = r.fit;
    Launch l;
    if (f.placement == Placement::stream) {
        note(l, "launch_stream", {});
        return l;
    }
    const bool ggml = s.engine == Engine::llama_cpp || s.engine == Engine::generic;
    if (ggml) {
        l.tool = "llama-server";
        std::string c = "llama-server -m " + gguf_name(r);
        // -c is the whole cache, shared by the -np slots: ctx per sequence x sequences.
        c += " -c " + std::to_string(s.ctx * s.batch);
        if (s.batch > 1) c += " -np " + std::to_string(s.batch);
        // -ngl counts the repeating layers, then the output layer: n_layer + 1 puts everything on the GPU(s).
        const int ngl = f.placement == Placement::cpu ? 0
                        : f.placement == Placement::offload ? f.gpu_layers
                                                            : f.total_layers + 1;
        c += " -ngl " + std::to_string(ngl);
        if (f.placement == Placement::cpu_moe) c += " --n-cpu-moe " + std::to_string(f.n_cpu_moe);
        if (layer_shares.size() > 1 && ngl > 0) c += " --split-mode layer --tensor-split " + join_shares(layer_shares);
        if (s.kv_quant != "f16") {
            if (llama_kv_type(s.kv_quant)) c += " -fa on -ctk " + s.kv_quant + " -ctv " + s.kv_quant;   // a quantized V cache needs flash attention
            else note(l, "launch_kv_f16", {{"kv_quant", s.kv_quant}});
        }
        if (s.images && r.model.params_vision > 0) c += " --mmproj mmproj-" + file_stem(r) + "-F16.gguf";
        l.command = c;
        // Ollama runs the same GGUF; its context is the server's setting, not the model's.
        const int64_t vram = f.placement == Placement::cpu ? 0 : r.memory.capacity_bytes;
        std::string o = "OLLAMA_CONTEXT_LENGTH=" + std::to_string(s.ctx);
        if (s.batch > 1) o += " OLLAMA_NUM_PARALLEL=" + std::to_string(s.batch);
        if (s.kv_quant == "q8_0" || s.kv_quant == "q4_0") o += " OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=" + s.kv_quant;
        o += " ollama serve";
        LaunchAlt ollama;
        ollama.tool = "ollama";
        ollama.command = o;
        note(ollama, "launch_ollama_ctx", {{"default_ctx", std::to_string(ollama_default_ctx(vram))}, {"ctx", std::to_string(s.ctx)}});
        l.others.push_back(std::move(ollama));
        if (r.device.vendor == Vendor::apple && !r.model.hf_repo.empty()) {
            LaunchAlt mlx;
            mlx.tool = "mlx_lm";
            mlx.command = "mlx_lm.server --model " + r.model.hf_repo + " --max-tokens " + std::to_string(s.task_out_tokens);
            note(mlx, "launch_mlx", {});
            l.others.push_back(std::move(mlx));
        }
        return l;
    }
    if (s.engine == Engine::vllm) {
        l.tool = "vllm";
        std::string c = "vllm serve " + (r.model.hf_repo.empty() ? std::string("<model>") : r.model.hf_repo);
        c += " --max-model-len " + std::to_string(s.ctx);
        if (s.gpus > 1) c += " --tensor-parallel-size " + std::to_string(s.gpus);
        c += " --gpu-memory-utilization 0.90 --max-num-seqs " + std::to_string(std::max<int64_t>(s.batch, 1));
        if (s.kv_quant == "fp8") c += " --kv-cache-dtype fp8";
        const std::string& q = s.quant;
        if (q == "fp8") c += " --quantization fp8";
        else if (q == "awq" || q == "gptq")
            note(l, "launch_vllm_quant", {{"quant", q}});
        l.command = c;
        return l;
    }
    l.tool = "transformers";
    note(l, "launch_transformers", {{"repo", r.model.hf_repo.empty() ? std::string("<model>") : r.model.hf_repo},
                                    {"max_new_tokens", std::to_string(s.task_out_tokens)}});
    return l;
}

}  // namespace headroom::detail
