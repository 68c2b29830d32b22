// native-cli/hf_dir.hpp — `--config DIR`: a downloaded Hugging Face repository folder read from disk (config.json,
// model.safetensors.index.json, the safetensors headers of the files present) as the summary a scenario's `config`
// field carries (headroom::hf_repo_summary). Only the headers are read, never the tensor data. docs/hf-repo.md.
#pragma once
#include <string>

namespace headroom::cli {

// The summary JSON of the repository in `dir`. Throws headroom::InputError{"config", ...} naming what is wrong.
std::string hf_repo_summary_of_dir(const std::string& dir);

}  // namespace headroom::cli
