// The core's model file readers, as schema.cpp reaches them for a scenario's `config` and `gguf` keys. Alone in
// its file on purpose (internal.hpp, ModelReaders): a program linking model_readers_none.cpp instead never pulls
// this file from the core's archive, and with it none of the readers' code.
#include "internal.hpp"

namespace headroom::detail {
namespace {
Model read_config(std::string_view text) {
    return is_hf_repo_summary(text) ? model_from_hf_repo_summary(text) : model_from_hf_config(text);
}
}  // namespace

const ModelReaders& model_readers() {
    static const ModelReaders readers{read_config, model_from_gguf_summary};
    return readers;
}
}  // namespace headroom::detail
