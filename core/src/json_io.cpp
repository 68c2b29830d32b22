// The JSON faces of Scenario and Report (CONTRACT.md). Scenario keys are the URL keys.
#include <cmath>
#include <functional>
#include <optional>
#include <algorithm>
#include <charconv>
#include <type_traits>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using ojson = nlohmann::ordered_json;

// A coded sentence's parameters (headroom/messages.hpp), by name, in the order the core gave them.
ojson params_obj(const Params& params) {
    ojson o = ojson::object();
    for (const Param& p : params) o[p.name] = p.value;
    return o;
}

// An input error: the field, the English message, and its code and parameters where it has them.
ojson error_obj(const InputError& e) {
    ojson o{{"field", e.field}, {"message", e.message}};
    if (!e.code.empty()) {
        o["code"] = e.code;
        o["params"] = params_obj(e.params);
    }
    return o;
}

// parse_json's reader: nlohmann's DOM builder (json_sax_dom_parser), except that an object's key is looked up in a hash
// index once the object has more than a few keys (a safetensors header or an index's weight_map holds up to a million).
class DomReader {
  public:
    explicit DomReader(ojson& root) : root_(root) {}
    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(ojson::number_integer_t v) { return value(v); }
    bool number_unsigned(ojson::number_unsigned_t v) { return value(v); }
    bool number_float(ojson::number_float_t v, const std::string&) { return value(v); }
    bool string(std::string& v) { return value(std::move(v)); }
    bool binary(ojson::binary_t&) { return false; }   // JSON text has none
    bool start_object(std::size_t) { return open(ojson::value_t::object); }
    bool start_array(std::size_t) { return open(ojson::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        Open& o = stack_.back();
        ojson::object_t::Container& obj = o.v->get_ref<ojson::object_t&>();   // the list: obj[i] is the i-th pair
        constexpr size_t kLinear = 16;
        if (obj.size() >= kLinear && o.index.empty())
            for (size_t i = 0; i < obj.size(); ++i) o.index.emplace(obj[i].first, i);
        size_t at = obj.size();
        if (obj.size() < kLinear) {
            for (size_t i = 0; i < obj.size(); ++i)
                if (obj[i].first == k) at = i;
        } else if (const auto it = o.index.find(k); it != o.index.end()) {
            at = it->second;
        } else {
            o.index.emplace(k, at);
        }
        if (at == obj.size()) obj.emplace_back(std::move(k), nullptr);
        element_ = &obj[at].second;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  private:
    struct Open {
        ojson* v;
        std::unordered_map<std::string, size_t> index;   // key -> place, once the object is large
    };
    template <class V>
    ojson* place(V&& v) {
        if (stack_.empty()) return &(root_ = ojson(std::forward<V>(v)));
        ojson& top = *stack_.back().v;
        if (top.is_array()) {
            top.get_ref<ojson::array_t&>().emplace_back(std::forward<V>(v));
            return &top.get_ref<ojson::array_t&>().back();
        }
        *element_ = ojson(std::forward<V>(v));
        return element_;
    }
    template <class V>
    bool value(V&& v) {
        place(std::forward<V>(v));
        return true;
    }
    bool open(ojson::value_t t) {
        stack_.push_back({place(t), {}});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }
    ojson& root_;
    std::vector<Open> stack_;
    ojson* element_ = nullptr;
};

}  // namespace

ojson detail::sorted_json(const ojson& v) {
    if (v.is_array()) {
        ojson out = ojson::array();
        for (const ojson& x : v) out.push_back(sorted_json(x));
        return out;
    }
    if (!v.is_object()) return v;
    std::vector<std::pair<std::string, const ojson*>> kv;
    for (auto it = v.begin(); it != v.end(); ++it) kv.emplace_back(it.key(), &it.value());
    std::sort(kv.begin(), kv.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ojson out = ojson::object();
    for (const auto& [k, x] : kv) out.get_ref<ojson::object_t&>().emplace_back(k, sorted_json(*x));   // keys unique: no lookup
    return out;
}

namespace {
// A flat JSON object, {"key": a string, number, true, false or null, ...} (a scenario as the page and the CLI send it),
// read without nlohmann's parser: nullopt for anything else (nesting, an escape or a byte outside printable ASCII in a
// string, a repeated key, an integer of more than 18 digits, text that is not JSON), which the full parser then reads or
// refuses. The values are the full parser's: a non-negative integer unsigned, a negative one signed, a float as
// strtod reads it (parse_number). Its parser, lexer and strtod were ~30 KB of code V8 compiled in a fresh module's
// first evaluate (docs/performance.md). fuzz_scenario checks both readers agree on every input.
std::optional<ojson> flat_object(std::string_view t) {
    size_t i = 0;
    const auto ws = [&] {
        while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
    };
    const auto at = [&](char c) { return i < t.size() && t[i] == c; };
    const auto digit = [&](size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    const auto string = [&](std::string& out) {   // at the opening quote
        const size_t start = ++i;
        for (; i < t.size() && t[i] != '"'; ++i)
            if (t[i] < 0x20 || t[i] == '\\' || t[i] == 0x7f || (unsigned char)t[i] >= 0x80) return false;
        if (i == t.size()) return false;
        out.assign(t.substr(start, i++ - start));
        return true;
    };
    const auto literal = [&](std::string_view word) {
        if (t.substr(i, word.size()) != word) return false;
        i += word.size();
        return true;
    };
    ws();
    if (!at('{')) return std::nullopt;
    ++i;
    ojson out = ojson::object();
    ojson::object_t& obj = out.get_ref<ojson::object_t&>();
    ws();
    if (at('}')) ++i;
    else
        for (;;) {
            std::string key;
            if (!at('"') || !string(key)) return std::nullopt;
            for (const auto& kv : obj)
                if (kv.first == key) return std::nullopt;
            ws();
            if (!at(':')) return std::nullopt;
            ++i;
            ws();
            ojson v;
            if (at('"')) {
                std::string sv;
                if (!string(sv)) return std::nullopt;
                v = std::move(sv);
            } else if (at('t') || at('f') || at('n')) {
                if (literal("true")) v = true;
                else if (literal("false")) v = false;
                else if (!literal("null")) return std::nullopt;
            } else {   // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
                const size_t start = i;
                const bool neg = at('-');
                if (neg) ++i;
                if (!digit(i)) return std::nullopt;
                if (t[i] == '0') ++i;
                else
                    while (digit(i)) ++i;
                const size_t int_end = i;
                if (at('.')) {
                    if (!digit(++i)) return std::nullopt;
                    while (digit(i)) ++i;
                }
                if (at('e') || at('E')) {
                    ++i;
                    if (at('+') || at('-')) ++i;
                    if (!digit(i)) return std::nullopt;
                    while (digit(i)) ++i;
                }
                const std::string_view num = t.substr(start, i - start);
                if (i == int_end) {   // an integer
                    if (int_end - start - neg > 18) return std::nullopt;
                    int64_t n = 0;
                    for (size_t k = start + neg; k < int_end; ++k) n = n * 10 + (t[k] - '0');
                    if (neg) v = -n;
                    else v = uint64_t(n);
                } else {
                    double d = 0;
                    if (!detail::parse_number(num, d) || !std::isfinite(d)) return std::nullopt;
                    v = d;
                }
            }
            obj.emplace_back(std::move(key), std::move(v));
            ws();
            if (at(',')) {
                ++i;
                ws();
                continue;
            }
            if (!at('}')) return std::nullopt;
            ++i;
            break;
        }
    ws();
    if (i != t.size()) return std::nullopt;
    return out;
}
}  // namespace

ojson detail::parse_json(std::string_view text) {
    if (std::optional<ojson> flat = flat_object(text)) return std::move(*flat);
    return parse_json_full(text);
}

ojson detail::parse_json_full(std::string_view text) {
    ojson out;
    DomReader reader(out);
    using Input = decltype(nlohmann::detail::input_adapter(text.begin(), text.end()));
    nlohmann::detail::parser<ojson, Input> p(nlohmann::detail::input_adapter(text.begin(), text.end()), nullptr, false);
    if (!p.sax_parse(&reader, true)) return ojson(ojson::value_t::discarded);
    return out;
}

std::string scenario_to_json(const Scenario& s) { return detail::scenario_object(s).dump(); }

namespace {
ojson model_entry(const Model& m) {
    ojson e;
    e["params_b_nominal"] = m.params_b_nominal;
    for (auto [k, v] : {std::pair{"n_layer", m.n_layer}, {"n_embd", m.n_embd}, {"n_ff", m.n_ff}, {"n_head", m.n_head},
                        {"n_head_kv", m.n_head_kv}, {"head_dim", m.head_dim}, {"n_vocab", m.n_vocab}})
        e[k] = v;
    e["tied_embeddings"] = m.tied_embeddings;
    e["max_ctx"] = m.max_ctx;
    for (auto [k, v] : {std::pair{"qkv_bias", m.qkv_bias}, {"o_bias", m.o_bias}, {"qk_norm", m.qk_norm}, {"attn_sinks", m.attn_sinks},
                        {"attn_output_gate", m.attn_output_gate}})
        if (v) e[k] = true;
    if (!m.ffn_gated) e["ffn_gated"] = false;
    if (m.ffn_bias) e["ffn_bias"] = true;
    if (m.encoder_only) e["encoder_only"] = true;
    if (m.params_extra) e["params_extra"] = m.params_extra;
    if (m.n_norm_per_layer != 2) e["n_norm_per_layer"] = m.n_norm_per_layer;
    if (m.is_moe()) {
        ojson x{{"n_expert", m.n_expert}, {"n_expert_used", m.n_expert_used}, {"n_ff_expert", m.n_ff_expert}};
        if (m.n_ff_shared) x["n_ff_shared"] = m.n_ff_shared;
        if (m.n_layer_dense_lead) x["n_layer_dense_lead"] = m.n_layer_dense_lead;
        for (auto [k, v] : {std::pair{"expert_bias", m.expert_bias}, {"router_bias", m.router_bias},
                            {"gguf_experts_mxfp4", m.gguf_experts_mxfp4}, {"dense_fp8", m.dense_fp8}, {"shared_expert_gate", m.shared_expert_gate},
                            {"router_scales", m.router_scales}})
            if (v) x[k] = true;
        e["moe"] = x;
    }
    if (m.is_mla())
        e["mla"] = ojson{{"q_lora_rank", m.q_lora_rank}, {"kv_lora_rank", m.kv_lora_rank}, {"qk_nope_head_dim", m.qk_nope_head_dim},
                         {"qk_rope_head_dim", m.qk_rope_head_dim}, {"v_head_dim", m.v_head_dim}};
    if (m.index_n_heads && m.is_mla()) {
        e["mla"]["index_n_heads"] = m.index_n_heads;
        e["mla"]["index_head_dim"] = m.index_head_dim;
        if (m.index_topk) e["mla"]["index_topk"] = m.index_topk;
    }
    if (m.is_compressed()) {   // DeepSeek-V4 (scripts/gen_catalog.py reads the shared members from here too)
        ojson x{{"q_lora_rank", m.q_lora_rank}, {"qk_rope_head_dim", m.qk_rope_head_dim}, {"o_groups", m.o_groups},
                {"o_lora_rank", m.o_lora_rank}, {"window", m.swa_window}};
        for (auto [k, v] : {std::pair{"ratio_sparse", m.kv_ratio_sparse}, {"ratio_heavy", m.kv_ratio_heavy},
                            {"index_n_heads", m.index_n_heads}, {"index_head_dim", m.index_head_dim}, {"index_topk", m.index_topk},
                            {"hc_mult", m.hc_mult}, {"n_layer_hash", m.n_layer_hash}})
            if (v) x[k] = v;
        e["compressed"] = x;
    }
    if (m.n_layer_swa) e["swa"] = ojson{{"window", m.swa_window}, {"n_layer_swa", m.n_layer_swa}};
    ojson h;
    if (!m.layer_mixer.empty()) h["layer_mixer"] = m.layer_mixer;
    if (!m.layer_ffn.empty()) h["layer_ffn"] = m.layer_ffn;
    for (auto [k, v] : {std::pair{"lin_n_head_k", m.lin_n_head_k}, {"lin_n_head_v", m.lin_n_head_v}, {"lin_head_dim_k", m.lin_head_dim_k},
                        {"lin_head_dim_v", m.lin_head_dim_v}, {"ssm_n_head", m.ssm_n_head}, {"ssm_head_dim", m.ssm_head_dim},
                        {"ssm_d_state", m.ssm_d_state}, {"ssm_n_group", m.ssm_n_group}, {"conv_kernel", m.conv_kernel},
                        {"ssm_d_inner", m.ssm_d_inner}, {"ssm_dt_rank", m.ssm_dt_rank}})
        if (v) h[k] = v;
    if (m.ssm_state_f32) h["ssm_state_f32"] = true;
    if (m.lin_kda) h["lin_kda"] = true;
    if (m.index_n_heads && !m.is_mla() && !m.is_compressed())   // MiniMax-M3's block-sparse layers' indexer
        h["index_n_heads"] = m.index_n_heads, h["index_head_dim"] = m.index_head_dim, h["index_topk"] = m.index_topk;
    if (!m.ssm_norm) h["ssm_norm"] = false;
    if (m.cross_attn_tokens) h["cross_attn_tokens"] = m.cross_attn_tokens;
    if (!h.empty()) e["hybrid"] = h;
    if (m.n_layer_mtp) e["mtp"] = ojson{{"n_layer", m.n_layer_mtp}, {"params", m.params_mtp}};
    if (m.params_vision) e["params_vision"] = m.params_vision;
    if (m.n_embd_per_layer) e["ple"] = ojson{{"n_embd", m.n_embd_per_layer}, {"n_vocab", m.n_vocab_per_layer}};
    for (auto [k, v] : {std::pair{"altup_n", m.altup_n}, {"laurel_rank", m.laurel_rank}, {"n_layer_kv_shared", m.n_layer_kv_shared}})
        if (v) e[k] = v;
    // Gemma 4 (docs/sizing.md): the global layers' head width and KV heads, K as V, the KV-shared layers' weights and MLP.
    for (auto [k, v] : {std::pair{"head_dim_global", m.head_dim_global}, {"n_head_kv_global", m.n_head_kv_global},
                        {"n_ff_kv_shared", m.n_ff_kv_shared}})
        if (v) e[k] = v;
    if (m.attn_k_eq_v) e["attn_k_eq_v"] = true;
    if (!m.kv_shared_weights) e["kv_shared_weights"] = false;
    return e;
}

// ---- the reports, written straight to text ------------------------------------------------------------------
// One call a key, in the order the keys appear: w("key", value). The bytes are those nlohmann's dump() wrote before
// (tests/golden): numbers by its own formatter (nlohmann::detail::to_chars: grisu2, the shortest text that reads back
// as the same double; integers in decimal; not finite: null), strings escaped as it escapes them.
class Writer {
  public:
    std::string out;
    // An object or an array: the value of `key`, or (no key) the next element of an array, or the document.
    Writer& obj(const char* key = nullptr) { return open(key, '{'); }
    Writer& arr(const char* key = nullptr) { return open(key, '['); }
    Writer& end() {
        out += closers_.back();
        closers_.pop_back();
        first_ = false;
        return *this;
    }
    template <class T>
    Writer& operator()(std::string_view key, const T& v) {
        name(key);
        put(v);
        return *this;
    }
    template <class T>
    Writer& item(const T& v) {
        sep();
        put(v);
        return *this;
    }
    Writer& raw(std::string_view key, std::string_view json) {   // a value already written as JSON
        name(key);
        out += json;
        return *this;
    }

  private:
    Writer& open(const char* key, char c) {
        if (key) name(key);
        else sep();
        out += c;
        closers_ += c == '{' ? '}' : ']';
        first_ = true;
        return *this;
    }
    void sep() {
        if (!first_) out += ',';
        first_ = false;
    }
    void name(std::string_view key) {
        sep();
        put(key);
        out += ':';
    }
    void put(bool v) { out += v ? "true" : "false"; }
    void put(const char* v) { put(std::string_view(v)); }
    void put(const std::string& v) { put(std::string_view(v)); }
    void put(std::string_view s) {
        if (!detail::valid_utf8(s)) {   // nlohmann's error, word for word (it refuses invalid UTF-8)
            out += ojson(std::string(s)).dump();
            return;
        }
        out += '"';
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default:
                    if (c < 0x20) {
                        static constexpr char hex[] = "0123456789abcdef";
                        out += "\\u00";
                        out += hex[c >> 4];
                        out += hex[c & 15];
                    } else {
                        out += ch;
                    }
            }
        }
        out += '"';
    }
    void put(double v) {
        if (!std::isfinite(v)) {
            out += "null";
            return;
        }
        char buf[64];
        out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
    }
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void put(T v) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    }
    // Named values as an object, as ojson's operator[] kept them: a repeated name at its first place with its last value.
    template <class List, class Name, class Value>
    void named(const List& xs, Name name_of, Value value_of) {
        out += '{';
        for (size_t i = 0; i < xs.size(); ++i) {
            size_t last = i;
            bool seen = false;
            for (size_t k = 0; k < xs.size(); ++k)
                if (name_of(xs[k]) == name_of(xs[i])) {
                    seen = seen || k < i;
                    last = k;
                }
            if (seen) continue;
            if (out.back() != '{') out += ',';
            put(name_of(xs[i]));
            out += ':';
            put(value_of(xs[last]));
        }
        out += '}';
    }
    void put(const Params& ps) {   // a sentence's parameters (headroom/messages.hpp), in the order the core gave them
        named(ps, [](const Param& p) -> const std::string& { return p.name; }, [](const Param& p) -> const std::string& { return p.value; });
    }
    void put(const std::vector<std::pair<std::string, int64_t>>& kv) {   // bytes per type
        named(kv, [](const auto& p) -> const std::string& { return p.first; }, [](const auto& p) { return p.second; });
    }
    std::string closers_;
    bool first_ = true;
};

// dump(indent) of the compact text: each element on its own line, `indent` spaces a level, ": " after a key, {} and
// [] kept empty.
std::string indented(std::string_view c, int indent) {
    if (indent < 0) return std::string(c);
    std::string o;
    o.reserve(c.size() * 2);
    int depth = 0;
    const auto line = [&] {
        o += '\n';
        o.append(size_t(depth * indent), ' ');
    };
    for (size_t i = 0; i < c.size(); ++i) {
        const char ch = c[i];
        o += ch == ':' ? ": " : std::string_view(&ch, 1);
        if (ch == '"') {   // to the string's closing quote
            for (++i; c[i] != '"'; ++i) {
                o += c[i];
                if (c[i] == '\\') o += c[++i];
            }
            o += '"';
        } else if ((ch == '{' || ch == '[') && (c[i + 1] == '}' || c[i + 1] == ']')) {
            o += c[++i];
        } else if (ch == '{' || ch == '[') {
            ++depth;
            line();
        } else if (ch == ',') {
            line();
        } else if (ch == '}' || ch == ']') {
            o.pop_back();
            --depth;
            line();
            o += ch;
        }
    }
    return o;
}

void scenario_section(Writer& w, const Report& r) { w.raw("scenario", detail::scenario_object(r.scenario).dump()); }

void model_section(Writer& w, const Report& r) {
    const Model& m = r.model;
    w.obj("model");
    w("id", m.id);
    w("name", m.name);
    w("params_total", r.params_total);
    w("params_active", r.params_active);
    w("n_layer", m.n_layer);
    w("n_embd", m.n_embd);
    w("n_head", m.n_head);
    w("n_head_kv", m.n_head_kv);
    w("head_dim", m.head_dim);
    w("n_vocab", m.n_vocab);
    w("max_ctx", m.max_ctx);
    w("attention", m.attention_kind());
    if (m.is_moe()) w("n_expert", m.n_expert)("n_expert_used", m.n_expert_used);
    if (m.n_layer_swa) w("swa_window", m.swa_window)("n_layer_swa", m.n_layer_swa);
    if (!m.layer_mixer.empty()) w("layer_mixer", m.layer_mixer);
    if (!m.layer_ffn.empty()) w("layer_ffn", m.layer_ffn);
    if (m.n_layer_mtp) w("n_layer_mtp", m.n_layer_mtp)("params_mtp", m.params_mtp);
    if (m.params_vision) w("params_vision", m.params_vision);
    if (!m.release_date.empty()) w("release_date", m.release_date);
    if (!m.hf_repo.empty()) w("hf_repo", m.hf_repo);
    if (!m.modelscope_repo.empty()) w("modelscope_repo", m.modelscope_repo);
    w("source", m.source);
    if (const FileWeights* f = m.file.get(); f && f->kind == "safetensors") {
        w.obj("repo");
        w("folder", f->file);
        w("tensor_bytes", f->tensor_bytes);
        w("bytes_exact", !f->bytes_estimated);
        if (f->n_tensors) w("tensors", f->n_tensors);
        if (f->shards > 1) w("shards", f->shards);
        if (f->mtp) w("mtp_bytes", f->mtp);
        if (f->vision) w("vision_bytes", f->vision);
        w("types", f->types);
        w.end();
    } else if (f) {
        w.obj("gguf");
        w("file", f->file);
        w("file_bytes", f->file_bytes);
        w("tensor_bytes", f->tensor_bytes);
        w("tensors", f->n_tensors);
        if (!f->file_type.empty()) w("file_type", f->file_type);
        if (f->shards > 1) w("shards", f->shards);
        w("chat_template", f->chat_template);
        if (f->mtp) w("mtp_bytes", f->mtp);
        if (f->vision) w("vision_bytes", f->vision);
        w("types", f->types);
        w.end();
    }
    w.end();
}

void device_section(Writer& w, const Report& r) {
    const Device& d = r.device;
    w.obj("device");
    w("id", d.id);
    w("name", d.name);
    w("vendor", to_string(d.vendor));
    w("mem_bytes", d.mem_bytes);
    w("mem_bw_gbps", d.mem_bw_gbps);
    w("unified_memory", d.unified_memory);
    w("source", d.source);
    if (d.p2p_gbps > 0) w("p2p_gbps", d.p2p_gbps);
    w.end();
}

void devices_section(Writer& w, const Report& r) {
    if (r.devices.empty()) return;
    w.arr("devices");
    for (const Device& x : r.devices)
        w.obj()("id", x.id)("name", x.name)("mem_bytes", x.mem_bytes)("mem_bw_gbps", x.mem_bw_gbps)("source", x.source).end();
    w.end();
}

void memory_section(Writer& w, const Report& r) {
    const MemoryBreakdown& mem = r.memory;
    w.obj("memory");
    w("weights_bytes", mem.weights_bytes);
    w("kv_cache_bytes", mem.kv_cache_bytes);
    if (mem.state_bytes) w("state_bytes", mem.state_bytes);
    if (mem.vision_bytes) w("vision_bytes", mem.vision_bytes);
    if (mem.speculative_bytes) w("speculative_bytes", mem.speculative_bytes);
    w("activations_bytes", mem.activations_bytes);
    w("overhead_bytes", mem.overhead_bytes);
    if (r.scenario.mode != Mode::inference) w("gradients_bytes", mem.gradients_bytes)("optimizer_bytes", mem.optimizer_bytes);
    w("total_bytes", mem.total_bytes);
    w("capacity_bytes", mem.capacity_bytes);
    if ((r.fit.placement != Placement::gpu && r.fit.placement != Placement::cpu) || mem.host_bytes > 0)   // offload, stream, cpu-moe, or llama.cpp's input embedding
        w("host_bytes", mem.host_bytes);
    w.arr("per_device");
    for (const DeviceUse& u : mem.per_device) w.obj()("device", u.device)("used_bytes", u.used_bytes)("capacity_bytes", u.capacity_bytes).end();
    w.end();
    w.end();
}

void fit_section(Writer& w, const Report& r) {
    const Fit& f = r.fit;
    w.obj("fit");
    w("fits", f.fits);
    w("headroom_bytes", f.headroom_bytes);
    w("placement", to_string(f.placement));
    w("gpu_layers", f.gpu_layers);
    w("total_layers", f.total_layers);
    if (f.placement == Placement::cpu_moe) w("n_cpu_moe", f.n_cpu_moe);
    if (f.has_inverse) {
        w("max_ctx", f.max_ctx);
        w("max_batch", f.max_batch);
        w("max_batch_tokens_per_s", f.max_batch_tokens_per_s);
        w("min_gpus", f.min_gpus);
    }
    w.end();
}

void speed_section(Writer& w, const Report& r) {
    if (!r.has_speed) return;
    const Speed& sp = r.speed;
    w.obj("speed");
    w("decode_tokens_per_s", sp.decode_tokens_per_s);
    w("decode_ctx_tokens", sp.decode_ctx_tokens);
    if (sp.decode_tokens_per_s_at_full_ctx > 0) w("decode_tokens_per_s_at_full_ctx", sp.decode_tokens_per_s_at_full_ctx);
    w("decode_zh_chars_per_s", sp.decode_zh_chars_per_s);
    w("aggregate_tokens_per_s", sp.aggregate_tokens_per_s);
    if (sp.prefill_tokens_per_s > 0) {
        w("prefill_tokens_per_s", sp.prefill_tokens_per_s);
        w("time_to_first_token_s", sp.time_to_first_token_s);
    }
    w("decode_bound", to_string(sp.decode_bound));
    w("bound_tokens_per_s", sp.bound_tokens_per_s);
    w("bytes_per_token", sp.bytes_per_token);
    if (sp.host_bytes_per_token > 0) {
        w("host_bytes_per_token", sp.host_bytes_per_token);
        w("host_efficiency", sp.host_efficiency);
    }
    w("flops_per_token", sp.flops_per_token);
    w("decode_efficiency", sp.decode_efficiency);
    w("prefill_efficiency", sp.prefill_efficiency);
    w("calibration", sp.calibration);
    if (const SpeculativeSpeed& x = sp.speculative; !x.method.empty()) {
        w.obj("speculative");
        w("method", x.method);
        if (!x.draft_model.empty()) w("draft_model", x.draft_model);
        w("draft_tokens", x.draft_tokens);
        w("accept_rate", x.accept_rate);
        w("accept_rate_basis", x.accept_rate_basis);
        w("tokens_per_step", x.tokens_per_step);
        w("verify_step_s", x.verify_step_s);
        w("draft_step_s", x.draft_step_s);
        w("plain_tokens_per_s", x.plain_tokens_per_s);
        w.end();
    }
    w.end();
}

void cost_section(Writer& w, const Report& r) {
    if (!r.has_cost) return;
    const Cost& c = r.cost;
    w.obj("cost");
    w("currency", c.currency);
    w("per_task", c.per_task);
    w("per_million_output_tokens", c.per_million_output_tokens);
    w("tasks_per_day", c.tasks_per_day);
    w("max_tasks_per_day", c.max_tasks_per_day);
    w("hardware_per_task", c.hardware_per_task);
    w("energy_per_task", c.energy_per_task);
    w("per_month", c.per_month);
    w("hardware_per_day", c.hardware_per_day);
    w("energy_per_day", c.energy_per_day);
    w("seconds_per_task", c.seconds_per_task);
    w("task_out_tokens", c.task_out_tokens);
    w("price", c.price);
    w("price_market", c.price_market);
    w("price_fallback", c.price_fallback);
    if (!c.price_date.empty()) w("price_date", c.price_date);
    if (!c.price_source.empty()) w("price_source", c.price_source);
    if (c.api_per_task > 0) {
        if (!c.api.empty()) {
            w("api", c.api);
            w("api_input_per_mtok", c.api_input_per_mtok);
            if (c.api_cached_input_per_mtok > 0) w("api_cached_input_per_mtok", c.api_cached_input_per_mtok);
            w("api_output_per_mtok", c.api_output_per_mtok);
            w("api_price_date", c.api_price_date);
            w("api_source", c.api_source);
        }
        w("api_per_task", c.api_per_task);
        w("break_even_tasks_per_day", c.break_even_tasks_per_day);
    }
    if (c.cloud_gpu_per_task > 0) {
        if (!c.rent.empty()) {
            w("rent", c.rent);
            w("rent_per_gpu_hour", c.rent_per_gpu_hour);
            w("rent_per_hour", c.rent_per_hour);
            w("rent_price_date", c.rent_price_date);
            w("rent_source", c.rent_source);
        }
        w("cloud_gpu_per_task", c.cloud_gpu_per_task);
        w("break_even_vs_rent_tasks_per_day", c.break_even_vs_rent_tasks_per_day);
    }
    w.end();
}

void verdict_section(Writer& w, const Report& r) {
    if (!r.has_verdict) return;
    const Verdict& v = r.verdict;
    w.obj("verdict");
    w("verdict", v.verdict);
    w("claim", r.scenario.claim_tokens_per_s > 0 ? "tokens_per_s" : "fits");
    w("claim_tokens_per_s", v.claim_tokens_per_s);
    w("estimate_tokens_per_s", v.estimate_tokens_per_s);
    w("bound_tokens_per_s", v.bound_tokens_per_s);
    w("ratio_to_estimate", v.ratio_to_estimate);
    w("ratio_to_bound", v.ratio_to_bound);
    w("message", v.message);
    w("code", v.code);
    w("params", v.params);
    w.end();
}

void launch_section(Writer& w, const Report& r) {
    if (!r.has_launch) return;
    const Launch& l = r.launch;
    w.obj("launch");
    w("tool", l.tool);
    w("command", l.command);
    if (!l.note.empty()) w("note", l.note)("note_code", l.note_code)("note_params", l.note_params);
    w.arr("others");
    for (const LaunchAlt& a : l.others)
        w.obj()("tool", a.tool)("command", a.command)("note", a.note)("note_code", a.note_code)("note_params", a.note_params).end();
    w.end();
    w.end();
}

void warnings_section(Writer& w, const Report& r) {
    w.arr("warnings");
    for (const Warning& x : r.warnings) w.obj()("code", x.code)("message", x.message)("params", x.params).end();
    w.end();
}

// The report's keys, in order, in an object the caller opened (and may add to).
void report_keys(Writer& w, const Report& r) {
    w("schema", "headroom.report/1");
    scenario_section(w, r);
    model_section(w, r);
    device_section(w, r);
    devices_section(w, r);
    memory_section(w, r);
    fit_section(w, r);
    speed_section(w, r);
    cost_section(w, r);
    verdict_section(w, r);
    launch_section(w, r);
    warnings_section(w, r);
}
}  // namespace

