// Speculative decoding (docs/speed.md, "Speculative decoding"): a drafter proposes k tokens one at a time, the
// model verifies them in one step over k + 1 tokens of each sequence, and keeps the accepted prefix plus a token
// of its own. With each drafted token accepted with probability a, independently (Leviathan et al. 2023, "Fast
// Inference from Transformers via Speculative Decoding", eq. 1), a step yields (1 - a^(k+1)) / (1 - a) tokens.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "engine_defaults.hpp"
#include "internal.hpp"

namespace headroom::detail {
namespace {

// Published per-token acceptance rates by model family (docs/speculative-sources.md: solved back from the
// accepted share or accept length the runs print; tests/test_speculative.cpp checks each against its rows).
struct FamilyRate {
    const char* key;        // the basis a report names
    const char* id_prefix;  // catalog ids it covers
    const char* method;     // mtp | draft
    bool vllm_only;         // only for vLLM-family engines (vLLM, SGLang): the same prompts accept less there
    double a;
};
constexpr FamilyRate kFamilyRates[] = {
    // DeepSeek-V3 technical report 5.4.3: the second token is accepted 85%-90% of the time; vLLM PR #12755: 81-82.3%, k = 1.
    {"deepseek_mtp", "deepseek", "mtp", false, 0.82},
    // Qwen3.5/3.6 MTP. vLLM on an RTX PRO 6000 (sudoingX/qwen38-mtp PR 11): 0.68-0.70 solved back from its accepted
    // share at k = 2 and 4. llama.cpp (PR #22673, sudoingX/qwen38-mtp): accepted shares 0.64-0.82 at k = 2-4, median
    // 0.72, taken as a itself: llama.cpp stops a draft when the drafter is unsure (--spec-draft-p-min), so its share is
    // over fewer than k tokens a step, and solving it back as if k were drafted overstates a (the published speedups
    // follow the share: tests/test_speculative.cpp).
    {"qwen3.5_mtp_vllm", "qwen3.", "mtp", true, 0.70},
    {"qwen3.5_mtp", "qwen3.", "mtp", false, 0.72},
    // GLM-4.6 in vLLM (#25993) and GLM-4.5-Air in ik_llama.cpp (#1992): about 0.8 at k = 1.
    {"glm_mtp", "glm-", "mtp", false, 0.80},
};
// A draft model without a published rate for its pair: an assumption inside the published draft runs' range (0.51 to
// 0.89 by task and pair, tests/data/speculative_measurements.json), said in a warning.
constexpr double kDraftRateAssumed = 0.70;

// An MTP family without a published rate: the median of the families' rates above, said in a warning.
double mtp_rate_assumed() {
    std::vector<double> r;
    for (const FamilyRate& f : kFamilyRates)
        if (std::string_view(f.method) == "mtp") r.push_back(f.a);
    std::sort(r.begin(), r.end());
    return r.size() % 2 ? r[r.size() / 2] : (r[r.size() / 2 - 1] + r[r.size() / 2]) / 2;
}

const Model& draft_of(const Scenario& s) { return *catalog().find_model(s.draft_model); }

}  // namespace

double spec_tokens_per_step(double a, int64_t k) {
    return a >= 1.0 ? double(k + 1) : (1.0 - std::pow(a, double(k + 1))) / (1.0 - a);
}

SpecRate spec_default_rate(const Model& m, const Scenario& s) {
    const bool vllm_family = s.engine == Engine::vllm || s.engine == Engine::sglang;
    for (const FamilyRate& f : kFamilyRates) {
        if (s.speculative != f.method || (f.vllm_only && !vllm_family)) continue;
        if (m.id.rfind(f.id_prefix, 0) == 0) return {f.a, f.key, false};
    }
    return s.speculative == "mtp" ? SpecRate{mtp_rate_assumed(), "mtp_median", true} : SpecRate{kDraftRateAssumed, "draft_assumed", true};
}

int64_t speculative_bytes(const Model& m, const Scenario& s, const WeightFormat& wf, const KvFormat& kvf) {
    if (s.speculative == "mtp") {
        // The modules' parameters at the decoder layers' bytes per parameter in this format, and a KV cache each.
        const Model one = mtp_module(m);
        Model no_layer = one;
        no_layer.n_layer = 0;
        no_layer.layer_mixer.clear();
        no_layer.layer_ffn.clear();
        const WeightBytes w = weight_bytes(one, wf);
        const double layer_params = double(params_total(one) - params_total(no_layer));
        const double per_param = layer_params > 0 ? double(w.layers_total) / layer_params : 0;
        const int64_t kv = kv_cache_bytes(one, kvf, s.engine, s.ctx, s.batch, false, llama_ubatch(s));
        return checked_bytes(double(m.params_mtp) * per_param + double(m.n_layer_mtp) * double(kv), "the MTP layers");
    }
    if (s.speculative == "draft") {
        const Model& d = draft_of(s);
        return checked_bytes(double(weight_bytes(d, wf).total()) + double(kv_cache_bytes(d, kvf, s.engine, s.ctx, s.batch, false, llama_ubatch(s))) +
                                 double(state_bytes(d, s.engine, s.batch)),
                             "the draft model");
    }
    return 0;
}

void estimate_speed(const Model& m, const Device& dev, const Scenario& s, const KvFormat& kvf, const WeightBytes& w,
                    const Placed& placed, Speed& out, std::vector<Warning>& warnings) {
    estimate_speed_plain(m, dev, s, kvf, w, placed, out, warnings);
    if (s.speculative == "none" || out.decode_tokens_per_s <= 0) return;

    SpeculativeSpeed sp;
    sp.method = s.speculative;
    sp.plain_tokens_per_s = out.decode_tokens_per_s;
    const SpecRate rate = s.accept_rate ? SpecRate{*s.accept_rate, "given", false} : spec_default_rate(m, s);
    sp.accept_rate = rate.a;
    sp.accept_rate_basis = rate.basis;

    // One drafted token: the drafter's own decode step, without the engine's per-step cost (the draft runs inside the
    // model's step), on the first device, or tensor-parallel like the model on a tensor-parallel engine (vLLM's and
    // SGLang's drafters take the model's tensor-parallel size). MTP: one module and the head; draft: the whole model.
    const WeightFormat& wf = *catalog().find_weight_format(s.quant);
    Scenario ds = s;
    ds.speculative = "none";
    ds.gpus = tensor_parallel_engine(s.engine) ? s.gpus : 1;
    ds.placement = Placement::gpu;
    const Model drafter = s.speculative == "mtp" ? mtp_module(m) : draft_of(s);
    if (s.speculative == "draft") sp.draft_model = drafter.id;
    Placed dp;
    dp.placement = Placement::gpu;
    dp.gpu_layers = drafter.n_layer;
    Speed dsp;
    std::vector<Warning> unused;
    estimate_speed_plain(drafter, dev, ds, kvf, weight_bytes(drafter, wf), dp, dsp, unused);
    const double step_s = speed_calibration(s, dev).step_us * 1e-6;
    sp.draft_step_s = std::max(0.0, 1.0 / dsp.decode_tokens_per_s - step_s);

    // k: as given; MTP: one token per module in the checkpoint; a draft model: the k in 1..16 with the best estimate
    // (llama.cpp drafts up to --spec-draft-n-max, 16 by default, while the draft is confident).
    auto verify_s = [&](int64_t k) {
        Speed v;
        estimate_speed_plain(m, dev, s, kvf, w, placed, v, unused, int(k + 1));
        return 1.0 / v.decode_tokens_per_s;
    };
    auto rate_for = [&](int64_t k) { return spec_tokens_per_step(sp.accept_rate, k) / (verify_s(k) + double(k) * sp.draft_step_s); };
    int64_t k = s.draft_tokens ? *s.draft_tokens : s.speculative == "mtp" ? std::max(1, m.n_layer_mtp) : 1;
    if (!s.draft_tokens && s.speculative == "draft") {
        double best = rate_for(k);
        for (int64_t c = 2; c <= 16; ++c)
            if (const double r = rate_for(c); r > best) best = r, k = c;
    }
    sp.draft_tokens = k;
    sp.verify_step_s = verify_s(k);
    sp.tokens_per_step = spec_tokens_per_step(sp.accept_rate, k);

    const double t = sp.verify_step_s + double(k) * sp.draft_step_s;
    out.decode_tokens_per_s = sp.tokens_per_step / t;
    out.decode_zh_chars_per_s = out.decode_tokens_per_s / kTokensPerZhChar;
    out.aggregate_tokens_per_s = double(s.batch) * out.decode_tokens_per_s;
    out.bound_tokens_per_s *= sp.tokens_per_step;   // the bounding resource's limit, a step now yielding tokens_per_step
    // llama.cpp's Vulkan backend and Apple GPUs verified drafts slower than they decode one token in published runs
    // (an R9700 with Vulkan, an M4 Pro, M1 Ultras with MLX: tests/data/speculative_measurements.json), which the
    // bandwidth and FLOPs of a step do not explain: said, not modelled.
    if (s.backend == Backend::vulkan || dev.vendor == Vendor::apple)
        warnings.push_back(warning("speculative_backend", {{"backend", dev.vendor == Vendor::apple ? "Apple" : "Vulkan"}}));
    if (rate.assumed)
        warnings.push_back(warning(s.speculative == "mtp" ? "speculative_rate_assumed_mtp" : "speculative_rate_assumed_draft",
                                   {{"model", m.name}, {"rate", fmt_num(rate.a)}}));
    if (out.decode_tokens_per_s < sp.plain_tokens_per_s)
        warnings.push_back(warning("speculative_slower", {{"with", sig3(out.decode_tokens_per_s)}, {"without", sig3(sp.plain_tokens_per_s)},
                                                          {"k", num_text(k)}, {"rate", fmt_num(sp.accept_rate)}}));
    out.speculative = std::move(sp);
}

}  // namespace headroom::detail
