// A downloaded Hugging Face repository as a model (docs/hf-repo.md): config.json for the shape, and
// model.safetensors.index.json or the safetensors headers for the weights' bytes. The summary a scenario carries in
// its `config` field ("format": "headroom.hf/1") holds the config and the bytes per group; the Model it stands for
// is model_from_hf_config's shape with a FileWeights, as a GGUF file's (gguf_model.cpp). Outside input throughout:
// headers, index and summary are bounded and checked before use.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using detail::fail;
using ojson = nlohmann::ordered_json;
using json = ojson;

constexpr const char* kFormat = "headroom.hf/1";
constexpr size_t kMaxSummaryBytes = 2u << 20;          // the config (at most 1 MiB) and a few KB of bytes
constexpr size_t kMaxIndexBytes = 64u << 20;           // DeepSeek-V3's index is about 9 MB
constexpr uint64_t kMaxHeaderBytes = 100'000'000;      // as the safetensors reader (safetensors/src/tensor.rs MAX_HEADER_SIZE)
constexpr int64_t kMaxBytes = int64_t(1) << 50;
constexpr size_t kMaxTensors = 1u << 20;

// The groups a tensor's bytes go to, as FileWeights holds them.
struct Groups {
    int64_t token_embd = 0, output = 0, mtp = 0, vision = 0;
    int64_t token_embd_lookup = 0;   // of token_embd: Gemma 3n / 4's per-layer table, looked up a row a token
    std::vector<int64_t> layer, layer_experts;
    int64_t total() const {
        int64_t t = token_embd + output + mtp + vision;
        for (int64_t b : layer) t += b;
        return t;
    }
};
enum class Where { token_embd, output, layer, mtp, vision };
struct Place {
    Where where = Where::output;
    int layer = -1;
    bool expert = false;
    bool lookup = false;   // a token_embd table only looked up (embed_tokens_per_layer)
};

std::vector<std::string_view> split_dots(std::string_view s) {
    std::vector<std::string_view> out;
    size_t at = 0;
    while (at <= s.size()) {
        const size_t dot = std::min(s.find('.', at), s.size());
        out.push_back(s.substr(at, dot - at));
        at = dot + 1;
    }
    return out;
}
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The name rules (docs/hf-repo.md, "Which group a tensor is in").
Place place_of(std::string_view name, int n_layer) {
    const std::vector<std::string_view> c = split_dots(name);
    Place p;
    for (std::string_view x : c)
        if (starts(x, "visual") || starts(x, "vision") || starts(x, "audio") || x == "multi_modal_projector" || x == "mm_projector" ||
            x == "image_newline" || starts(x, "embed_vision") || starts(x, "embed_audio")) {
            p.where = Where::vision;
            return p;
        }
    for (std::string_view x : c)
        if (x.find("mtp") != std::string_view::npos || x.find("nextn") != std::string_view::npos) {
            p.where = Where::mtp;
            return p;
        }
    for (size_t i = 0; i + 1 < c.size(); ++i)
        if ((c[i] == "layers" || c[i] == "h") && all_digits(c[i + 1])) {
            const int il = std::stoi(std::string(c[i + 1]));
            if (il >= n_layer) {   // DeepSeek-V3, GLM-4.5: the MTP module is layer num_hidden_layers
                p.where = Where::mtp;
                return p;
            }
            p.where = Where::layer;
            p.layer = il;
            for (size_t k = i + 2; k < c.size(); ++k)
                if (c[k] == "experts" ||   // Mixtral block_sparse_moe.experts.N, Qwen/DeepSeek mlp.experts.N, gpt-oss fused
                    (c[k] == "block_sparse_moe" && k + 1 < c.size() && (c[k + 1] == "input_linear" || c[k + 1] == "output_linear")))
                    p.expert = true;   // Granite MoE keeps its experts fused in input_linear / output_linear
            return p;
        }
    for (std::string_view x : c)
        if (x == "embed_tokens" || x == "wte" || x == "word_embeddings" || x == "tok_embeddings" || x == "embed_tokens_per_layer") {
            // Gemma 3n / 4's per-layer table (embed_tokens_per_layer) is an input embedding too: a decode step reads a
            // row of it per layer, not the table (as the GGUF reader's per_layer_token_embd, gguf_model.cpp).
            p.where = Where::token_embd;
            p.lookup = x == "embed_tokens_per_layer";
            return p;
        }
    p.where = Where::output;   // lm_head, the final norm, anything else outside the layers
    return p;
}

