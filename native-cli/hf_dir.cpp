// native-cli/hf_dir.cpp — reads a repository folder the way docs/hf-repo.md says: config.json (at most 1 MiB),
// model.safetensors.index.json (at most 64 MiB) if present, and of each safetensors file the index names (or
// model.safetensors alone) only its first 8 bytes and the header they announce, never the tensor data. The header
// files are used only when every one the index names is in the folder; otherwise the index alone.
#include "hf_dir.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"

namespace headroom::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& message) { throw InputError{"config", message, {}, {}}; }

std::string read_text(const fs::path& p, uintmax_t max) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(p, ec);
    if (ec) fail("cannot read '" + p.string() + "': " + ec.message());
    if (size > max) fail("'" + p.string() + "' is larger than " + std::to_string(max >> 20) + " MiB");
    std::ifstream f(p, std::ios::binary);
    std::string text(size_t(size), '\0');
    if (!f || !f.read(&text[0], std::streamsize(size))) fail("cannot read '" + p.string() + "'");
    return text;
}

// The first 8 bytes and the header they announce (at most 100 MB and within the file; the core checks the rest).
std::string read_header(const fs::path& p, int64_t* file_size) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(p, ec);
    if (ec) fail("cannot read '" + p.string() + "': " + ec.message());
    *file_size = int64_t(size);
    std::ifstream f(p, std::ios::binary);
    std::string h(size_t(std::min<uintmax_t>(size, 8)), '\0');
    if (!f || !f.read(&h[0], std::streamsize(h.size()))) fail("cannot read '" + p.string() + "'");
    if (h.size() < 8) return h;   // the core says it is too short
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | uint8_t(h[size_t(i)]);
    if (n > 100'000'000 || n > size - 8) return h;   // the core refuses it, naming the length
    h.resize(8 + size_t(n));
    if (!f.read(&h[8], std::streamsize(n))) fail("'" + p.string() + "' ended while its header was read");
    return h;
}

}  // namespace

// The files an index's weight_map names, read as they stream past (a large index holds a million entries; the core
// reads it whole again, with every check). None when the index is not JSON.
std::set<std::string> shard_names(const std::string& text) {
    using J = nlohmann::ordered_json;
    struct Names {
        std::set<std::string> out;
        int depth = 0;
        bool in_map = false, map_key = false;   // inside the top-level weight_map; the key just read was "weight_map"
        bool null() { return true; }
        bool boolean(bool) { return true; }
        bool number_integer(J::number_integer_t) { return true; }
        bool number_unsigned(J::number_unsigned_t) { return true; }
        bool number_float(J::number_float_t, const std::string&) { return true; }
        bool binary(J::binary_t&) { return true; }
        bool string(std::string& v) {
            if (in_map && depth == 2) out.insert(v);
            return true;
        }
        bool key(std::string& k) {
            map_key = depth == 1 && k == "weight_map";
            return true;
        }
        bool start_object(std::size_t) {
            in_map = in_map || (depth == 1 && map_key);
            ++depth;
            return true;
        }
        bool end_object() { return end(); }
        bool start_array(std::size_t) {
            ++depth;
            return true;
        }
        bool end_array() { return end(); }
        bool end() {
            if (--depth == 1) in_map = false;
            return true;
        }
        bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
    } names;
    using Input = decltype(nlohmann::detail::input_adapter(text.begin(), text.end()));
    nlohmann::detail::parser<J, Input> p(nlohmann::detail::input_adapter(text.begin(), text.end()), nullptr, false);
    if (!p.sax_parse(&names, true)) return {};
    return names.out;
}

std::string hf_repo_summary_of_dir(const std::string& dir) {
    const fs::path d(dir);
    const fs::path config = d / "config.json", index = d / "model.safetensors.index.json", single = d / "model.safetensors";
    if (!fs::exists(config)) fail("the folder '" + dir + "' has no config.json");
    const std::string config_text = read_text(config, 1u << 20);
    std::string index_text;
    std::vector<fs::path> files;
    if (fs::exists(index)) {
        index_text = read_text(index, 64u << 20);
        const std::set<std::string> shards = shard_names(index_text);
        bool all = !shards.empty();
        for (const std::string& s : shards) {
            // A shard is a plain file name beside the index; anything else is not looked for.
            const fs::path p = d / s;
            if (s.find('/') != std::string::npos || s.find('\\') != std::string::npos || s == ".." || !fs::is_regular_file(p)) all = false;
            else files.push_back(p);
        }
        if (!all) files.clear();   // some shards absent (only the index downloaded): the index alone
    } else if (fs::is_regular_file(single)) {
        files.push_back(single);
    }
    std::vector<std::string> headers;
    std::vector<int64_t> sizes;
    for (const fs::path& p : files) {
        int64_t size = 0;
        headers.push_back(read_header(p, &size));
        sizes.push_back(size);
    }
    std::string name = d.filename().string();
    if (name.empty() || name == ".") name = fs::absolute(d).lexically_normal().parent_path().filename().string();
    return hf_repo_summary(config_text, index_text, headers, name, sizes);
}

}  // namespace headroom::cli
