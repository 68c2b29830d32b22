// The quant ladder: per weight format, the largest context that fits, and the KV-cache format as a lever
// (headroom.hpp, docs/sizing.md "The quant ladder").
#include "headroom/headroom.hpp"
#include "internal.hpp"

namespace headroom {
namespace {

// The formats people pick from for each kind of engine, widest first: llama.cpp's common GGUF types (llama.cpp's
// quantize presets), and the checkpoints PyTorch engines load.
constexpr const char* kGgufLadder[] = {"f16", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "iq4_xs", "q3_k_m", "iq3_xxs", "q2_k", "iq2_xxs"};
constexpr const char* kTorchLadder[] = {"bf16", "fp8", "int8", "awq", "nvfp4"};
constexpr const char* kGgufKv[] = {"f16", "q8_0", "q4_0"};
constexpr const char* kTorchKv[] = {"bf16", "fp8"};

// The GGUF engines (llama.cpp, ik_llama.cpp, Ollama, generic: scenario.hpp ggml_engine), and KTransformers, which reads
// GGUF files (its experts on llamafile's kernels).
bool ggml(Engine e) { return ggml_engine(e) || e == Engine::ktransformers; }

}  // namespace

Ladder quant_ladder(const Scenario& base) {
    if (auto e = validate(base)) throw *e;
    if (base.mode != Mode::inference) throw detail::input_error("mode", "ladder_inference", {});
    const Catalog& cat = catalog();
    const Model& m = base.custom_model ? *base.custom_model : *cat.find_model(base.model);
    const Device& dev = base.custom_device ? *base.custom_device : *cat.find_device(base.gpu);
    Ladder l;
    l.placement = base.placement != Placement::auto_ ? base.placement : dev.vendor == Vendor::cpu ? Placement::cpu : Placement::gpu;
    // KTransformers runs a mixture of experts with its experts in host RAM (evaluate.cpp place_ktransformers).
    if (base.engine == Engine::ktransformers && base.placement == Placement::auto_ && m.is_moe()) l.placement = Placement::cpu_moe;
    auto rung = [&](Scenario s, const std::string& id, double bits, int64_t weights) {
        LadderRung r{id, bits, weights, detail::max_ctx_with(s, m.max_ctx, l.placement), 0};
        r.decode_tokens_per_s = detail::decode_with(s, l.placement);
        return r;
    };
    std::vector<std::string> quants;
    if (ggml(base.engine)) {
        quants.assign(std::begin(kGgufLadder), std::end(kGgufLadder));
        if (m.gguf_experts_mxfp4) quants.insert(quants.begin() + 1, "mxfp4_moe");   // as gpt-oss ships
    } else {
        quants.assign(std::begin(kTorchLadder), std::end(kTorchLadder));
        if (m.gguf_experts_mxfp4) quants.insert(quants.begin() + 1, "mxfp4");
    }
    // A model read from a file: its own format is the file (exact bytes); the other rungs are the formats one could
    // download instead, estimated from the file's shape.
    const FileWeights* fw = m.file.get();
    const int64_t file_weights = fw ? detail::weight_bytes(*fw, m).total() : 0;
    const std::string own = fw && !fw->quant.empty() ? fw->quant : detail::lower(base.quant);
    bool has_own = false;
    for (const std::string& q : quants) has_own = has_own || q == own;
    if (!has_own) quants.push_back(own);   // the scenario's own format is always a rung
    for (const std::string& q : quants) {
        const WeightFormat* wf = cat.find_weight_format(q);
        Scenario s = base;
        s.quant = q;
        if (fw && q == own) {
            l.quants.push_back(rung(s, wf->id, wf->nominal_bits, file_weights));
            continue;
        }
        if (fw) {
            s.custom_model->file.reset();
            s.custom_model_origin = "config";
        }
        l.quants.push_back(rung(s, wf->id, wf->nominal_bits, detail::weight_bytes(m, *wf).total()));
    }
    const int64_t own_weights = fw ? file_weights : detail::weight_bytes(m, *cat.find_weight_format(own)).total();
    for (const char* k : ggml(base.engine) ? std::vector<const char*>(std::begin(kGgufKv), std::end(kGgufKv))
                                           : std::vector<const char*>(std::begin(kTorchKv), std::end(kTorchKv))) {
        Scenario s = base;
        s.kv_quant = k;
        // A KV format the engine refuses here (vLLM's CPU backend has no fp8 cache) is not a rung: listing it as
        // "does not fit" would say memory where the engine says no.
        if (const auto e = validate(s); e && e->field == "kv_quant") continue;
        l.kv.push_back(rung(s, k, cat.find_kv_format(k)->bits, own_weights));
    }
    return l;
}

}  // namespace headroom