void add(Groups& g, const Place& p, int64_t bytes) {
    switch (p.where) {
        case Where::token_embd:
            g.token_embd += bytes;
            if (p.lookup) g.token_embd_lookup += bytes;
            break;
        case Where::output: g.output += bytes; break;
        case Where::mtp: g.mtp += bytes; break;
        case Where::vision: g.vision += bytes; break;
        case Where::layer:
            g.layer[size_t(p.layer)] += bytes;
            if (p.expert) g.layer_experts[size_t(p.layer)] += bytes;
            break;
    }
}

// Bytes per element of the safetensors dtypes (safetensors/src/tensor.rs Dtype); 0: unknown, not checked. F4 packs two.
double dtype_bytes(std::string_view d) {
    static const std::pair<const char*, double> k[] = {
        {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"F8_E8M0", 1}, {"F4", 0.5}, {"I16", 2}, {"U16", 2},
        {"F16", 2},  {"BF16", 2}, {"I32", 4}, {"U32", 4},     {"F32", 4},     {"F64", 8},     {"I64", 8},  {"U64", 8}, {"C64", 8}};
    for (const auto& [n, b] : k)
        if (d == n) return b;
    return 0;
}
// Dtypes whose elements are weights one to one; packed integer storage (AWQ/GPTQ qweight I32, MLX U32, bitsandbytes
// and MXFP4 U8 blocks) is not, and the parameter count then comes from the shape.
bool unpacked_dtype(std::string_view d) {
    return d == "BF16" || d == "F16" || d == "F32" || d == "F64" || d == "F8_E4M3" || d == "F8_E5M2" || d == "I8";
}
// Quantization side tensors: scales, zero points, absmax, g_idx. Not parameters.
bool side_tensor(std::string_view name) {
    const std::string_view last = name.substr(name.find_last_of('.') + 1);
    return last.find("scale") != std::string_view::npos || last.find("zero") != std::string_view::npos ||
           last.find("absmax") != std::string_view::npos || last == "SCB" || last == "g_idx" || last.find("quant") != std::string_view::npos;
}

struct Tensor {
    std::string name, dtype;
    int64_t bytes = 0, elements = 0;
};

