// Helpers shared by the Catch2 tests: a scenario in one line, the field an input error names, and a
// walk that finds non-finite numbers in a report.
#pragma once
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"

namespace test_support {

// An id or repo id in upper case: the catalog's lookups take any case.
inline std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper((unsigned char)c));
    return s;
}

// Built with AddressSanitizer (scripts/test-hardening: -O0, ASan + UBSan), where the same code runs 5-20x slower:
// sweeps over the whole catalog take a sample there (the optimized build runs them whole).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The catalog models a catalog-wide sweep visits: every one, or every fourth under the sanitizers (whose question is
// memory errors on each code path, which a quarter of the catalog reaches; the optimized build checks every model).
inline std::vector<headroom::Model> sweep_models() {
    std::vector<headroom::Model> out;
    const auto& all = headroom::catalog().models();
    for (size_t i = 0; i < all.size(); ++i)
        if (!kSanitized || i % 4 == 0) out.push_back(all[i]);
    return out;
}

// Whether a report carries a warning of this code.
inline bool has_warning(const headroom::Report& r, const std::string& code) {
    for (const headroom::Warning& w : r.warnings)
        if (w.code == code) return true;
    return false;
}

// The error a scenario is refused with: "field code", or "" when accepted.
inline std::string refusal(const headroom::Scenario& s) {
    const auto e = headroom::validate(s);
    return e ? e->field + " " + e->code : "";
}

inline headroom::Scenario make(const std::string& model, const std::string& quant, int64_t ctx = 8192,
                               const std::string& gpu = "h100-sxm") {
    headroom::Scenario s;
    s.model = model;
    s.quant = quant;
    s.ctx = ctx;
    s.gpu = gpu;
    return s;
}

// The field an InputError names ("<none>" when `fn` throws nothing); the message must not be empty.
inline std::string field_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const headroom::InputError& e) {
        CHECK(!e.message.empty());
        return e.field;
    }
    return "<none>";
}

// The field a scenario JSON is refused for, by parsing or by evaluate.
inline std::string scenario_field(const std::string& json) {
    return field_of([&] { headroom::evaluate(headroom::scenario_from_json(json)); });
}

// The JSON path of the first null or non-finite number ("" when none). nlohmann writes nan and inf
// as null, so a null anywhere in a report is a non-finite number.
inline std::string first_bad(const nlohmann::json& j, const std::string& path = "") {
    if (j.is_null()) return path.empty() ? "<root>" : path;
    if (j.is_number_float() && !std::isfinite(j.get<double>())) return path;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            if (auto p = first_bad(it.value(), path + "." + it.key()); !p.empty()) return p;
    if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i)
            if (auto p = first_bad(j[i], path + "[" + std::to_string(i) + "]"); !p.empty()) return p;
    return "";
}

inline bool all_finite(const nlohmann::json& j) { return first_bad(j).empty(); }

}  // namespace test_support
