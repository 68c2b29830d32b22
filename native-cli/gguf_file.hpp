// native-cli/gguf_file.hpp — `--gguf FILE`: a GGUF file's header read from disk (every shard of a split model),
// as the summary a scenario carries (headroom::gguf_summary). Only the header is read, never the tensor data.
#pragma once
#include <string>

namespace headroom::cli {

// The summary JSON of the model in `path` (the first shard of a split model, the rest beside it). Throws
// headroom::InputError{"gguf", ...} naming what is wrong with the file.
std::string gguf_summary_of_path(const std::string& path);

}  // namespace headroom::cli