// One safetensors header: 8 bytes little-endian length, then that many bytes of JSON (safetensors' format doc).
// `file_size` < 0: unknown (the offsets are then checked against each other only).
std::vector<Tensor> read_header(std::string_view data, int64_t file_size, size_t which) {
    const std::string at = "safetensors file " + std::to_string(which + 1);
    if (data.size() < 8) fail("config", at + " is shorter than the 8 bytes of a safetensors header length");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | uint8_t(data[size_t(i)]);
    if (n > kMaxHeaderBytes) fail("config", at + ": its header claims " + std::to_string(n) + " bytes, above safetensors' 100 MB limit");
    if ((file_size >= 0 && int64_t(n) > file_size - 8) || n > data.size() - 8)
        fail("config", at + ": its header (" + std::to_string(n) + " bytes) runs beyond the file");
    const std::string_view text = data.substr(8, size_t(n));
    detail::check_json_depth(text, "config", 8);
    const json j = detail::parse_json(text);
    if (j.is_discarded() || !j.is_object()) fail("config", at + ": its header is not a JSON object");
    if (j.size() > kMaxTensors) fail("config", at + ": more than 1048576 tensors in one header");
    const int64_t data_bytes = file_size >= 0 ? file_size - 8 - int64_t(n) : -1;
    std::vector<std::pair<std::pair<int64_t, int64_t>, Tensor>> ts;
    for (const auto& [name, v] : j.items()) {
        if (name == "__metadata__") continue;
        const std::string nm = detail::utf8_prefix(detail::utf8_clean(name), 200);
        auto bad = [&](const std::string& why) { fail("config", at + ": tensor '" + nm + "' " + why); };
        if (!v.is_object() || !v.contains("dtype") || !v["dtype"].is_string() || !v.contains("shape") || !v["shape"].is_array() ||
            !v.contains("data_offsets") || !v["data_offsets"].is_array() || v["data_offsets"].size() != 2)
            bad("needs dtype, shape and data_offsets [begin, end]");
        const json& off = v["data_offsets"];
        if (!off[0].is_number_unsigned() || !off[1].is_number_unsigned()) bad("has negative or non-integer data_offsets");
        const uint64_t b = off[0].get<uint64_t>(), e = off[1].get<uint64_t>();
        if (b > e) bad("ends before it begins");
        if (e > uint64_t(kMaxBytes) || (data_bytes >= 0 && e > uint64_t(data_bytes))) bad("lies beyond the end of the file");
        if (v["shape"].size() > 16) bad("has more than 16 dimensions");
        double elements = 1;
        for (const json& d : v["shape"]) {
            if (!d.is_number_unsigned()) bad("has a negative or non-integer dimension");
            elements *= double(d.get<uint64_t>());
        }
        if (elements > 1e18) bad("has more elements than any file holds");
        Tensor t{nm, detail::utf8_prefix(v["dtype"].get<std::string>(), 16), int64_t(e - b), int64_t(elements)};
        const double per = dtype_bytes(t.dtype);
        if (per > 0 && std::llround(elements * per) != t.bytes)
            bad("holds " + std::to_string(t.bytes) + " bytes where its shape and " + t.dtype + " make " +
                std::to_string(std::llround(elements * per)));
        ts.push_back({{int64_t(b), int64_t(e)}, std::move(t)});
    }
    std::sort(ts.begin(), ts.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    int64_t end = 0;
    std::vector<Tensor> out;
    for (auto& [range, t] : ts) {
        if (range.first < end) fail("config", at + ": tensor '" + t.name + "' overlaps the one before it");
        if (range.first > end) fail("config", at + ": the data has a hole before tensor '" + t.name + "' (safetensors allows none)");
        end = range.second;
        out.push_back(std::move(t));
    }
    return out;
}

// The weight format the repository's config declares (docs/hf-repo.md, "Which format"); notes say what is assumed.
std::string quant_of(const json& root, std::vector<std::string>& notes) {
    auto str = [](const json& o, const char* k) { return o.contains(k) && o[k].is_string() ? detail::lower(o[k].get<std::string>()) : std::string(); };
    auto num = [](const json& o, const char* k) { return o.contains(k) && o[k].is_number() ? o[k].get<double>() : 0.0; };
    auto flag = [](const json& o, const char* k) { return o.contains(k) && o[k].is_boolean() && o[k].get<bool>(); };
    // MLX (mlx_lm utils.py save_config): "quantization": {"group_size", "bits"}, mirrored in quantization_config.
    const json* mlx = root.contains("quantization") && root["quantization"].is_object() ? &root["quantization"] : nullptr;
    if (const auto it = root.find("quantization_config"); it != root.end() && it->is_object()) {
        const json& q = *it;
        const std::string method = str(q, "quant_method");
        const double bits = num(q, "bits");
        if (method == "awq" || method == "gptq") {
            if (bits == 0 || bits == 4) return method;
            if (bits == 8) return "int8";
            notes.push_back(method + " with " + detail::fmt_num(bits) + "-bit weights: sized as 4-bit " + method);
            return method;
        }
        if (method == "fp8" || method == "fbgemm_fp8") return "fp8";
        if (method == "mxfp4") return "mxfp4";
        if (method == "modelopt") {
            const std::string algo = str(q, "quant_algo");
            if (algo == "fp8") return "fp8";
            if (algo == "nvfp4") return "nvfp4";
        }
        if (method == "bitsandbytes") {
            if (flag(q, "load_in_8bit")) return "int8";
            if (flag(q, "load_in_4bit")) {
                if (str(q, "bnb_4bit_quant_type") == "fp4") notes.push_back("bitsandbytes FP4: sized as NF4 (the same 4 bits and absmax per 64)");
                return flag(q, "bnb_4bit_use_double_quant") ? "nf4-dq" : "nf4";
            }
        }
        if (method == "compressed-tensors") {
            // config_groups.<group>.weights: {num_bits, type "int" | "float"} (llm-compressor / compressed-tensors).
            if (const auto g = q.find("config_groups"); g != q.end() && g->is_object())
                for (const auto& [k, grp] : g->items()) {
                    if (!grp.is_object() || !grp.contains("weights") || !grp["weights"].is_object()) continue;
                    const json& w = grp["weights"];
                    const double nb = num(w, "num_bits");
                    const std::string type = str(w, "type");
                    if (type == "float" && nb == 8) return "fp8";
                    if (type == "float" && nb == 4) return "nvfp4";
                    if (type == "int" && nb == 4) return "int4";
                    if (type == "int" && nb == 8) return "int8";
                }
            notes.push_back("compressed-tensors without a 4- or 8-bit weight group headroom knows");
            return "";
        }
        if (!method.empty()) {
            notes.push_back("quantization_config.quant_method '" + detail::utf8_prefix(method, 32) + "' is not one headroom knows");
            return "";
        }
        if (!mlx && bits > 0 && q.contains("group_size")) mlx = &q;
    }
    if (mlx) {
        const double bits = num(*mlx, "bits");
        if (bits == 4) return "int4";
        if (bits == 8) return "int8";
        notes.push_back("MLX " + detail::fmt_num(bits) + "-bit quantization is not a format headroom knows");
        return "";
    }
    for (const json* o : {&root, root.contains("text_config") && root["text_config"].is_object() ? &root["text_config"] : &root}) {
        std::string d = str(*o, "torch_dtype");
        if (d.empty()) d = str(*o, "dtype");
        if (d == "bfloat16") return "bf16";
        if (d == "float16") return "f16";
        if (d == "float32") return "f32";
    }
    return "";
}

// The format of the largest dtype in the headers, where the config says none.
std::string quant_of_dtype(std::string_view d) {
    if (d == "BF16") return "bf16";
    if (d == "F16") return "f16";
    if (d == "F32") return "f32";
    if (d == "F8_E4M3") return "fp8";
    return "";
}

int64_t get_int(const json& o, const char* key, int64_t lo, int64_t hi, int64_t dflt) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return dflt;
    if (!it->is_number_integer() && !it->is_number_unsigned()) fail("config", std::string("the repository summary's '") + key + "' must be a whole number");
    const int64_t v = it->is_number_unsigned() ? int64_t(std::min<uint64_t>(it->get<uint64_t>(), uint64_t(INT64_MAX))) : it->get<int64_t>();
    if (v < lo || v > hi) fail("config", std::string("the repository summary's '") + key + "' is out of range");
    return v;
}
std::vector<int64_t> get_ints(const json& o, const char* key, size_t n, int64_t hi) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_array() || it->size() != n)
        fail("config", std::string("the repository summary's '") + key + "' must list one number per layer (" + std::to_string(n) + ")");
    std::vector<int64_t> out;
    for (const json& x : *it) {
        if (!x.is_number_unsigned() || x.get<uint64_t>() > uint64_t(hi)) fail("config", std::string("the repository summary's '") + key + "' holds a value out of range");
        out.push_back(int64_t(x.get<uint64_t>()));
    }
    return out;
}

}  // namespace

