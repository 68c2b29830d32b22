// The page's functions (page_calls.hpp) bound for embind. Errors cross as values, never as C++ exceptions.
#pragma once
#include <emscripten/bind.h>

#include "page_calls.hpp"

namespace {

// Both modules export these (bindings.cpp, readers.cpp), from EMSCRIPTEN_BINDINGS.
void bind_page_api() {
#define HEADROOM_BIND(name) emscripten::function(#name, &headroom::page::name);
    HEADROOM_PAGE_FUNCTIONS(HEADROOM_BIND)
#undef HEADROOM_BIND
}

}  // namespace
