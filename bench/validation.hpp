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
    // What the out-of-sample check needs: who published it, what ran, and how to evaluate it again.
    std::string source_key;        // the publication (a thread, a repository, a page): leave-one-source-out's unit
    std::string engine, backend;   // as the row names them
    int n_devices = 1, batch = 1;
    bool moe = false;              // the model routes experts
    Placement placement = Placement::gpu;
    bool cpu_only = false;         // no GPU: llama.cpp's CPU backend (placement cpu or a CPU host)
    Scenario scenario;             // the scenario evaluated; refitted constants re-evaluate it
    int fixed_layers = 0;          // layers that pay the calibration's per-layer decode cost
    SpeedCalibration cal;          // the shipped constants it was predicted with
    double expert_pad_s = 0;             // prefill: seconds a token of padding in every expert GEMM adds per prompt token, at full utilisation
    double expert_gemms_per_token = 0;   // prefill: the core's expert GEMMs per prompt token (their cost is refitted)
    int moe_layers = 0;                  // decode: MoE layers on the devices (their fixed cost is refitted)
    double attn_s_per_token = 0;         // prefill: attention's share of a prompt token's time (its efficiency is refitted)
    int64_t prompt = 0, depth = 0;
    double oos = 0;                // out-of-sample prediction: constants fitted without this row's source
    std::string oos_skip;          // why there is none (its calibration rests on this source alone, ...)
};

std::vector<Row> evaluate_file(const std::string& path);

struct Group {
    std::string group;
    int n = 0;
    double median_abs_err = 0, within_25 = 0, peer_median_abs_err = -1;
};
std::vector<Group> summarize(const std::vector<Row>& rows);

// The source of a row: a GitHub thread (owner/repo/issues|pull|discussions/N), a repository's files
// (owner/repo: a README and the notebooks behind it are one source), or a page (host/path); a row's
// "source_group" overrides it (several threads from one machine and author).
std::string source_key(const std::string& source);

// The prediction for a row with other constants for its calibration (the core re-evaluates the row with
// them as efficiencies; the per-layer decode cost is added per fixed layer).
double predict(const Row& r, const SpeedCalibration& c);

// Constants fitted on the rows, per calibration that the shipped model fits (decode: bw_eff and layer_us
// by grid search on the median error, as bench/fit_speed.py; prefill: the median utilisation), leaving
// out one source's rows when `leave_out` names it. A calibration with fewer than 4 rows left is absent.
struct Fitted {
    std::string calibration;
    double bw_eff = 0, layer_us = 0, prefill_util = 0, expert_pad = 0, moe_layer_us = 0, attn_eff = 1;
    bool decode = false, prefill = false, moe_prefill = false, moe_decode = false, depth_prefill = false;   // which part had enough rows
    int n_decode = 0, n_prefill = 0, n_moe_prefill = 0, n_moe_decode = 0, n_depth_prefill = 0;            // on how many
};
std::vector<Fitted> fit(const std::vector<Row>& rows, const std::string& leave_out = "");

// Fills every evaluated row's `oos` (or `oos_skip`): leave-one-source-out.
void leave_one_source_out(std::vector<Row>& rows);

// Issue 15's groups, from the row's facts (not its hand-written group), each with its floor on the
// out-of-sample median error (0: none).
struct Category {
    std::string id, label;
    double floor = 0;
    int n = 0, n_oos = 0, sources = 0;
    double oos_median = -1, in_median = -1, peer_median = -1, oos_within_25 = 0;
};
std::vector<std::string> categories_of(const Row& r);
std::vector<Category> summarize_categories(const std::vector<Row>& rows);
constexpr int kMinRowsForFigure = 8;   // fewer out-of-sample rows: the table says "too few rows"

// docs/accuracy.md's generated part (between its "generated" markers): the tables and the lists of rows not
// evaluated and not predicted out of sample. headroom-accuracy --markdown prints it; a test compares the doc.
std::string accuracy_markdown(const std::vector<Row>& rows);
constexpr const char* kDocBegin = "<!-- generated by headroom-accuracy --markdown: begin -->";
constexpr const char* kDocEnd = "<!-- generated by headroom-accuracy --markdown: end -->";

}  // namespace headroom::validation
