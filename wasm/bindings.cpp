// The page's first module: every function the page calls (page_api.hpp), without the model file readers. Its
// core is linked with model_readers_none.cpp (wasm/CMakeLists.txt): a scenario's `config` or `gguf` key is
// refused here, and the page sends such scenarios to the readers module (readers.cpp) instead. That keeps the
// readers' code (~25 KB gzipped) out of the module a first visit downloads.
#include "page_api.hpp"

EMSCRIPTEN_BINDINGS(headroom) { bind_page_api(); }
