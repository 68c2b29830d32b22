// Recommendations are searches over scenarios: every candidate is evaluated by the same core.
#include <algorithm>
#include <cmath>

#include "internal.hpp"

namespace headroom {
namespace {

constexpr int kCounts[] = {1, 2, 3, 4, 6, 8};   // identical devices per configuration
constexpr double kDefaultTarget = 10.0;   // tokens/s a configuration must reach to "run well"

// Formats to try on a device, widest first: the ones people download.
constexpr const char* kDeviceFormats[] = {"bf16", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "iq2_xxs"};

}  // namespace

std::vector<Report> recommend(const Scenario& base, RecommendFor what, int top) {
    if (auto e = validate(base)) throw *e;
    top = std::clamp(top, 1, 100);
    std::vector<Report> out;
    // "Runs well": the target speed, 10 tokens/s by default (reading speed), except when ranking by speed
    // within a budget; fine-tuning has no decode speed to meet.
    const bool inference = base.mode == Mode::inference;
    const double target = !inference ? 0
                          : base.target_tokens_per_s > 0 ? base.target_tokens_per_s
                          : (what == RecommendFor::model && base.budget_usd > 0) ? 0 : kDefaultTarget;
    auto fast_enough = [&](const Report& r) { return target <= 0 || (r.has_speed && r.speed.decode_tokens_per_s >= target); };
    const Catalog& cat = catalog();
    if (what == RecommendFor::model) {
        for (const Device& d : cat.devices) {
            for (int n : kCounts) {
                if (d.unified_memory && n > 1) break;   // one Mac, one Spark: not a multi-GPU box
                Scenario s = base;
                s.gpu = d.id;
                s.custom_device.reset();
                s.gpus = n;
                s.claim_tokens_per_s = 0;
                if (validate(s)) continue;
                Report r = evaluate(s);
                if (!r.fit.fits) continue;
                if (!fast_enough(r)) continue;
                if (base.budget_usd > 0 && (d.price_usd <= 0 || r.config_price_usd > base.budget_usd)) continue;
                out.push_back(std::move(r));
                break;   // the fewest devices of this kind that do it
            }
        }
        const bool by_speed = base.budget_usd > 0 && inference;
        std::stable_sort(out.begin(), out.end(), [&](const Report& a, const Report& b) {
            const bool pa = a.device.price_usd > 0, pb = b.device.price_usd > 0;
            if (by_speed) return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
            if (pa != pb) return pa;   // priced configurations first; unpriced (datacenter) after
            if (pa && a.config_price_usd != b.config_price_usd) return a.config_price_usd < b.config_price_usd;
            return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
        });
    } else {
        for (const Model& m : cat.models) {
            for (const char* f : kDeviceFormats) {
                Scenario s = base;
                s.model = m.id;
                s.custom_model.reset();
                s.quant = f;
                s.claim_tokens_per_s = 0;
                if (s.ctx > m.max_ctx) s.ctx = m.max_ctx;
                if (validate(s)) continue;
                Report r = evaluate(s);
                if (!r.fit.fits || !fast_enough(r)) continue;
                out.push_back(std::move(r));
                break;   // the widest format that runs well
            }
        }
        std::stable_sort(out.begin(), out.end(), [](const Report& a, const Report& b) {
            if (a.params_total != b.params_total) return a.params_total > b.params_total;
            return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
        });
    }
    if (int(out.size()) > top) out.resize(size_t(top));
    return out;
}

}  // namespace headroom
