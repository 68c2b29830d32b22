// The speed model against published measurements: issue 3's accuracy floors must hold on the
// validation set (tests/data/speed_measurements.json, every row sourced). docs/accuracy.md has the table.
#include <catch2/catch.hpp>

#include "validation.hpp"

using namespace headroom::validation;

TEST_CASE("speed estimates meet the accuracy floors on published measurements") {
    const auto rows = evaluate_file(HEADROOM_TEST_DATA "/speed_measurements.json");
    int evaluated = 0;
    for (const Row& r : rows) {
        if (!r.skip.empty()) continue;
        ++evaluated;
        INFO(r.id);
        CHECK(r.predicted > 0);
    }
    CHECK(evaluated >= 150);
    for (const Group& g : summarize(rows)) {
        INFO(g.group << ": " << g.n << " rows, median error " << g.median_abs_err);
        if (g.group == "dense_decode") {
            CHECK(g.median_abs_err < 0.12);
            CHECK(g.median_abs_err < g.peer_median_abs_err);   // ahead of the flat-efficiency peer formula
        }
        if (g.group == "prefill") CHECK(g.median_abs_err < 0.25);
        if (g.group == "moe_decode" || g.group == "multi_gpu_decode") CHECK(g.median_abs_err < 0.20);
        // host tier (offload, cpu-moe): fitted on these rows, one machine (docs/speed.md); a regression guard
        // vLLM: 4 rows, its step and ROCm layer costs fitted on them (docs/speed.md); a regression guard
        if (g.group == "vllm_decode") {
            CHECK(g.n >= 4);
            CHECK(g.median_abs_err < 0.15);
        }
        if (g.group == "offload") {
            CHECK(g.n >= 7);
            CHECK(g.median_abs_err < 0.15);
        }
    }
}
