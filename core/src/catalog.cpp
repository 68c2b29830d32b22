// The built-in catalog: core/data/*.json, embedded at build time, parsed once.
// A malformed or inconsistent entry throws at first use, so a data typo fails the tests, not a user.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "internal.hpp"

namespace headroom {
namespace {
using nlohmann::json;

[[noreturn]] void bad_entry(const std::string& what, const std::string& id, const std::string& why) {
    throw std::runtime_error("catalog " + what + " '" + id + "': " + why);
}

template <class T>
T get_or(const json& j, const char* key, T dflt) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? dflt : it->get<T>();
}

Model parse_model(const json& j) {
    Model m;
    m.id = j.at("id").get<std::string>();
    m.name = j.at("name").get<std::string>();
    m.family = get_or<std::string>(j, "family", "");
    m.hf_repo = get_or<std::string>(j, "hf_repo", "");
    m.source = j.at("source").get<std::string>();
    m.as_of = j.at("as_of").get<std::string>();
    m.verification = get_or<std::string>(j, "verification", "");
    m.params_b_nominal = j.at("params_b_nominal").get<double>();
    m.params_official = get_or<int64_t>(j, "params_official", 0);
    m.params_active_official = get_or<int64_t>(j, "params_active_official", 0);
    m.n_layer = j.at("n_layer").get<int>();
    m.n_embd = j.at("n_embd").get<int>();
    m.n_ff = j.at("n_ff").get<int>();
    m.n_head = j.at("n_head").get<int>();
    m.n_head_kv = j.at("n_head_kv").get<int>();
    m.head_dim = j.at("head_dim").get<int>();
    m.n_vocab = j.at("n_vocab").get<int>();
    m.tied_embeddings = j.at("tied_embeddings").get<bool>();
    m.max_ctx = j.at("max_ctx").get<int64_t>();
    m.qkv_bias = get_or(j, "qkv_bias", false);
    m.o_bias = get_or(j, "o_bias", false);
    m.qk_norm = get_or(j, "qk_norm", false);
    m.attn_sinks = get_or(j, "attn_sinks", false);
    m.n_norm_per_layer = get_or(j, "n_norm_per_layer", 2);
    if (auto it = j.find("moe"); it != j.end()) {
        const json& e = *it;
        m.n_expert = e.at("n_expert").get<int>();
        m.n_expert_used = e.at("n_expert_used").get<int>();
        m.n_ff_expert = e.at("n_ff_expert").get<int>();
        m.n_ff_shared = get_or(e, "n_ff_shared", 0);
        m.n_layer_dense_lead = get_or(e, "n_layer_dense_lead", 0);
        m.expert_bias = get_or(e, "expert_bias", false);
        m.router_bias = get_or(e, "router_bias", false);
        m.gguf_experts_mxfp4 = get_or(e, "gguf_experts_mxfp4", false);
    }
    if (auto it = j.find("mla"); it != j.end()) {
        const json& e = *it;
        m.q_lora_rank = e.at("q_lora_rank").get<int>();
        m.kv_lora_rank = e.at("kv_lora_rank").get<int>();
        m.qk_nope_head_dim = e.at("qk_nope_head_dim").get<int>();
        m.qk_rope_head_dim = e.at("qk_rope_head_dim").get<int>();
        m.v_head_dim = e.at("v_head_dim").get<int>();
    }
    if (auto it = j.find("swa"); it != j.end()) {
        m.swa_window = it->at("window").get<int64_t>();
        m.n_layer_swa = it->at("n_layer_swa").get<int>();
    }
    return m;
}

Device parse_device(const json& j) {
    Device d;
    d.id = j.at("id").get<std::string>();
    d.name = j.at("name").get<std::string>();
    auto v = parse_vendor(j.at("vendor").get<std::string>());
    if (!v) bad_entry("device", d.id, "unknown vendor");
    d.vendor = *v;
    d.category = j.at("category").get<std::string>();
    // Memory chips come in binary sizes: a "24GB" card has 24 GiB (nvidia-smi: 24564 MiB on an RTX 4090),
    // a "32GB" Mac 32 GiB (sysctl hw.memsize). docs/devices.md.
    d.mem_bytes = static_cast<int64_t>(std::llround(j.at("mem_gb").get<double>() * 1073741824.0));
    d.mem_bw_gbps = j.at("mem_bw_gbps").get<double>();
    d.fp16_tflops = get_or(j, "fp16_tflops", 0.0);
    d.fp16_acc16_tflops = get_or(j, "fp16_acc16_tflops", 0.0);
    d.fp32_tflops = get_or(j, "fp32_tflops", 0.0);
    d.int8_tops = get_or(j, "int8_tops", 0.0);
    d.power_w = get_or(j, "power_w", 0.0);
    d.pcie_gen = get_or(j, "pcie_gen", 0.0);
    d.pcie_lanes = get_or(j, "pcie_lanes", 0);
    d.p2p_gbps = get_or(j, "p2p_gbps", 0.0);
    d.price_usd = get_or(j, "price_usd", 0.0);
    d.launch = get_or<std::string>(j, "launch", "");
    d.unified_memory = get_or(j, "unified_memory", false);
    d.source = j.at("source").get<std::string>();
    d.as_of = j.at("as_of").get<std::string>();
    d.verification = get_or<std::string>(j, "verification", "");
    return d;
}

void check_model(const Model& m) {
    auto pos = [&](int64_t v, const char* f) {
        if (v <= 0) bad_entry("model", m.id, std::string(f) + " must be positive");
    };
    pos(m.n_layer, "n_layer"); pos(m.n_embd, "n_embd"); pos(m.n_head, "n_head"); pos(m.n_head_kv, "n_head_kv");
    pos(m.head_dim, "head_dim"); pos(m.n_vocab, "n_vocab"); pos(m.max_ctx, "max_ctx");
    if (m.n_head % m.n_head_kv != 0) bad_entry("model", m.id, "n_head not a multiple of n_head_kv");
    if (m.is_moe() && (m.n_expert_used <= 0 || m.n_expert_used > m.n_expert || m.n_ff_expert <= 0))
        bad_entry("model", m.id, "inconsistent MoE fields");
    if (m.n_layer_swa > m.n_layer || (m.n_layer_swa > 0 && m.swa_window <= 0)) bad_entry("model", m.id, "bad swa");
    if (m.source.empty()) bad_entry("model", m.id, "no source");
}

void check_device(const Device& d) {
    if (d.mem_bytes <= 0 || !(d.mem_bw_gbps > 0)) bad_entry("device", d.id, "memory and bandwidth must be positive");
    if (d.source.empty()) bad_entry("device", d.id, "no source");
    for (double v : {d.fp16_tflops, d.fp16_acc16_tflops, d.fp32_tflops, d.int8_tops, d.power_w, d.price_usd, d.p2p_gbps})
        if (!(v >= 0) || !std::isfinite(v)) bad_entry("device", d.id, "negative or non-finite figure");
}

struct Indexed {
    Catalog cat;
    std::unordered_map<std::string, size_t> model_ix, device_ix, wf_ix, kv_ix, ggml_ix;
};

Indexed load() {
    Indexed ix;
    Catalog& c = ix.cat;
    json models = json::parse(detail::embedded_models_json);
    // Each entry parses on its own so an error names the entry it came from.
    auto each = [](const json& list, const char* what, auto&& fn) {
        for (const auto& j : list) {
            try {
                fn(j);
            } catch (const json::exception& e) {
                bad_entry(what, j.value("id", std::string("?")), e.what());
            }
        }
    };
    each(models.at("models"), "model", [&](const json& j) {
        c.models.push_back(parse_model(j));
        check_model(c.models.back());
    });
    json devices = json::parse(detail::embedded_devices_json);
    each(devices.at("devices"), "device", [&](const json& j) {
        c.devices.push_back(parse_device(j));
        check_device(c.devices.back());
    });
    json formats = json::parse(detail::embedded_formats_json);
    for (const auto& j : formats.at("ggml_types"))
        c.ggml_types.push_back({j.at("name").get<std::string>(), j.at("block_elements").get<int>(),
                                j.at("block_bytes").get<int>()});
    for (size_t i = 0; i < c.ggml_types.size(); ++i) ix.ggml_ix[c.ggml_types[i].name] = i;
    for (const auto& j : formats.at("weight_formats")) {
        WeightFormat f;
        f.id = j.at("id").get<std::string>();
        f.source = j.at("source").get<std::string>();
        std::string kind = j.at("kind").get<std::string>();
        f.kind = kind == "float" ? FormatKind::float_ : kind == "gguf" ? FormatKind::gguf : FormatKind::grouped;
        if (kind != "float" && kind != "gguf" && kind != "grouped") bad_entry("format", f.id, "unknown kind");
        f.nominal_bits = j.at("nominal_bits").get<double>();
        f.bits = get_or(j, "bits", 16.0);
        f.scale_bits = get_or(j, "scale_bits", 0.0);
        f.zero_bits = get_or(j, "zero_bits", 0.0);
        f.g_idx_bits = get_or(j, "g_idx_bits", 0.0);
        f.keep_bits = get_or(j, "keep_bits", 16.0);
        f.group_size = get_or<int64_t>(j, "group_size", 0);
        f.experts_only = get_or(j, "experts_only", false);
        if (f.kind == FormatKind::gguf) {
            auto it = ix.ggml_ix.find(j.at("ggml_type").get<std::string>());
            if (it == ix.ggml_ix.end()) bad_entry("format", f.id, "unknown ggml_type");
            f.ggml_type = static_cast<int>(it->second);
        }
        c.weight_formats.push_back(std::move(f));
    }
    for (const auto& j : formats.at("kv_formats"))
        c.kv_formats.push_back({j.at("id").get<std::string>(), j.at("source").get<std::string>(), j.at("bits").get<double>()});

    auto index = [](auto& vec, auto& map, const char* what) {
        for (size_t i = 0; i < vec.size(); ++i)
            if (!map.emplace(vec[i].id, i).second) bad_entry(what, vec[i].id, "duplicate id");
    };
    index(c.models, ix.model_ix, "model");
    index(c.devices, ix.device_ix, "device");
    index(c.weight_formats, ix.wf_ix, "format");
    index(c.kv_formats, ix.kv_ix, "kv format");
    return ix;
}

const Indexed& indexed() {
    static const Indexed ix = load();   // thread-safe static init
    return ix;
}

template <class V, class M>
auto find_in(const V& vec, const M& map, std::string_view id) -> decltype(&vec[0]) {
    auto it = map.find(std::string(id));
    return it == map.end() ? nullptr : &vec[it->second];
}

}  // namespace