std::string report_to_json(const Report& r, int indent) {
    Writer w;
    w.obj();
    report_keys(w, r);
    w.end();
    return indented(w.out, indent);
}

std::string recommendations_to_json(const Report& base, const std::vector<Report>& recs, int indent) {
    Writer w;
    w.obj();
    report_keys(w, base);
    w.arr("recommendations");
    for (const Report& r : recs) {
        w.obj();
        scenario_section(w, r);
        device_section(w, r);
        memory_section(w, r);
        fit_section(w, r);
        speed_section(w, r);
        cost_section(w, r);
        w.obj("model")("id", r.model.id)("name", r.model.name)("params_total", r.params_total).end();
        w("config_price_usd", r.config_price_usd);
        if (!r.model.release_date.empty()) w("release_date", r.model.release_date);
        w.end();
    }
    w.end();
    w.end();
    return indented(w.out, indent);
}

std::string ladder_to_json(const Report& base, const Ladder& l, int indent) {
    Writer w;
    w.obj();
    report_keys(w, base);
    auto rungs = [&](const char* key, const std::vector<LadderRung>& rs, const char* id_key, bool weights) {
        w.arr(key);
        for (const LadderRung& r : rs) {
            w.obj()(id_key, r.quant)("bits", r.bits);
            if (weights) w("weights_bytes", r.weights_bytes);
            w("max_ctx", r.max_ctx)("decode_tokens_per_s", r.decode_tokens_per_s).end();
        }
        w.end();
    };
    w("ladder_placement", to_string(l.placement));
    rungs("ladder", l.quants, "quant", true);
    rungs("kv_ladder", l.kv, "kv_quant", false);
    w.end();
    return indented(w.out, indent);
}

