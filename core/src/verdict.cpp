// headroom check: a claimed decode speed, or a claim that a setup fits, against the report's estimate and the
// physical bound of the resource that limits it.
#include "internal.hpp"

namespace headroom::detail {

// A claim is impossible above what the bounding resource allows at 100% efficiency, optimistic more
// than 25% above the estimate, conservative more than 25% below it, plausible in between.
Verdict judge_claim(const Report& r) {
    Verdict v;
    if (!r.has_speed && r.scenario.claim_tokens_per_s > 0) {   // it cannot run at any speed
        v.claim_tokens_per_s = r.scenario.claim_tokens_per_s;
        v.verdict = "impossible";
        v.message = "It does not fit (" + gb(-r.fit.headroom_bytes) + " short), so it cannot run at any speed.";
        return v;
    }
    if (r.scenario.claim_tokens_per_s <= 0) {   // a claim that it fits
        const std::string where = std::string(to_string(r.fit.placement));
        v.verdict = r.fit.fits ? "plausible" : "impossible";
        v.message = r.fit.fits ? "It fits (" + where + "), with " + gb(r.fit.headroom_bytes) + " to spare."
                               : "It does not fit: " + gb(-r.fit.headroom_bytes) + " short, even with " + where + ".";
        if (r.has_speed) {
            v.estimate_tokens_per_s = r.speed.decode_tokens_per_s;
            v.bound_tokens_per_s = r.speed.bound_tokens_per_s;
        }
        return v;
    }
    v.claim_tokens_per_s = r.scenario.claim_tokens_per_s;
    v.estimate_tokens_per_s = r.speed.decode_tokens_per_s;
    v.bound_tokens_per_s = r.speed.bound_tokens_per_s;
    v.ratio_to_estimate = v.claim_tokens_per_s / v.estimate_tokens_per_s;
    v.ratio_to_bound = v.bound_tokens_per_s > 0 ? v.claim_tokens_per_s / v.bound_tokens_per_s : 0;
    const std::string bound = std::string(to_string(r.speed.decode_bound));
    const std::string fit = r.fit.fits ? "" : " (and it does not fit: " + gb(-r.fit.headroom_bytes) + " short)";
    if (v.bound_tokens_per_s > 0 && v.claim_tokens_per_s > v.bound_tokens_per_s) {
        v.verdict = "impossible";
        v.message = "The claim is " + sig3(v.ratio_to_bound) + "x what " + bound +
                    " allows even at 100% efficiency (" + sig3(v.bound_tokens_per_s) + " tokens/s)" + fit + ".";
    } else if (v.ratio_to_estimate > 1.25) {
        v.verdict = "optimistic";
        v.message = "The claim is " + sig3(v.ratio_to_estimate) + "x the estimate of " +
                    sig3(v.estimate_tokens_per_s) + " tokens/s, below the " + bound + " limit" + fit + ".";
    } else if (v.ratio_to_estimate < 0.75) {
        v.verdict = "conservative";
        v.message = "The claim is " + sig3(v.ratio_to_estimate * 100) + "% of the estimate of " +
                    sig3(v.estimate_tokens_per_s) + " tokens/s: this setup can do better" + fit + ".";
    } else {
        v.verdict = "plausible";
        v.message = "The claim is within 25% of the estimate of " + sig3(v.estimate_tokens_per_s) + " tokens/s" + fit + ".";
    }
    return v;
}

}  // namespace headroom::detail
