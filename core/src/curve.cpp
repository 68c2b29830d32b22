// Decode speed against context length: what the page's chart draws and `headroom curve` prints.
// The choice of what "speed at a context" means is made here, once: a task whose prompt fills the
// context (task_in_tokens = ctx - task_out_tokens, one turn), so each point decodes with that context
// in the cache.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {

std::vector<int64_t> curve_contexts(const Scenario& base) {
    const Model* m = base.custom_model ? &*base.custom_model : catalog().find_model(base.model);
    const int64_t max = m && m->max_ctx > 0 ? m->max_ctx : 131072;
    std::vector<int64_t> out;
    for (int64_t c = 1024; c <= 131072; c *= 2)
        if (c <= max) out.push_back(c);
    out.push_back(base.ctx);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Scenario detail::full_context_task(const Scenario& base, int64_t c) {
    Scenario s = base;
    s.ctx = c;
    s.task_in_tokens = std::max<int64_t>(0, c - detail::task_out_tokens(base));
    s.turns = 1;
    s.cached_tokens = 0;
    s.claim_tokens_per_s = 0;
    s.claim_fits = false;
    return s;
}

std::vector<CurvePoint> context_curve(const Scenario& base, const std::vector<int64_t>& ctxs) {
    std::vector<CurvePoint> out;
    for (int64_t c : ctxs) {
        const Scenario s = detail::full_context_task(base, c);
        CurvePoint p;
        p.ctx = c;
        try {
            const Report r = evaluate(s, Depth::sweep);   // validates: a context this scenario refuses is that point's error
            p.fits = r.fit.fits;
            p.placement = r.fit.placement;
            if (r.has_speed) {
                p.decode_tokens_per_s = r.speed.decode_tokens_per_s;
                p.decode_bound = r.speed.decode_bound;
            }
        } catch (const InputError& e) {
            p.error = e.message;
        }
        out.push_back(p);
    }
    return out;
}

std::string curve_json(std::string_view scenario_json, std::string_view ctxs_json) {
    using ojson = nlohmann::ordered_json;
    return result_json("points", [&] {
        const Scenario base = scenario_from_json(scenario_json);
        if (auto e = validate(base)) throw *e;
        std::vector<int64_t> ctxs;
        if (ctxs_json.empty()) {
            ctxs = curve_contexts(base);
        } else {
            const auto j = detail::parse_json(ctxs_json);
            if (j.is_discarded() || !j.is_array() || j.size() > 64) detail::fail("ctx", "the contexts must be a JSON array of at most 64 whole numbers");
            for (const auto& v : j) {
                if (!v.is_number_integer()) detail::fail("ctx", "the contexts must be whole numbers");
                ctxs.push_back(v.get<int64_t>());
            }
        }
        ojson pts = ojson::array();
        for (const CurvePoint& p : context_curve(base, ctxs)) {
            ojson o{{"ctx", p.ctx}, {"fits", p.fits}};
            if (p.fits) {
                o["placement"] = std::string(to_string(p.placement));
                o["decode_tokens_per_s"] = p.decode_tokens_per_s;
                o["decode_bound"] = std::string(to_string(p.decode_bound));
            }
            if (!p.error.empty()) o["error"] = p.error;
            pts.push_back(o);
        }
        return pts.dump();
    });
}

}  // namespace headroom