std::string ladder_json(std::string_view scenario_json) {
    return result_json("report", [&] {
        const Scenario s = scenario_from_json(scenario_json);
        return ladder_to_json(evaluate(s), quant_ladder(s));
    });
}

namespace {
// A call that threw, as the boundary answers it (out of line: a call that answers never runs this, and V8 compiles a
// function whole on its first call). input: the error when it is the input's, else what() of another exception.
[[gnu::noinline]] std::string error_result(const InputError* input, const char* what) {
    const ojson error = input ? error_obj(*input) : ojson{{"field", "internal"}, {"message", what}};
    return ojson{{"ok", false}, {"error", error}}.dump(-1, ' ', false, ojson::error_handler_t::replace);   // never throws
}
}  // namespace

std::string result_json(std::string_view key, const std::function<std::string()>& body) {
    try {
        return "{\"ok\":true,\"" + std::string(key) + "\":" + body() + "}";
    } catch (const InputError& e) {
        return error_result(&e, nullptr);
    } catch (const std::exception& e) {
        return error_result(nullptr, e.what());
    } catch (...) {
        return error_result(nullptr, "unknown exception");
    }
}

std::string recommend_json(std::string_view scenario_json, RecommendFor what, int top) {
    return result_json("report", [&] {
        const Scenario s = scenario_from_json(scenario_json);
        return recommendations_to_json(evaluate(s), recommend(s, what, top));
    });
}

