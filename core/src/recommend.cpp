// Recommendations are searches over scenarios: every candidate is evaluated by the same core.
#include <algorithm>
#include <cmath>
#include <string>

#include "internal.hpp"

namespace headroom {
namespace {

constexpr int kCounts[] = {1, 2, 3, 4, 6, 8};   // identical devices per configuration
constexpr double kDefaultTarget = 10.0;   // tokens/s a configuration must reach to "run well"

// Formats to try on a device, widest first: the ones people download.
constexpr const char* kDeviceFormats[] = {"bf16", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "iq2_xxs"};

// Models for a device, best first (docs/recommend.md): a format of at least the default min_bits (4) before a
// narrower one (llama.cpp's quantize table, Llama-3-8B: Q4_K_M +0.18 perplexity, Q3_K_M +0.66, Q2_K +3.5); then
// a model of the catalog's last year before an older one (or one of unknown date); then the larger; the faster.
const double kSensibleBits = Scenario{}.min_bits;

// The first day of the last year of releases: the newest release_date in the catalog, a year earlier
// ("2026-11-20" -> "2025-11-20"); "" when no model has a date. Dates compare as text (YYYY-MM-DD).
std::string recent_since(const Catalog& cat) {
    std::string newest;
    for (const Model& m : cat.models()) newest = std::max(newest, m.release_date);
    if (newest.size() != 10) return "";
    return std::to_string(std::stoi(newest.substr(0, 4)) - 1) + newest.substr(4);
}

// A configuration's price in the scenario's market (cost.cpp: street, Chinese, used, else launch), in USD for the budget.
double market_usd(const Report& r) {
    return r.scenario.currency == "CNY" ? r.cost.price / r.scenario.exchange_rate : r.cost.price;
}

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
        for (const Device& d : cat.devices()) {
            for (int n : kCounts) {
                if (d.unified_memory && n > 1) break;   // one Mac, one Spark: not a multi-GPU box
                Scenario s = base;
                s.gpu = d.id;
                s.custom_device.reset();
                s.gpus = n;
                s.claim_tokens_per_s = 0;
                if (validate(s)) continue;
                Report r = evaluate(s, Depth::sweep);
                if (!r.fit.fits) continue;
                if (!fast_enough(r)) continue;
                if (base.budget_usd > 0 && (market_usd(r) <= 0 || market_usd(r) > base.budget_usd)) continue;
                out.push_back(std::move(r));
                break;   // the fewest devices of this kind that do it
            }
        }
        const bool by_speed = base.budget_usd > 0 && inference;
        std::stable_sort(out.begin(), out.end(), [&](const Report& a, const Report& b) {
            const bool pa = a.cost.price > 0, pb = b.cost.price > 0;
            if (by_speed) return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
            if (pa != pb) return pa;   // priced configurations first; unpriced (datacenter) after
            if (pa && a.cost.price != b.cost.price) return a.cost.price < b.cost.price;   // the market's price, in the currency
            return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
        });
    } else {
        for (const Model& m : cat.models()) {
            for (const char* f : kDeviceFormats) {
                const WeightFormat* wf = cat.find_weight_format(f);
                if (!wf || wf->nominal_bits < base.min_bits) break;   // narrower still: below the floor too
                Scenario s = base;
                s.model = m.id;
                s.model_renamed_from.clear();   // the base's model may have been given by a former repo id: not this one
                s.custom_model.reset();
                s.quant = f;
                s.claim_tokens_per_s = 0;
                if (s.ctx > m.max_ctx) s.ctx = m.max_ctx;
                if (validate(s)) continue;
                Report r = evaluate(s, Depth::sweep);
                if (!r.fit.fits || !fast_enough(r)) continue;
                out.push_back(std::move(r));
                break;   // the widest format that runs well
            }
        }
        const std::string since = recent_since(cat);
        auto sensible = [&](const Report& r) { return cat.find_weight_format(r.scenario.quant)->nominal_bits >= kSensibleBits; };
        auto recent = [&](const Report& r) { return !since.empty() && r.model.release_date >= since; };
        std::stable_sort(out.begin(), out.end(), [&](const Report& a, const Report& b) {
            if (sensible(a) != sensible(b)) return sensible(a);
            if (recent(a) != recent(b)) return recent(a);
            if (a.params_total != b.params_total) return a.params_total > b.params_total;
            return a.speed.decode_tokens_per_s > b.speed.decode_tokens_per_s;
        });
    }
    if (int(out.size()) > top) out.resize(size_t(top));
    // The ones shown, with their inverse answers (inference only has them; its normalized scenario evaluates the same).
    if (inference)
        for (Report& r : out) r = evaluate(r.scenario);
    return out;
}

}  // namespace headroom
