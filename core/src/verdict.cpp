// headroom check: a claimed decode speed, or a claim that a setup fits, against the report's estimate and the
// physical bound of the resource that limits it.
#include "internal.hpp"

namespace headroom::detail {

// A claim is impossible above what the bounding resource allows at 100% efficiency, optimistic more
// than 25% above the estimate, conservative more than 25% below it, plausible in between.
Verdict judge_claim(const Report& r, const Speed* with_mtp) {
    Verdict v;
    auto say = [&](const char* code, Params p) {
        Warning w = warning(code, std::move(p));   // a coded sentence, like a warning's
        v.code = std::move(w.code);
        v.message = std::move(w.message);
        v.params = std::move(w.params);
    };
    const std::string short_by = gib(-r.fit.headroom_bytes);   // what the device lacks, in its own unit
    if (!r.has_speed && r.scenario.claim_tokens_per_s > 0) {   // it cannot run at any speed
        v.claim_tokens_per_s = r.scenario.claim_tokens_per_s;
        v.verdict = "impossible";
        say("claim_cannot_run", {{"short", short_by}});
        return v;
    }
    if (r.scenario.claim_tokens_per_s <= 0) {   // a claim that it fits
        const std::string where = std::string(to_string(r.fit.placement));
        v.verdict = r.fit.fits ? "plausible" : "impossible";
        if (r.fit.fits) say("claim_fits", {{"placement", where}, {"spare", gib(r.fit.headroom_bytes)}});
        else say("claim_does_not_fit", {{"short", short_by}, {"placement", where}});
        if (r.has_speed) {
            v.estimate_tokens_per_s = r.speed.decode_tokens_per_s;
            v.bound_tokens_per_s = r.speed.bound_tokens_per_s;
        }
        return v;
    }
    const bool fits = r.fit.fits;
    v.claim_tokens_per_s = r.scenario.claim_tokens_per_s;
    // Above what plain decoding allows, for a model whose checkpoint holds MTP layers: judged against the speed with
    // them drafting (speculative decoding yields several tokens a step), and said so.
    const bool mtp = with_mtp && fits && r.speed.bound_tokens_per_s > 0 && v.claim_tokens_per_s > r.speed.bound_tokens_per_s &&
                     with_mtp->bound_tokens_per_s >= v.claim_tokens_per_s;
    const Speed& sp = mtp ? *with_mtp : r.speed;
    v.estimate_tokens_per_s = sp.decode_tokens_per_s;
    v.bound_tokens_per_s = sp.bound_tokens_per_s;
    v.ratio_to_estimate = v.claim_tokens_per_s / v.estimate_tokens_per_s;
    v.ratio_to_bound = v.bound_tokens_per_s > 0 ? v.claim_tokens_per_s / v.bound_tokens_per_s : 0;
    Params p{{"bound", std::string(to_string(r.speed.decode_bound))},
             {"bound_tokens_per_s", sig3(r.speed.bound_tokens_per_s)},   // plain decoding's, as the messages say
             {"estimate", sig3(v.estimate_tokens_per_s)}};
    if (!fits) p.push_back({"short", short_by});
    if (mtp) {
        p.push_back({"plain_bound", sig3(r.speed.bound_tokens_per_s)});
        p.push_back({"tokens_per_step", sig3(sp.speculative.tokens_per_step)});
    }
    auto with = [&](Params q) {
        q.insert(q.end(), p.begin(), p.end());
        return q;
    };
    if (mtp) {   // under its bound by construction
        if (v.ratio_to_estimate > 1.25) {
            v.verdict = "optimistic";
            say("claim_optimistic_mtp", with({{"ratio", sig3(v.ratio_to_estimate)}}));
        } else if (v.ratio_to_estimate < 0.75) {
            v.verdict = "conservative";
            say("claim_conservative_mtp", with({{"percent", sig3(v.ratio_to_estimate * 100)}}));
        } else {
            v.verdict = "plausible";
            say("claim_plausible_mtp", p);
        }
        return v;
    }
    if (v.bound_tokens_per_s > 0 && v.claim_tokens_per_s > v.bound_tokens_per_s) {
        v.verdict = "impossible";
        say(fits ? "claim_impossible" : "claim_impossible_no_fit", with({{"ratio", sig3(v.ratio_to_bound)}}));
    } else if (v.ratio_to_estimate > 1.25) {
        v.verdict = "optimistic";
        say(fits ? "claim_optimistic" : "claim_optimistic_no_fit", with({{"ratio", sig3(v.ratio_to_estimate)}}));
    } else if (v.ratio_to_estimate < 0.75) {
        v.verdict = "conservative";
        say(fits ? "claim_conservative" : "claim_conservative_no_fit", with({{"percent", sig3(v.ratio_to_estimate * 100)}}));
    } else {
        v.verdict = "plausible";
        say(fits ? "claim_plausible" : "claim_plausible_no_fit", p);
    }
    return v;
}

}  // namespace headroom::detail
