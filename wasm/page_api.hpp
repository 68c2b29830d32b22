// The page's functions over the core: string-in/string-out, no formulas here. Errors cross as values
// ({"ok":false,"error":{field,message}}), never as C++ exceptions. Both wasm modules export them: headroom
// (bindings.cpp, without the model file readers) and headroom-readers (readers.cpp, with them), which answers
// every call whose scenario carries a `config` or `gguf` key (web/js/core-worker.js routes those).
#pragma once
#include <emscripten/bind.h>

#include <string>

#include "headroom/headroom.hpp"
#include "headroom/schema.hpp"
#include "headroom/suggest.hpp"

namespace {

// The core's *_json functions answer bad input and failures as values and never throw.
std::string evaluate(const std::string& scenario_json) { return headroom::evaluate_json(scenario_json); }

// what: "model" (hardware for the scenario's model) or "device" (models for the scenario's device).
std::string recommend(const std::string& scenario_json, const std::string& what, int top) {
    return headroom::recommend_json(scenario_json, what == "device" ? headroom::RecommendFor::device : headroom::RecommendFor::model, top);
}

// A built-in comparison (e.g. "seed-layerwise-vs-4090"), with scenario overrides applied to each build.
std::string preset(const std::string& id, const std::string& overrides_json) {
    return headroom::result_json("comparison", [&] { return headroom::preset_json(id, overrides_json.empty() ? "{}" : overrides_json); });
}

// Decode speed against context for the chart: ctxs_json "" = the core's default contexts.
std::string speed_curve(const std::string& scenario_json, const std::string& ctxs_json) {
    return headroom::curve_json(scenario_json, ctxs_json);
}

// The quant ladder: per weight format the largest context that fits, and the KV-cache format as a lever.
std::string ladder(const std::string& scenario_json) { return headroom::ladder_json(scenario_json); }

// The page's model search: by id, name, family, repo id and size; "did you mean" when nothing matches.
std::string search_models(const std::string& query, int top) { return headroom::search_models_json(query, top); }

// Documents that need no input, returned bare (not in the envelope): the catalogs, the defaults (JS asks for
// them instead of copying them), and every scenario field and report key (the page's form).
std::string catalog() { return headroom::catalog_json(); }
std::string apis() { return headroom::apis_json(); }
std::string rentals() { return headroom::rentals_json(); }
std::string messages() { return headroom::messages_json(); }
std::string default_scenario() { return headroom::scenario_to_json(headroom::Scenario{}); }
std::string schema() { return headroom::schema_json(); }
std::string version() { return std::string(headroom::version()); }   // project(VERSION), the one place it is written

// Both modules export these (bindings.cpp, readers.cpp), from EMSCRIPTEN_BINDINGS.
void bind_page_api() {
    emscripten::function("evaluate", &evaluate);
    emscripten::function("recommend", &recommend);
    emscripten::function("preset", &preset);
    emscripten::function("catalog", &catalog);
    emscripten::function("apis", &apis);
    emscripten::function("rentals", &rentals);
    emscripten::function("messages", &messages);
    emscripten::function("default_scenario", &default_scenario);
    emscripten::function("schema", &schema);
    emscripten::function("speed_curve", &speed_curve);
    emscripten::function("search_models", &search_models);
    emscripten::function("ladder", &ladder);
    emscripten::function("version", &version);
}

}  // namespace