const Catalog& catalog() { return indexed().cat; }

const Model* Catalog::find_model(std::string_view id) const { return find_in(models, indexed().model_ix, detail::lower(id)); }
const Device* Catalog::find_device(std::string_view id) const { return find_in(devices, indexed().device_ix, detail::lower(id)); }
const WeightFormat* Catalog::find_weight_format(std::string_view id) const {
    return find_in(weight_formats, indexed().wf_ix, detail::lower(id));
}
const KvFormat* Catalog::find_kv_format(std::string_view id) const { return find_in(kv_formats, indexed().kv_ix, detail::lower(id)); }
int Catalog::find_ggml_type(std::string_view name) const {
    auto it = indexed().ggml_ix.find(std::string(name));
    return it == indexed().ggml_ix.end() ? -1 : static_cast<int>(it->second);
}

namespace detail {
// ASCII only (ids, format names, keys): no locale lookup per character (std::tolower was 8% of an evaluate).
std::string lower(std::string_view s) {
    std::string r(s);
    for (char& ch : r)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return r;
}
std::string upper(std::string_view s) {
    std::string r(s);
    for (char& ch : r)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return r;
}

namespace {
// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when it is not one.
size_t utf8_len(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    return n;
}
}  // namespace

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_len(s, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::string utf8_clean(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_len(s, i);
        if (n) r.append(s.substr(i, n));
        else r += '?';
        i += n ? n : 1;
    }
    return r;
}

std::string utf8_prefix(std::string_view s, size_t max) {
    if (s.size() <= max) return utf8_clean(s);
    size_t k = max;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    return utf8_clean(s.substr(0, k));
}

void check_json_depth(std::string_view t, const char* field, int max_depth) {
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char ch = t[i];
        if (in_str) {
            if (ch == '\\') ++i;
            else if (ch == '"') in_str = false;
        } else if (ch == '"') {
            in_str = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > max_depth) fail(field, "nested deeper than " + std::to_string(max_depth) + " levels");
        } else if (ch == '}' || ch == ']') {
            --depth;
        }
    }
}
}  // namespace detail

}  // namespace headroom
