// Shared checks for the fuzz targets: a parser may throw InputError and nothing else; whatever it
// accepts must evaluate to a report whose every number is finite. Anything else aborts (a finding).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"

namespace headroom_fuzz {

[[noreturn]] inline void finding(const char* what, const std::string& detail) {
    std::fprintf(stderr, "FINDING: %s: %s\n", what, detail.substr(0, 400).c_str());
    std::abort();
}

// Walks a report JSON: nlohmann writes nan/inf as null, so a null anywhere is a non-finite number.
inline void walk(const nlohmann::json& j, const std::string& path) {
    if (j.is_null()) finding("null (nan/inf) in report", path);
    if (j.is_number_float() && !std::isfinite(j.get<double>())) finding("non-finite number in report", path);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), path + "." + it.key());
    if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i) walk(j[i], path + "[" + std::to_string(i) + "]");
}

inline void check_report_json(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) finding("report is not valid JSON", text);
    walk(j, "");
}

// Evaluates a scenario a parser produced: InputError is an accepted answer, anything else a finding.
inline void evaluate_checked(const headroom::Scenario& s) {
    try {
        const headroom::Report r = headroom::evaluate(s);
        const double nums[] = {r.speed.decode_tokens_per_s, r.speed.aggregate_tokens_per_s, r.speed.prefill_tokens_per_s,
                               r.speed.time_to_first_token_s, r.speed.bound_tokens_per_s, r.speed.flops_per_token,
                               r.cost.per_task, r.cost.tasks_per_day, r.cost.per_million_output_tokens};
        for (double v : nums)
            if (!std::isfinite(v)) finding("non-finite number in Report", headroom::scenario_to_json(s));
        if (r.memory.total_bytes < 0 || r.memory.weights_bytes < 0 || r.memory.kv_cache_bytes < 0)
            finding("negative memory", headroom::scenario_to_json(s));
        check_report_json(headroom::report_to_json(r));
    } catch (const headroom::InputError&) {
    } catch (const std::exception& e) {
        finding("evaluate threw a non-InputError exception", e.what());
    }
}

// The wasm boundary: always a JSON object with ok, never "internal".
inline void check_boundary(const std::string& out) {
    const auto j = nlohmann::json::parse(out, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ok")) finding("boundary answer is not {ok,...}", out);
    if (j["ok"] == true) walk(j["report"], "report");
    else if (j["error"].value("field", "") == "internal") finding("internal error at the boundary", out);
}

}  // namespace headroom_fuzz
