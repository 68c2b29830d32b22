// The page's second wasm module: the file readers (a GGUF file's header, a Hugging Face repository's
// config, index and safetensors headers), fetched only when a user opens such a file or loads a repo
// (web/js/app.js: readers()), or when a scenario carries a model file (a link with a `config` or `gguf`
// key: web/js/core-worker.js). Their output is the text a scenario's `gguf` / `config` field carries; this
// module also exports every function of the first (page_api.hpp), and is the one that reads those keys.
#include "page_api.hpp"

namespace {

// data: the first bytes of each GGUF file (a Uint8Array), parts: [[bytes, file size], ...] (docs/gguf.md).
std::string gguf_summary(const std::string& data, const std::string& parts, const std::string& name) {
    return headroom::gguf_summary_json(data, parts, name);
}
// A Hugging Face repository: config.json and model.safetensors.index.json texts ("" when absent), the first bytes of
// each safetensors file (a Uint8Array), parts: [[bytes, file size], ...] ("[]": none). docs/hf-repo.md.
std::string hf_repo_summary(const std::string& config, const std::string& index, const std::string& headers, const std::string& parts,
                            const std::string& name) {
    return headroom::hf_repo_summary_json(config, index, headers, parts, name);
}

}  // namespace

EMSCRIPTEN_BINDINGS(headroom_readers) {
    bind_page_api();
    emscripten::function("gguf_summary", &gguf_summary);
    emscripten::function("hf_repo_summary", &hf_repo_summary);
}