// "format": "headroom.hf/1" anywhere at the summary's top level (JSON writers may order the keys alphabetically).
bool is_hf_repo_summary(std::string_view text) {
    const std::string value = std::string("\"") + kFormat + "\"";
    for (size_t at = text.find(value); at != std::string_view::npos; at = text.find(value, at + 1)) {
        size_t i = at;
        auto skip_space = [&] {
            while (i > 0 && std::strchr(" \t\r\n", text[i - 1])) --i;
        };
        skip_space();
        if (i == 0 || text[i - 1] != ':') continue;
        --i;
        skip_space();
        if (i >= 8 && text.substr(i - 8, 8) == "\"format\"") return true;
    }
    return false;
}

std::string hf_repo_summary(std::string_view config_json, std::string_view index_json, const std::vector<std::string>& headers,
                            std::string_view name, const std::vector<int64_t>& file_sizes) {
    const Model m = model_from_hf_config(config_json);   // the shape, and every check of the config
    const json root = detail::parse_json(config_json);   // read without error by model_from_hf_config
    const int L = m.n_layer;
    std::vector<std::string> notes;
    std::string quant = quant_of(root, notes);

    // The index: total_size and the tensors' names (and which shard holds each).
    int64_t total_size = 0;
    std::vector<std::string> index_names;
    std::set<std::string> shard_files;
    if (!index_json.empty()) {
        if (index_json.size() > kMaxIndexBytes) fail("config", "model.safetensors.index.json is larger than 64 MiB");
        detail::check_json_depth(index_json, "config", 8);
        const json ix = detail::parse_json(index_json);
        if (ix.is_discarded() || !ix.is_object() || !ix.contains("weight_map") || !ix["weight_map"].is_object())
            fail("config", "model.safetensors.index.json must be a JSON object with a weight_map");
        if (ix.contains("metadata") && ix["metadata"].is_object() && ix["metadata"].contains("total_size")) {
            const json& t = ix["metadata"]["total_size"];
            if (!t.is_number() || !(t.get<double>() >= 0 && t.get<double>() <= double(kMaxBytes)) || std::floor(t.get<double>()) != t.get<double>())
                fail("config", "model.safetensors.index.json: metadata.total_size must be a byte count");
            total_size = int64_t(t.get<double>());
        }
        if (ix["weight_map"].size() > kMaxTensors) fail("config", "model.safetensors.index.json lists more than 1048576 tensors");
        for (const auto& [k, v] : ix["weight_map"].items()) {
            if (!v.is_string()) fail("config", "model.safetensors.index.json: each weight_map entry names a file");
            index_names.push_back(k);
            shard_files.insert(v.get<std::string>());
        }
        if (index_names.empty()) fail("config", "model.safetensors.index.json lists no tensors");
    }
    if (index_json.empty() && headers.empty())
        fail("config", "a repository needs model.safetensors.index.json or its safetensors files beside config.json");

    Groups g;
    g.layer.assign(size_t(L), 0);
    g.layer_experts.assign(size_t(L), 0);
    std::map<std::string, int64_t> by_type;
    int64_t n_tensors = 0, params = 0, params_experts = 0;
    bool params_from_headers = !headers.empty();
    std::string bytes_from;
    if (!headers.empty()) {
        std::set<std::string> seen;
        for (size_t i = 0; i < headers.size(); ++i) {
            for (Tensor& t : read_header(headers[i], i < file_sizes.size() ? file_sizes[i] : -1, i)) {
                if (!seen.insert(t.name).second) fail("config", "tensor '" + t.name + "' is in two safetensors files");
                const Place p = place_of(t.name, L);
                add(g, p, t.bytes);
                by_type[t.dtype] += t.bytes;
                ++n_tensors;
                if (!unpacked_dtype(t.dtype) && !side_tensor(t.name)) params_from_headers = false;
                if (p.where != Where::mtp && p.where != Where::vision && !side_tensor(t.name)) {
                    params += t.elements;
                    if (p.expert) params_experts += t.elements;
                }
            }
        }
        for (const std::string& n : index_names)
            if (!seen.count(n))
                fail("config", "the index lists tensor '" + detail::utf8_prefix(n, 200) + "' that no safetensors header holds: give every shard, or none");
        bytes_from = "headers";
        if (total_size == 0) total_size = g.total();
    } else {
        // Only the index: which groups exist is known from the names, their bytes are not. total_size is split over
        // the groups present in proportion to the shape's estimate in the declared format (said in the report).
        const Catalog& cat = catalog();
        const WeightFormat* wf = cat.find_weight_format(quant.empty() ? "bf16" : quant);
        const detail::WeightBytes est = detail::weight_bytes(m, *wf);
        const double per_param = double(est.total()) / double(std::max<int64_t>(1, params_total(m)));
        Groups present;   // 1 where the index names a tensor of that group
        present.layer.assign(size_t(L), 0);
        present.layer_experts.assign(size_t(L), 0);
        // The embeddings and head stay 16-bit in the formats' estimate; MLX quantizes them too, as its index shows
        // (embed_tokens.scales, lm_head.biases): those groups are then estimated at the format's quantized width.
        bool quantized_embd = false, quantized_out = false;
        for (const std::string& n : index_names) {
            const Place p = place_of(n, L);
            add(present, p, 1);
            const std::string_view last = std::string_view(n).substr(n.find_last_of('.') + 1);
            const bool q = last == "scales" || last == "biases" || last == "qweight" || last == "weight_packed" || last == "weight_scale";
            if (q && p.where == Where::token_embd) quantized_embd = true;
            if (q && p.where == Where::output) quantized_out = true;
        }
        const double quantized_width = wf->kind == FormatKind::grouped && wf->keep_bits > 0
                                           ? (wf->bits + (wf->group_size > 0 ? (wf->scale_bits + wf->zero_bits) / double(wf->group_size) : 0)) / wf->keep_bits
                                           : 1.0;
        n_tensors = int64_t(index_names.size());
        std::vector<std::pair<int64_t*, double>> parts;   // each group's share, by the estimate
        auto part = [&](int64_t* slot, int64_t has, double e) {
            if (has > 0 && e > 0) parts.push_back({slot, e});
        };
        part(&g.token_embd, present.token_embd, double(est.token_embd) * (quantized_embd ? quantized_width : 1.0));
        part(&g.output, present.output, double(est.output) * (quantized_out ? quantized_width : 1.0));
        part(&g.mtp, present.mtp, double(m.params_mtp) * per_param);
        part(&g.vision, present.vision, 2.0 * double(m.params_vision));   // encoders are kept 16-bit
        std::vector<double> expert_share(size_t(L), 0);
        for (int il = 0; il < L; ++il) {
            part(&g.layer[size_t(il)], present.layer[size_t(il)], double(est.layer[size_t(il)]));
            if (est.layer[size_t(il)] > 0) expert_share[size_t(il)] = double(est.layer_experts[size_t(il)]) / double(est.layer[size_t(il)]);
        }
        double sum = 0;
        for (const auto& pr : parts) sum += pr.second;
        if (total_size > 0 && sum > 0) {
            int64_t given = 0;
            int64_t* largest = parts[0].first;
            double largest_e = 0;
            for (const auto& [slot, e] : parts) {
                *slot = int64_t(std::floor(double(total_size) * e / sum));
                given += *slot;
                if (e > largest_e) largest_e = e, largest = slot;
            }
            *largest += total_size - given;   // the rounding's few bytes, so that the groups add up to total_size
            bytes_from = "index";
        } else {
            for (const auto& [slot, e] : parts) *slot = std::llround(e);   // no total_size: the estimate itself
            bytes_from = "shape";
            notes.push_back("the index gives no total_size: the bytes are the shape's estimate");
        }
        for (int il = 0; il < L; ++il) g.layer_experts[size_t(il)] = std::llround(double(g.layer[size_t(il)]) * expert_share[size_t(il)]);
        if (est.token_embd > 0 && present.token_embd_lookup > 0)
            g.token_embd_lookup = std::llround(double(g.token_embd) * double(est.token_embd_lookup) / double(est.token_embd));
        if (bytes_from == "shape") total_size = g.total();
    }
    if (!params_from_headers || params == 0) {
        // The shape's count; routed experts from total and active (a token reads n_expert_used of n_expert).
        params = params_total(m);
        params_experts = m.n_expert > 0 ? std::llround(double(params - params_active(m)) / (1.0 - double(m.n_expert_used) / m.n_expert)) : 0;
        params_experts = std::clamp<int64_t>(params_experts, 0, params);
    }
    std::vector<std::pair<std::string, int64_t>> types(by_type.begin(), by_type.end());
    std::stable_sort(types.begin(), types.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (quant.empty() && !types.empty()) quant = quant_of_dtype(types[0].first);

    ojson j;
    j["format"] = kFormat;
    j["name"] = detail::utf8_prefix(detail::utf8_clean(name), 200);
    j["config"] = detail::sorted_json(root);   // sorted, as nlohmann::json held it
    j["total_size"] = total_size;
    j["bytes_from"] = bytes_from;
    j["tensors"] = n_tensors;
    j["shards"] = int64_t(!shard_files.empty() ? shard_files.size() : headers.size());
    int64_t file_bytes = 0;
    for (int64_t s : file_sizes) file_bytes += std::max<int64_t>(0, s);
    if (file_bytes > 0) j["file_bytes"] = file_bytes;
    j["bytes"] = ojson{{"total", g.total()},   {"token_embd", g.token_embd}, {"output", g.output}, {"mtp", g.mtp},
                       {"vision", g.vision}, {"layer", g.layer},           {"layer_experts", g.layer_experts}};
    if (g.token_embd_lookup > 0) j["bytes"]["token_embd_lookup"] = g.token_embd_lookup;
    j["params"] = ojson{{"total", params}, {"experts", params_experts}, {"from", params_from_headers ? "headers" : "shape"}};
    ojson tj = ojson::object();
    for (const auto& [t, b] : types) tj[t] = b;
    j["types"] = std::move(tj);
    j["quant"] = quant;
    if (!notes.empty()) j["notes"] = notes;
    return j.dump();
}

Model model_from_hf_repo_summary(std::string_view text) {
    if (text.size() > kMaxSummaryBytes) fail("config", "the repository summary is larger than 2 MiB");
    detail::check_json_depth(text, "config", 40);
    const json j = detail::parse_json(text);
    auto text_of = [&](const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    if (j.is_discarded() || !j.is_object() || text_of("format") != kFormat || !j.contains("config") || !j["config"].is_object())
        fail("config", std::string("expected the summary headroom writes for a repository folder (\"format\": \"") + kFormat +
                           "\", with its config.json in \"config\"): give --config the folder");
    Model m = model_from_hf_config(j["config"].dump());
    const json by = j.contains("bytes") && j["bytes"].is_object() ? j["bytes"] : json::object();
    const json pj = j.contains("params") && j["params"].is_object() ? j["params"] : json::object();
    auto fw = std::make_shared<FileWeights>();
    fw->file = j.contains("name") && j["name"].is_string() ? detail::utf8_prefix(detail::utf8_clean(j["name"].get<std::string>()), 200) : "";
    fw->tensor_bytes = get_int(by, "total", 1, kMaxBytes, 0);
    if (fw->tensor_bytes == 0) fail("config", "the repository summary has no bytes ('bytes.total')");
    fw->file_bytes = get_int(j, "file_bytes", 1, kMaxBytes, fw->tensor_bytes);
    fw->n_tensors = get_int(j, "tensors", 0, int64_t(kMaxTensors) * 256, 0);
    fw->shards = int(get_int(j, "shards", 0, 1 << 16, 1));
    const int64_t cap = fw->tensor_bytes;
    fw->token_embd = get_int(by, "token_embd", 0, cap, 0);
    fw->token_embd_lookup = get_int(by, "token_embd_lookup", 0, fw->token_embd, 0);
    fw->output = get_int(by, "output", 0, cap, 0);
    fw->mtp = get_int(by, "mtp", 0, cap, 0);
    fw->vision = get_int(by, "vision", 0, cap, 0);
    fw->layer = get_ints(by, "layer", size_t(m.n_layer), cap);
    fw->layer_experts = get_ints(by, "layer_experts", size_t(m.n_layer), cap);
    int64_t sum = fw->token_embd + fw->output + fw->mtp + fw->vision;
    for (size_t i = 0; i < fw->layer.size(); ++i) {
        if (fw->layer_experts[i] > fw->layer[i]) fail("config", "the repository summary's experts of a layer exceed the layer");
        sum += fw->layer[i];
    }
    if (sum != fw->tensor_bytes) fail("config", "the repository summary's groups do not add up to its 'bytes.total'");
    fw->params = get_int(pj, "total", 1, int64_t(1) << 52, 1);
    fw->params_experts = get_int(pj, "experts", 0, fw->params, 0);
    if (auto it = j.find("types"); it != j.end() && it->is_object())
        for (const auto& [k, v] : it->items()) {
            if (fw->types.size() >= 64) break;
            if (v.is_number_unsigned() && v.get<uint64_t>() <= uint64_t(cap))
                fw->types.emplace_back(detail::utf8_prefix(detail::utf8_clean(k), 16), int64_t(v.get<uint64_t>()));
        }
    std::stable_sort(fw->types.begin(), fw->types.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    fw->quant = j.contains("quant") && j["quant"].is_string() ? detail::lower(j["quant"].get<std::string>()) : "";
    if (!fw->quant.empty() && !catalog().find_weight_format(fw->quant))
        fail("config", "the repository summary's quant '" + detail::utf8_prefix(fw->quant, 32) + "' is not a weight format (`headroom quants`)");
    const std::string from = text_of("bytes_from");
    if (from != "headers" && from != "index" && from != "shape") fail("config", "the repository summary's bytes_from must be headers, index or shape");
    if (!fw->file.empty()) m.name = fw->file;
    m.source = "Hugging Face repository folder" + (fw->file.empty() ? std::string() : " " + fw->file) + ": config.json and " +
               (from == "headers" ? "the safetensors headers" : "model.safetensors.index.json");
    // Bytes per dtype exist only when the headers were read: FileWeights::types empty says the groups' bytes are
    // an estimate (the index's total split by the shape, or the shape alone) - the report's repo_bytes_estimated_split.
    if (from != "headers") fw->types.clear();
    fw->kind = "safetensors";
    fw->bytes_estimated = from != "headers";
    m.verification = from == "headers" ? "exact tensor bytes from the safetensors headers"
                     : from == "index" ? "total bytes from the index's total_size, split over embeddings, layers, MTP and vision by the shape's estimate"
                                       : "bytes estimated from the shape (the index gives no total_size)";
    m.file = std::move(fw);
    return m;
}

std::string hf_repo_summary_json(std::string_view config_json, std::string_view index_json, std::string_view headers,
                                 std::string_view parts_json, std::string_view name) {
    return result_json("hf_repo", [&] {
        const json parts = detail::parse_json(parts_json);
        if (!parts.is_array() || parts.size() > 4096) fail("config", "expected [[bytes given, file size], ...] per safetensors file");
        std::vector<std::string> hs;
        std::vector<int64_t> sizes;
        size_t at = 0;
        for (const json& p : parts) {
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_unsigned() || !p[1].is_number_unsigned())
                fail("config", "each safetensors file is [bytes given, file size]");
            const uint64_t len = p[0].get<uint64_t>(), size = p[1].get<uint64_t>();
            if (len > headers.size() - at || len > size || size > uint64_t(kMaxBytes)) fail("config", "the bytes given do not match the files");
            hs.emplace_back(headers.substr(at, size_t(len)));
            sizes.push_back(int64_t(size));
            at += size_t(len);
        }
        return "{\"summary\":" + hf_repo_summary(config_json, index_json, hs, name, sizes) + "}";
    });
}

}  // namespace headroom
