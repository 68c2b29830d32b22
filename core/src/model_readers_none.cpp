// No model file readers: for the page's first wasm module (wasm/CMakeLists.txt), which leaves them to the readers
// module. Linked as an object, this definition of model_readers() keeps model_readers.cpp, and the readers' code
// it reaches, out of the link. The page sends a scenario with a `config` or `gguf` key to the readers module
// (web/js/core-worker.js), so a reader never meets these errors.
#include "internal.hpp"

namespace headroom::detail {
namespace {
Model no_config(std::string_view) { fail("config", "this module does not read model files: evaluate the scenario in the readers module"); }
Model no_gguf(std::string_view) { fail("gguf", "this module does not read model files: evaluate the scenario in the readers module"); }
}  // namespace

const ModelReaders& model_readers() {
    static const ModelReaders none{no_config, no_gguf};
    return none;
}
}  // namespace headroom::detail
