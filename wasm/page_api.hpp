// The page's functions (page_calls.hpp) bound for embind. Errors cross as values, never as C++ exceptions.
#pragma once
#include <emscripten/bind.h>

#include "page_calls.hpp"

namespace {

// Both modules export these (bindings.cpp, readers.cpp), from EMSCRIPTEN_BINDINGS.
void bind_page_api() {
    emscripten::function("evaluate", &headroom::page::evaluate);
    emscripten::function("recommend", &headroom::page::recommend);
    emscripten::function("preset", &headroom::page::preset);
    emscripten::function("catalog", &headroom::page::catalog);
    emscripten::function("apis", &headroom::page::apis);
    emscripten::function("rentals", &headroom::page::rentals);
    emscripten::function("messages", &headroom::page::messages);
    emscripten::function("default_scenario", &headroom::page::default_scenario);
    emscripten::function("schema", &headroom::page::schema);
    emscripten::function("speed_curve", &headroom::page::speed_curve);
    emscripten::function("search_models", &headroom::page::search_models);
    emscripten::function("ladder", &headroom::page::ladder);
    emscripten::function("version", &headroom::page::version);
}

}  // namespace
