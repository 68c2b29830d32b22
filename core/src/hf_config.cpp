// Hugging Face config.json -> Model. Handles Llama-family dense, Mixtral/Qwen-MoE/DeepSeek/GLM MoE, MLA,
// Gemma/gpt-oss sliding windows and multimodal wrappers (text_config). Outside input: bounded and checked.
#include <cmath>

#include <nlohmann/json.hpp>

#include "internal.hpp"

namespace headroom {
namespace {

using detail::fail;
using nlohmann::json;

constexpr size_t kMaxConfigBytes = 1 << 20;   // real configs are a few KB
constexpr int kMaxDepth = 32;      // real configs nest 3 levels

int64_t get_int(const json& c, const char* key, int64_t lo, int64_t hi, std::optional<int64_t> dflt = std::nullopt) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) {
        if (dflt) return *dflt;
        fail("config", std::string("missing required key '") + key + "'");
    }
    if (!it->is_number_integer() && !(it->is_number_float() && std::floor(it->get<double>()) == it->get<double>()))
        fail("config", std::string("'") + key + "' must be an integer");
    const double v = it->get<double>();
    if (v < double(lo) || v > double(hi))
        fail("config", std::string("'") + key + "' must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                           detail::fmt_num(v));
    return static_cast<int64_t>(v);
}

bool get_bool(const json& c, const char* key, bool dflt) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) return dflt;
    if (!it->is_boolean()) fail("config", std::string("'") + key + "' must be true or false");
    return it->get<bool>();
}

std::string get_str(const json& c, const char* key) {
    auto it = c.find(key);
    return it != c.end() && it->is_string() ? detail::utf8_prefix(it->get<std::string>(), 64) : std::string();
}

}  // namespace

Model model_from_hf_config(std::string_view text, std::string_view id) {
    if (text.size() > kMaxConfigBytes) fail("config", "larger than 1 MiB; a config.json is a few KB");
    detail::check_json_depth(text, "config", kMaxDepth);
    json root = json::parse(text.begin(), text.end(), nullptr, false);
    if (root.is_discarded()) fail("config", "not valid JSON");
    if (!root.is_object()) fail("config", "must be a JSON object");
    // Multimodal wrappers (Gemma 3, Llama 4, Qwen-VL) keep the language model in text_config.
    json c = root;
    if (auto it = root.find("text_config"); it != root.end() && it->is_object()) {
        c = *it;
        for (const char* k : {"tie_word_embeddings", "model_type"})
            if (!c.contains(k) && root.contains(k)) c[k] = root[k];
    }
    const std::string type = get_str(c, "model_type");
    Model m;
    m.id = detail::utf8_prefix(id, 64);
    m.name = get_str(root, "_name_or_path");
    if (m.name.empty()) m.name = type.empty() ? "Custom model" : "Custom " + type + " model";
    m.family = type;
    m.source = "user-supplied config.json";
    m.as_of = "";
    m.verification = "from config.json";
    m.n_layer = int(get_int(c, "num_hidden_layers", 1, 1000));
    m.n_embd = int(get_int(c, "hidden_size", 1, 1 << 20));
    m.n_head = int(get_int(c, "num_attention_heads", 1, 1 << 14));
    m.n_head_kv = int(get_int(c, "num_key_value_heads", 1, 1 << 14, m.n_head));
    if (m.n_head % m.n_head_kv) fail("config", "num_attention_heads must be a multiple of num_key_value_heads");
    m.head_dim = int(get_int(c, "head_dim", 1, 1 << 14, m.n_embd / m.n_head));
    if (m.head_dim < 1) fail("config", "'head_dim' is missing and hidden_size / num_attention_heads is 0");
    m.n_vocab = int(get_int(c, "vocab_size", 1, 1 << 24));
    m.max_ctx = get_int(c, "max_position_embeddings", 1, 100'000'000, 4096);
    const bool gemma = type.rfind("gemma", 0) == 0;
    m.tied_embeddings = get_bool(c, "tie_word_embeddings", gemma);
    m.n_norm_per_layer = gemma && type != "gemma" ? 4 : 2;
    // Biases: Qwen2 always has q/k/v bias; Llama-style configs say attention_bias (q, k, v and o).
    const bool attn_bias = get_bool(c, "attention_bias", false);
    m.qkv_bias = type == "qwen2" || type == "qwen2_moe" || attn_bias || get_bool(c, "qkv_bias", false);
    m.o_bias = attn_bias && type != "glm4_moe";
    m.qk_norm = type == "qwen3" || type == "qwen3_moe" || type == "gemma3" || type == "gemma3_text" || get_bool(c, "use_qk_norm", false);
    m.attn_sinks = type == "gpt_oss";
    // Experts: Mixtral num_local_experts, Qwen num_experts, DeepSeek n_routed_experts.
    int64_t n_exp = 0;
    for (const char* k : {"num_local_experts", "num_experts", "n_routed_experts"})
        if (c.contains(k) && !c[k].is_null()) n_exp = get_int(c, k, 0, 1 << 16);
    const int64_t ff = get_int(c, "intermediate_size", 1, 1 << 22, n_exp > 0 ? std::optional<int64_t>(0) : std::nullopt);
    m.n_ff = int(ff);
    if (n_exp > 1) {
        m.n_expert = int(n_exp);
        m.n_expert_used = int(get_int(c, "num_experts_per_tok", 1, n_exp));
        m.n_ff_expert = int(get_int(c, "moe_intermediate_size", 1, 1 << 22, ff));
        const int64_t n_shared = get_int(c, "n_shared_experts", 0, 1 << 10, 0);
        const int64_t ff_shared = c.contains("shared_expert_intermediate_size")
                                      ? get_int(c, "shared_expert_intermediate_size", 0, 1 << 22)
                                      : n_shared * m.n_ff_expert;
        if (ff_shared > (1 << 26)) fail("config", "n_shared_experts x moe_intermediate_size must be at most 2^26");
        m.n_ff_shared = int(ff_shared);
        m.n_layer_dense_lead = int(get_int(c, "first_k_dense_replace", 0, m.n_layer, 0));
        m.router_bias = type == "deepseek_v3" || type == "kimi_k2" || type == "glm4_moe" || type == "gpt_oss";
        m.expert_bias = type == "gpt_oss";
        if (m.n_layer_dense_lead > 0 && m.n_ff <= 0) fail("config", "intermediate_size is needed for the dense layers");
    } else if (m.n_ff <= 0) {
        fail("config", "'intermediate_size' must be positive");
    }
    if (c.contains("kv_lora_rank") && !c["kv_lora_rank"].is_null()) {
        m.kv_lora_rank = int(get_int(c, "kv_lora_rank", 1, 1 << 16));
        m.q_lora_rank = int(get_int(c, "q_lora_rank", 0, 1 << 16, 0));
        m.qk_nope_head_dim = int(get_int(c, "qk_nope_head_dim", 1, 1 << 12));
        m.qk_rope_head_dim = int(get_int(c, "qk_rope_head_dim", 1, 1 << 12));
        m.v_head_dim = int(get_int(c, "v_head_dim", 1, 1 << 12));
        m.head_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
        m.n_head_kv = m.n_head;   // MLA: the num_key_value_heads field is not a KV width
    }
    // Sliding windows: layer_types lists them; else Gemma 2 alternates, Gemma 3 uses a pattern, Mistral uses all layers.
    const int64_t window = c.contains("sliding_window") && c["sliding_window"].is_number()
                               ? get_int(c, "sliding_window", 0, 100'000'000)
                               : 0;
    const bool swa_off = c.contains("use_sliding_window") && !get_bool(c, "use_sliding_window", true);
    if (window > 0 && !swa_off) {
        int n_swa = m.n_layer;
        if (auto it = c.find("layer_types"); it != c.end() && it->is_array()) {
            if (int64_t(it->size()) != m.n_layer) fail("config", "layer_types must list num_hidden_layers entries");
            n_swa = 0;
            for (const auto& t : *it) n_swa += t.is_string() && t.get<std::string>() == "sliding_attention";
        } else if (type == "gemma2") {
            n_swa = m.n_layer / 2 + m.n_layer % 2;
        } else if (c.contains("sliding_window_pattern")) {
            const int64_t p = get_int(c, "sliding_window_pattern", 1, 1 << 10);
            n_swa = m.n_layer - int(m.n_layer / p);
        }
        if (window < m.max_ctx) {
            m.swa_window = window;
            m.n_layer_swa = n_swa;
        }
    }
    const int64_t total = params_total(m);
    m.params_b_nominal = std::round(double(total) / 1e8) / 10.0;
    return m;
}

