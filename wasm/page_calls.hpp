// The page's functions over the core: string-in/string-out, no formulas here. Errors cross as values
// ({"ok":false,"error":{field,message}}), never as exceptions. No Emscripten here: the wasm modules bind these
// (page_api.hpp), and the native tool native-cli/page_answers.cpp answers the same calls at build time for the
// page's default view (the page's first visit needs no module: docs/page.md).
#pragma once

#include <string>

#include "headroom/headroom.hpp"
#include "headroom/schema.hpp"
#include "headroom/suggest.hpp"

namespace headroom::page {

// The core's *_json functions answer bad input and failures as values and never throw.
inline std::string evaluate(const std::string& scenario_json) { return headroom::evaluate_json(scenario_json); }

// what: "model" (hardware for the scenario's model) or "device" (models for the scenario's device).
inline std::string recommend(const std::string& scenario_json, const std::string& what, int top) {
    return headroom::recommend_json(scenario_json, what == "device" ? headroom::RecommendFor::device : headroom::RecommendFor::model, top);
}

// A built-in comparison (e.g. "seed-layerwise-vs-4090"), with scenario overrides applied to each build.
inline std::string preset(const std::string& id, const std::string& overrides_json) {
    return headroom::result_json("comparison", [&] { return headroom::preset_json(id, overrides_json.empty() ? "{}" : overrides_json); });
}

// Decode speed against context for the chart: ctxs_json "" = the core's default contexts.
inline std::string speed_curve(const std::string& scenario_json, const std::string& ctxs_json) {
    return headroom::curve_json(scenario_json, ctxs_json);
}

// The quant ladder: per weight format the largest context that fits, and the KV-cache format as a lever.
inline std::string ladder(const std::string& scenario_json) { return headroom::ladder_json(scenario_json); }

// The page's model search: by id, name, family, repo id and size; "did you mean" when nothing matches.
inline std::string search_models(const std::string& query, int top) { return headroom::search_models_json(query, top); }

// Documents that need no input, returned bare (not in the envelope): the catalogs, the defaults (JS asks for
// them instead of copying them), and every scenario field and report key (the page's form).
inline std::string catalog() { return headroom::catalog_json(); }
inline std::string apis() { return headroom::apis_json(); }
inline std::string rentals() { return headroom::rentals_json(); }
inline std::string messages() { return headroom::messages_json(); }
inline std::string default_scenario() { return headroom::scenario_to_json(headroom::Scenario{}); }
inline std::string schema() { return headroom::schema_json(); }
inline std::string version() { return std::string(headroom::version()); }   // project(VERSION), the one place it is written

}  // namespace headroom::page

// Every page function, once: X(name) for each. wasm/page_api.hpp binds them under these names and
// native-cli/page_answers.cpp answers them by name; web/js/core.js calls them.
#define HEADROOM_PAGE_FUNCTIONS(X)                                                                         \
    X(evaluate) X(recommend) X(preset) X(catalog) X(apis) X(rentals) X(messages) X(default_scenario) X(schema) \
    X(speed_curve) X(search_models) X(ladder) X(version)
