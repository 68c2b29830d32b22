// native-cli/gguf_file.cpp — reads a GGUF header from disk the way the page reads it with File.slice: the first
// MiB, then as many bytes as read_gguf asks for (docs/gguf.md), never the tensor data.
#include "gguf_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <system_error>
#include <vector>

#include "headroom/gguf.hpp"
#include "headroom/headroom.hpp"

namespace headroom::cli {
namespace {

[[noreturn]] void fail(const std::string& message) { throw InputError{"gguf", message, {}, {}}; }

GgufFile read_header(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot read file '" + path + "': " + ec.message());
    std::ifstream f(path, std::ios::binary);
    if (!f) fail("cannot read file '" + path + "'");
    const int64_t file_bytes = int64_t(size);
    std::string prefix;
    int64_t want = std::min<int64_t>(file_bytes, int64_t(1) << 20);
    for (;;) {
        const size_t have = prefix.size();
        prefix.resize(size_t(want));
        f.read(&prefix[have], std::streamsize(want - int64_t(have)));
        if (f.gcount() != std::streamsize(want - int64_t(have))) fail("'" + path + "' ended while its header was read");
        GgufRead r = read_gguf(prefix, file_bytes);
        if (r.complete()) return std::move(r.file);
        if (r.need_bytes <= want) fail("the reader asked for no more bytes than it had");   // never: read_gguf grows
        want = r.need_bytes;
    }
}

}  // namespace

std::string gguf_summary_of_path(const std::string& path) {
    GgufFile first = read_header(path);
    const std::string name = std::filesystem::path(path).filename().string();
    if (first.split_count <= 1) return gguf_summary(first, name);
    // A split model: <base>-00001-of-00003.gguf, the other shards beside it (llama-gguf-split's names).
    static const std::regex shard_name(R"(^(.*)-(\d{5})-of-(\d{5})\.gguf$)");
    std::smatch m;
    if (!std::regex_match(name, m, shard_name))
        fail("'" + name + "' is shard " + std::to_string(first.split_no + 1) + " of " + std::to_string(first.split_count) +
             " of a split model, but its name is not <name>-0000k-of-0000n.gguf: the other shards cannot be found");
    if (first.split_no != 0) fail("'" + name + "' is shard " + std::to_string(first.split_no + 1) + " of a split model: give the first, -00001-of-" + m[3].str() + ".gguf");
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    std::vector<GgufFile> shards;
    shards.push_back(std::move(first));
    for (int i = 1; i < shards[0].split_count; ++i) {
        char num[16];
        std::snprintf(num, sizeof num, "%05d", i + 1);
        const std::string other = m[1].str() + "-" + num + "-of-" + m[3].str() + ".gguf";
        const std::filesystem::path p = dir / other;
        if (!std::filesystem::exists(p)) fail("shard '" + other + "' is not beside '" + name + "'");
        shards.push_back(read_header(p.string()));
    }
    return gguf_summary(combine_gguf_shards(std::move(shards)), name);
}

}  // namespace headroom::cli