std::string evaluate_json(std::string_view scenario_json) {
    return result_json("report", [&] { return report_to_json(evaluate(scenario_from_json(scenario_json))); });
}

namespace {
void apis_array(Writer& w) {
    w.arr("apis");
    for (const ApiPrice& p : catalog().apis()) {
        w.obj()("id", p.id)("provider", p.provider)("provider_name", p.provider_name);
        if (!p.provider_name_zh.empty()) w("provider_name_zh", p.provider_name_zh);
        w("model_name", p.model_name);
        if (!p.model.empty()) w("model", p.model);
        w("currency", p.currency);
        w("input_per_mtok", p.input_per_mtok);
        if (p.cached_input_per_mtok > 0) w("cached_input_per_mtok", p.cached_input_per_mtok);
        w("output_per_mtok", p.output_per_mtok);
        w("date", p.date);
        w("source", p.source);
        w.end();
    }
    w.end();
}
void rentals_array(Writer& w) {
    w.arr("rentals");
    for (const RentalPrice& p : catalog().rentals()) {
        w.obj()("id", p.id)("platform", p.platform)("platform_name", p.platform_name);
        if (!p.platform_name_zh.empty()) w("platform_name_zh", p.platform_name_zh);
        w("gpu", p.gpu);
        w("currency", p.currency);
        w("per_gpu_hour", p.per_gpu_hour);
        if (!p.billing.empty()) w("billing", p.billing);
        w("date", p.date);
        w("source", p.source);
        w.end();
    }
    w.end();
}
}  // namespace