Model model_from_params_b(double params_b) {
    if (!std::isfinite(params_b) || params_b < 0.01 || params_b > 10000)
        fail("params_b", "parameter count must be 0.01..10000 (billions)");
    // A Llama-3-shaped dense model: head_dim 128, 8 KV heads, n_embd/n_layer ~ 128 (Llama 3.1 8B: 4096/32,
    // 405B: 16384/126), vocab 128256 untied, SwiGLU. n_ff absorbs the remainder so the count matches.
    Model m;
    m.id = "custom";
    m.name = "Dense " + detail::fmt_num(params_b) + "B (shape inferred)";
    m.family = "inferred";
    m.source = "inferred from --params-b with Llama-3 proportions";
    m.verification = "shape inferred";
    m.params_b_nominal = params_b;
    const double target = params_b * 1e9;
    m.n_vocab = 128256;
    if (target < 3.0 * m.n_vocab * 256) m.n_vocab = 32000;   // small models: a small vocabulary
    m.head_dim = 128;
    m.max_ctx = 131072;
    // n_embd: per-layer params ~ 13 n_embd^2 with n_layer = n_embd / 128.
    int64_t e = 256;
    while (e < (1 << 16) && 13.0 * double(e + 256) * double(e + 256) * double(e + 256) / 128.0 + 2.0 * m.n_vocab * double(e + 256) <= target)
        e += 256;
    m.n_embd = int(e);
    m.n_layer = std::max(1, int(std::lround(double(e) / 128.0)));
    m.n_head = std::max(1, m.n_embd / m.head_dim);
    m.n_head_kv = m.n_head >= 8 ? 8 : m.n_head;
    while (m.n_head % m.n_head_kv) --m.n_head_kv;
    m.n_ff = 1;
    const double fixed = double(params_total(m)) - 3.0 * double(m.n_embd) * m.n_layer;
    m.n_ff = std::max(1, int(std::lround((target - fixed) / (3.0 * double(m.n_embd) * m.n_layer))));
    return m;
}

}  // namespace headroom
