// headroom-accuracy: the core's speed estimates against every published measurement in
// tests/data/speed_measurements.json. Prints the table of docs/accuracy.md; --rows prints one JSON
// line per row (the input of bench/fit_speed.py).
#include <cstdio>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "validation.hpp"

using namespace headroom::validation;

int main(int argc, char** argv) {
    std::string path = HEADROOM_SOURCE_DIR "/tests/data/speed_measurements.json";
    bool rows_out = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--rows")) rows_out = true;
        else path = argv[i];
    }
    const auto rows = evaluate_file(path);
    if (rows_out) {
        for (const Row& r : rows) {
            if (!r.skip.empty()) continue;
            nlohmann::json j{{"id", r.id}, {"group", r.group}, {"metric", r.metric}, {"measured", r.measured},
                             {"predicted", r.predicted}, {"calibration", r.calibration}, {"bytes_over_bw", r.feat_bytes_over_bw},
                             {"layers", r.feat_layers}, {"prefill_at_full_util", r.prefill_at_full_util},
                             {"host_s", r.feat_host_s}, {"host_eff", r.feat_host_eff}, {"n_cpu_moe", r.feat_cpu_moe_layers},
                             {"includes_prompt", r.includes_prompt}, {"holdout", r.holdout},
                             {"step_s", r.feat_step_s}, {"ttft_s", r.feat_ttft_s}, {"gen", r.feat_gen}};
            std::puts(j.dump().c_str());
        }
        return 0;
    }
    int skipped = 0;
    for (const Row& r : rows) skipped += !r.skip.empty();
    std::printf("| group | rows | median abs. error | within 25%% | peer formula (0.70/0.65 x bandwidth / size) |\n");
    std::printf("|---|---|---|---|---|\n");
    for (const Group& g : summarize(rows)) {
        char peer[32] = "-";
        if (g.peer_median_abs_err >= 0) std::snprintf(peer, sizeof peer, "%.1f%%", g.peer_median_abs_err * 100);
        std::printf("| %s | %d | %.1f%% | %.0f%% | %s |\n", g.group.c_str(), g.n, g.median_abs_err * 100, g.within_25 * 100, peer);
    }
    std::printf("\n%zu rows, %d not evaluated:\n", rows.size(), skipped);
    for (const Row& r : rows)
        if (!r.skip.empty()) std::printf("- %s: %s\n", r.id.c_str(), r.skip.c_str());
    return 0;
}