std::string apis_json() {
    Writer w;
    w.obj()("as_of", catalog().prices_as_of);
    apis_array(w);
    return w.end().out;
}
std::string rentals_json() {
    Writer w;
    w.obj()("as_of", catalog().prices_as_of);
    rentals_array(w);
    return w.end().out;
}

std::string catalog_json() {
    const Catalog& c = catalog();
    Writer w;
    w.obj();
    w.arr("models");
    for (const Model& m : c.models()) {
        w.obj()("id", m.id)("name", m.name)("family", m.family)("params_total", params_total(m))("params_active", params_active(m));
        w("max_ctx", m.max_ctx)("moe", m.is_moe())("source", m.source);
        if (!m.release_date.empty()) w("release_date", m.release_date);
        if (!m.hf_repo.empty()) w("hf_repo", m.hf_repo);
        if (!m.modelscope_repo.empty()) w("modelscope_repo", m.modelscope_repo);
        w.end();
    }
    w.end();
    w.arr("devices");
    for (const Device& d : c.devices()) {
        w.obj()("id", d.id)("name", d.name)("vendor", to_string(d.vendor))("category", d.category)("mem_bytes", d.mem_bytes);
        w("mem_gib", d.mem_gib())("mem_bw_gbps", d.mem_bw_gbps)("fp16_tflops", d.fp16_tflops)("price_usd", d.price_usd);
        w("unified_memory", d.unified_memory)("source", d.source);
        if (d.price_usd > 0) w("launch", d.launch);
        if (d.price_us_usd > 0) w("price_us_usd", d.price_us_usd)("price_us_date", d.price_us_date)("price_us_source", d.price_us_source);
        if (d.price_cny > 0) w("price_cny", d.price_cny)("price_cny_date", d.price_cny_date)("price_cny_source", d.price_cny_source);
        if (d.price_used_usd > 0)
            w("price_used_usd", d.price_used_usd)("price_used_date", d.price_used_date)("price_used_source", d.price_used_source);
        if (d.gpu_share_linux > 0) w("gpu_share_linux", d.gpu_share_linux)("gpu_share_windows", d.gpu_share_windows);
        if (d.sockets > 1) w("sockets", d.sockets);
        w.end();
    }
    w.end();
    w.arr("weight_formats");
    for (const WeightFormat& f : c.weight_formats)
        w.obj()("id", f.id)("kind", f.kind == FormatKind::gguf ? "gguf" : f.kind == FormatKind::float_ ? "float" : "grouped")(
             "nominal_bits", f.nominal_bits)("source", f.source).end();
    w.end();
    w.arr("kv_formats");
    for (const KvFormat& f : c.kv_formats) w.obj()("id", f.id)("bits", f.bits)("source", f.source).end();
    w.end();
    w("prices_as_of", c.prices_as_of);
    apis_array(w);
    rentals_array(w);
    return w.end().out;
}

std::string model_entry_json(const Model& m) { return model_entry(m).dump(2); }

}  // namespace headroom
