// The wasm boundary: string-in/string-out functions over the core. No formulas here.
// Errors cross as values ({"ok":false,"error":{field,message}}), never as C++ exceptions.
#include <emscripten/bind.h>

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "headroom/schema.hpp"

namespace {

std::string internal_error(const char* where, const char* what) {
    nlohmann::json j = {{"ok", false},
                        {"error", {{"field", ""}, {"message", std::string(where) + ": " + what}}}};
    return j.dump();
}

// evaluate_json already reports bad input as a value; this only guards the boundary
// (e.g. bad_alloc) so JS never sees a bare exception pointer.
std::string evaluate(const std::string& scenario_json) {
    try {
        return headroom::evaluate_json(scenario_json);
    } catch (const std::exception& e) {
        return internal_error("internal error", e.what());
    } catch (...) {
        return internal_error("internal error", "unknown exception");
    }
}

// what: "model" (hardware for the scenario's model) or "device" (models for the scenario's device).
std::string recommend(const std::string& scenario_json, const std::string& what, int top) {
    try {
        return headroom::recommend_json(scenario_json, what == "device" ? headroom::RecommendFor::device : headroom::RecommendFor::model, top);
    } catch (const std::exception& e) {
        return internal_error("internal error", e.what());
    } catch (...) {
        return internal_error("internal error", "unknown exception");
    }
}

// A built-in comparison (e.g. "seed-layerwise-vs-4090"), with scenario overrides applied to each build.
std::string preset(const std::string& id, const std::string& overrides_json) {
    try {
        return "{\"ok\":true,\"comparison\":" + headroom::preset_json(id, overrides_json.empty() ? "{}" : overrides_json) + "}";
    } catch (const headroom::InputError& e) {
        nlohmann::json j = {{"ok", false}, {"error", {{"field", e.field}, {"message", e.message}}}};
        return j.dump();
    } catch (const std::exception& e) {
        return internal_error("internal error", e.what());
    }
}

std::string catalog() {
    try {
        return headroom::catalog_json();
    } catch (const std::exception& e) {
        return internal_error("catalog", e.what());
    }
}

// The defaults live in C++ only: JS asks for them instead of copying them.
std::string default_scenario() {
    try {
        return headroom::scenario_to_json(headroom::Scenario{});
    } catch (const std::exception& e) {
        return internal_error("default_scenario", e.what());
    }
}

// Decode speed against context for the chart: ctxs_json "" = the core's default contexts.
std::string speed_curve(const std::string& scenario_json, const std::string& ctxs_json) {
    try {
        return headroom::curve_json(scenario_json, ctxs_json);
    } catch (const std::exception& e) {
        return internal_error("internal error", e.what());
    }
}

// Every scenario field (type, unit, range or values, default, group, help) and report key: the page's form.
std::string schema() {
    try {
        return headroom::schema_json();
    } catch (const std::exception& e) {
        return internal_error("schema", e.what());
    }
}

std::string version() { return std::string(headroom::version()); }   // project(VERSION), the one place it is written

}  // namespace

EMSCRIPTEN_BINDINGS(headroom) {
    emscripten::function("evaluate", &evaluate);
    emscripten::function("recommend", &recommend);
    emscripten::function("preset", &preset);
    emscripten::function("catalog", &catalog);
    emscripten::function("default_scenario", &default_scenario);
    emscripten::function("schema", &schema);
    emscripten::function("speed_curve", &speed_curve);
    emscripten::function("version", &version);
}
