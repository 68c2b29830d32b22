// Published measurements (tests/data/speed_measurements.json) turned into scenarios and compared with
// the core's estimates. Shared by headroom-accuracy (the report in docs/accuracy.md) and the floor test.
#pragma once
#include <string>
#include <vector>

#include "headroom/headroom.hpp"

namespace headroom::validation {

struct Row {
    std::string id, group, metric, source, skip;   // skip: why the row is not evaluated (empty when it is)
    double measured = 0, predicted = 0;
    double peer = 0;        // the flat-efficiency peer formula: 0.70 (GPU) / 0.65 (Apple) x bandwidth / model bytes
    double feat_bytes_over_bw = 0, feat_layers = 0, prefill_at_full_util = 0;   // for bench/fit_speed.py
    double feat_host_s = 0, feat_host_eff = 0;   // host-RAM bytes per token / host bandwidth (at 100%), the efficiency used
    int feat_cpu_moe_layers = 0;
    double feat_step_s = 0, feat_ttft_s = 0, feat_gen = 0;   // decode step time, and for e2e rows the prefill time
    bool includes_prompt = false;   // the figure is an end-to-end average with prompt time in it
    bool holdout = false;           // kept out of bench/fit_speed.py's fits: an out-of-sample check
    std::string calibration;
};

std::vector<Row> evaluate_file(const std::string& path);

struct Group {
    std::string group;
    int n = 0;
    double median_abs_err = 0, within_25 = 0, peer_median_abs_err = -1;
};
std::vector<Group> summarize(const std::vector<Row>& rows);

}  // namespace headroom::validation
