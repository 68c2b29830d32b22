// headroom-accuracy: the core's speed estimates against every published measurement in
// tests/data/speed_measurements.json, in sample (the shipped constants) and out of sample (each source predicted
// by constants fitted without it). Prints docs/accuracy.md's generated part (--markdown, the default), the
// constants refitted on every row beside the shipped ones (--fit; --fit-without SOURCE_KEY: the refit that leaves that
// source out), or one JSON line per row with its in-sample and
// out-of-sample predictions and its categories (--rows, the input of bench/fit_speed.py).
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "validation.hpp"

using namespace headroom::validation;

int main(int argc, char** argv) {
    std::string path = HEADROOM_SOURCE_DIR "/tests/data/speed_measurements.json";
    bool rows_out = false, fit_out = false;
    std::string leave_out;   // --fit-without SOURCE_KEY: the refit leave-one-source-out makes for that source
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--rows")) rows_out = true;
        else if (!std::strcmp(argv[i], "--fit")) fit_out = true;
        else if (!std::strcmp(argv[i], "--fit-without") && i + 1 < argc) fit_out = true, leave_out = argv[++i];
        else if (!std::strcmp(argv[i], "--markdown")) continue;
        else path = argv[i];
    }
    auto rows = evaluate_file(path);
    if (rows_out) {
        leave_one_source_out(rows);
        for (const Row& r : rows) {
            if (!r.skip.empty()) continue;
            nlohmann::json j{{"id", r.id}, {"group", r.group}, {"metric", r.metric}, {"measured", r.measured},
                             {"predicted", r.predicted}, {"calibration", r.calibration}, {"bytes_over_bw", r.feat_bytes_over_bw},
                             {"layers", r.feat_layers}, {"prefill_at_full_util", r.prefill_at_full_util},
                             {"host_s", r.feat_host_s}, {"host_eff", r.feat_host_eff}, {"n_cpu_moe", r.feat_cpu_moe_layers},
                             {"includes_prompt", r.includes_prompt}, {"holdout", r.holdout},
                             {"step_s", r.feat_step_s}, {"ttft_s", r.feat_ttft_s}, {"gen", r.feat_gen},
                             {"source_key", r.source_key}, {"expert_gemms_per_token", r.expert_gemms_per_token},
                             {"attn_s_per_token", r.attn_s_per_token}, {"prompt", r.prompt}, {"depth", r.depth}, {"moe", r.moe},
                             {"n_devices", r.n_devices}, {"expert_pad_s", r.expert_pad_s}, {"oos", r.oos}, {"oos_skip", r.oos_skip},
                             {"categories", categories_of(r)}};
            std::puts(j.dump().c_str());
        }
        return 0;
    }
    if (fit_out) {   // refitted on every row, beside the constants speed.cpp ships
        std::map<std::string, headroom::SpeedCalibration> shipped;
        for (const Row& r : rows)
            if (r.skip.empty()) shipped[r.calibration] = r.cal;
        for (const Fitted& f : fit(rows, leave_out)) {
            const auto& s = shipped[f.calibration];
            std::printf("%-22s", f.calibration.c_str());
            if (f.decode) std::printf("  bw_eff %.2f (shipped %.2f)  layer_us %.1f (shipped %.1f)", f.bw_eff, s.bw_eff, f.layer_us, s.layer_us);
            if (f.prefill) std::printf("  prefill_util %.3f (shipped %.3f)", f.prefill_util, s.prefill_util);
            if (f.moe_prefill) std::printf("  expert_pad %.1f (shipped %.1f)", f.expert_pad, s.expert_pad);
            if (f.moe_decode) std::printf("  moe_layer_us %.1f (shipped %.1f)", f.moe_layer_us, s.moe_layer_us);
            if (f.depth_prefill) std::printf("  attn_eff %.2f (shipped %.2f)", f.attn_eff, s.attn_eff);
            std::printf("   (rows: %d decode, %d prefill, %d MoE prefill, %d MoE decode, %d prefill after a cache)\n", f.n_decode, f.n_prefill,
                        f.n_moe_prefill, f.n_moe_decode, f.n_depth_prefill);
        }
        return 0;
    }
    leave_one_source_out(rows);
    std::fputs(accuracy_markdown(rows).c_str(), stdout);
    return 0;
}
