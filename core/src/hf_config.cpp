// Hugging Face config.json -> Model. Handles Llama-family dense, Mixtral/Qwen-MoE/DeepSeek/GLM MoE, MLA,
// Gemma/gpt-oss sliding windows and multimodal wrappers (text_config). Outside input: bounded and checked.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using detail::fail;
using json = nlohmann::ordered_json;

constexpr size_t kMaxConfigBytes = 1 << 20;   // real configs are a few KB
constexpr int kMaxDepth = 32;      // real configs nest 3 levels

int64_t get_int(const json& c, const char* key, int64_t lo, int64_t hi, std::optional<int64_t> dflt = std::nullopt) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) {
        if (dflt) return *dflt;
        fail("config", "config_missing_key", {{"key", key}});
    }
    if (!it->is_number_integer() && !(it->is_number_float() && std::floor(it->get<double>()) == it->get<double>()))
        fail("config", "config_not_integer", {{"key", key}});
    const double v = it->get<double>();
    if (v < double(lo) || v > double(hi))
        fail("config", "config_range", {{"key", key}, {"min", std::to_string(lo)}, {"max", std::to_string(hi)}, {"got", detail::fmt_num(v)}});
    return static_cast<int64_t>(v);
}

bool get_bool(const json& c, const char* key, bool dflt) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) return dflt;
    if (!it->is_boolean()) fail("config", "config_not_bool", {{"key", key}});
    return it->get<bool>();
}

std::string get_str(const json& c, const char* key) {
    auto it = c.find(key);
    return it != c.end() && it->is_string() ? detail::utf8_prefix(it->get<std::string>(), 64) : std::string();
}

// model_type values whose shape this parser knows (the text model; wrappers unwrap text_config).
bool known_type(const std::string& t) {
    static const char* const known[] = {
        "llama", "mistral", "mixtral", "qwen", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "qwen3_next", "qwen3_5", "qwen3_5_text",
        "qwen3_5_moe", "qwen3_5_moe_text", "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_text", "qwen3_vl_moe",
        "qwen3_vl_moe_text", "gemma", "gemma2", "gemma3", "gemma3_text", "gemma3n", "gemma3n_text", "gemma4", "gemma4_text", "gemma4_unified", "gemma4_unified_text", "phi3", "phi", "gpt_oss", "deepseek_v2", "deepseek_v3",
        "deepseek_v32", "deepseek_v4", "kimi_k2", "glm4", "glm4_moe", "glm", "minimax_m2", "minimax_m3", "ernie4_5", "ernie4_5_moe", "hunyuan", "hunyuan_v1_dense",
        "hunyuan_v1_moe", "llama4", "llama4_text", "mistral3", "ministral", "ministral3", "granite", "granitemoe", "granitemoehybrid",
        "nemotron_h", "lfm2", "lfm2_moe", "starcoder2", "minicpm", "bailing_moe", "glm_moe_dsa", "smollm3", "olmo2", "olmo3", "seed_oss", "exaone4", "falcon", "cohere2",
        "bert", "xlm-roberta", "roberta", "modernbert", "kimi_linear", "falcon_h1", "jamba", "mllama", "mllama_text_model"};
    for (const char* k : known)
        if (t == k) return true;
    return false;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// A rough count of a vision or audio encoder from its config: a ViT of `depth` layers (attention with biases,
// MLP, two LayerNorms), a patch embedding and a projector to the text width. An estimate (docs/sizing.md).
int64_t encoder_params(const json& v, int64_t text_d) {
    auto num = [&](std::initializer_list<const char*> keys, int64_t dflt) {
        for (const char* k : keys)
            if (auto it = v.find(k); it != v.end() && it->is_number() && it->get<double>() >= 0 && it->get<double>() < 1e7)
                return static_cast<int64_t>(it->get<double>());
        return dflt;
    };
    const int64_t L = num({"depth", "num_hidden_layers", "num_layers", "encoder_layers"}, 0);
    const int64_t h = num({"hidden_size", "embed_dim", "d_model", "width"}, 0);
    if (L <= 0 || h <= 0) return 0;
    const int64_t ff = num({"intermediate_size", "encoder_ffn_dim"}, 4 * h);
    const int64_t patch = num({"patch_size"}, 14), temporal = num({"temporal_patch_size"}, 1), ch = num({"num_channels", "in_channels"}, 3);
    const int64_t per_layer = 4 * h * h + 4 * h + 2 * h * ff + ff + h + 4 * h;
    const int64_t out = num({"out_hidden_size", "projection_dim"}, text_d);
    const int64_t merge = num({"spatial_merge_size"}, 1), hm = h * merge * merge;
    // The patch merger: a LayerNorm, then hm -> hm -> out with biases; Qwen3-VL adds one per DeepStack layer
    // (deepstack_visual_indexes; transformers modeling_qwen3_vl.py Qwen3VLVisionPatchMerger).
    auto ds = v.find("deepstack_visual_indexes");
    const int64_t mergers = 1 + (ds != v.end() && ds->is_array() ? int64_t(std::min<size_t>(ds->size(), 64)) : 0);
    const int64_t projector = mergers * (2 * hm + hm * hm + hm + hm * out + out);
    return L * per_layer + ch * patch * patch * temporal * h + h + num({"num_position_embeddings"}, 0) * h + projector;
}

// Llama 3.2 Vision's encoder exactly (transformers modeling_mllama.py MllamaVisionModel, the projector of
// MllamaForConditionalGeneration): a bias-free patch conv, a class embedding, gated position embeddings (one per
// patch plus one per aspect ratio, tile and patch), gated pre- and post-tile embeddings (one per aspect ratio and
// tile), two LayerNorms, num_hidden_layers local layers and num_global_layers gated global ones (bias-free q, k, v,
// o; fc1 and fc2 with biases; two LayerNorms), and a biased projector from vision_output_dim to the text width.
int64_t mllama_vision_params(const json& v, int64_t text_d) {
    auto num = [&](const char* k, int64_t dflt) {
        auto it = v.find(k);
        return it != v.end() && it->is_number() && it->get<double>() >= 0 && it->get<double>() < 1e7 ? static_cast<int64_t>(it->get<double>())
                                                                                                   : dflt;
    };
    const int64_t h = num("hidden_size", 1280), ff = num("intermediate_size", 5120), L = num("num_hidden_layers", 32),
                  G = num("num_global_layers", 8), p = std::max<int64_t>(1, num("patch_size", 14)), img = num("image_size", 560),
                  tiles = num("max_num_tiles", 4), ch = num("num_channels", 3), out = num("vision_output_dim", 7680);
    auto ar = v.find("supported_aspect_ratios");
    const int64_t ratios = 1 + (ar != v.end() && ar->is_array() ? int64_t(std::min<size_t>(ar->size(), 1024)) : 8);
    const int64_t patches = (img / p) * (img / p) + 1;
    const int64_t layer = 4 * h * h + 2 * h * ff + ff + h + 4 * h;
    return ch * p * p * h + h + (1 + patches * h + ratios * tiles * patches * h) + 2 * (ratios * tiles * h + 1) + 4 * h + L * layer +
           G * (layer + 2) + out * text_d + text_d;
}

// Gemma 3n's encoders (transformers modeling_gemma3n.py) and the embedder that projects each into the text model
// (Gemma3nMultimodalEmbedder: a vocab_size x hidden_size embedding of hard tokens, two RMSNorms, a bias-free projection
// to the text width; its last norm has no weight). The audio encoder, exactly: Gemma3nAudioSubSampleConvProjection (two
// bias-free 2-D convolutions, each with a cumulative group norm of its channels, and a projection of the flattened
// channels x frequencies to hidden_size) and conf_num_hidden_layers Gemma3nAudioConformerBlock (two feed-forwards
// h -> 4h -> h with a norm before and after, attention with q, k, v, a relative-position projection, a per-head-width
// scale, an output projection and two norms, a light convolution: a norm, h -> 2h, a depthwise conv, a norm, h -> h,
// and a final norm). The vision tower is timm's MobileNetV5, whose shape the config names but does not give: its count
// is the one KerasHub publishes for the same encoder (keras-hub keras_hub/src/models/mobilenetv5/mobilenetv5_presets.py,
// mobilenetv5_300m_enc_gemma3n: "params": 294_284_096); another architecture is said.
int64_t gemma3n_encoder_params(const json& v, int64_t text_d, std::vector<std::string>& unknown) {
    auto num = [&](const char* k, int64_t dflt) {
        auto it = v.find(k);
        return it != v.end() && it->is_number() && it->get<double>() >= 0 && it->get<double>() < 1e7 ? static_cast<int64_t>(it->get<double>())
                                                                                                   : dflt;
    };
    const int64_t h = num("hidden_size", 0), embedder = num("vocab_size", 128) * h + 2 * h + h * text_d;
    if (get_str(v, "model_type") == "gemma3n_vision") {
        const std::string arch = get_str(v, "architecture");
        if (arch == "mobilenetv5_300m_enc") return 294'284'096 + embedder;
        unknown.push_back("Gemma 3n vision_config architecture '" + arch + "' (not counted)");
        return 0;
    }
    if (get_str(v, "model_type") != "gemma3n_audio") return 0;
    // The subsampling: two convolutions (sscp_conv_channel_size, sscp_conv_kernel_size and sscp_conv_stride_size, each
    // [time, frequency]) over input_feat_size frequencies padded by one on both sides (Gemma3nAudioSubSampleConvProjection).
    auto pair = [&](const char* k, size_t i, size_t j) -> int64_t {
        auto it = v.find(k);
        if (it == v.end() || !it->is_array() || it->size() != 2 || !(*it)[i].is_array() || (*it)[i].size() != 2 || !(*it)[i][j].is_number_integer())
            return 0;
        return std::clamp<int64_t>((*it)[i][j].get<int64_t>(), 0, 64);
    };
    auto ch = v.find("sscp_conv_channel_size");
    int64_t ch_in = 1, f = num("input_feat_size", 128), sscp = 0;
    for (size_t i = 0; i < 2; ++i) {
        const int64_t out = ch != v.end() && ch->is_array() && ch->size() == 2 && (*ch)[i].is_number_integer()
                                ? std::clamp<int64_t>((*ch)[i].get<int64_t>(), 0, 1 << 16) : 0;
        const int64_t kt = pair("sscp_conv_kernel_size", i, 0), kf = pair("sscp_conv_kernel_size", i, 1), sf = pair("sscp_conv_stride_size", i, 1);
        if (!out || !kt || !kf || !sf || f + 2 < kf) {
            unknown.push_back("Gemma 3n audio_config sscp_conv_* (the audio encoder not counted)");
            return 0;
        }
        sscp += ch_in * out * kt * kf + out;
        f = (f + 2 - kf) / sf + 1;
        ch_in = out;
    }
    sscp += ch_in * f * h;
    const int64_t block = 2 * (8 * h * h + 2 * h) + (5 * h * h + 2 * h + h / std::max<int64_t>(1, num("conf_num_attention_heads", 8))) +
                          (3 * h * h + 2 * h + num("conf_conv_kernel_size", 5) * h) + h;
    return sscp + num("conf_num_hidden_layers", 12) * block + embedder;
}

// Gemma 4's encoders, exactly (transformers modeling_gemma4.py), each with the Gemma4MultimodalEmbedder that projects it
// into the text model (a weightless norm, a bias-free projection from output_proj_dims, else hidden_size, to the text
// width). Their linear layers are Gemma4ClippableLinear: with use_clipped_linears each keeps four clipping bounds, saved
// in the checkpoint. Vision (Gemma4VisionModel): a bias-free patch projection (3 x patch_size^2 -> h), a 2 x
// position_embedding_size x h position table, num_hidden_layers layers (q, k, v, o, q_norm and k_norm of head_dim, four
// norms, a gated MLP of intermediate_size), and with standardize a bias and a scale of h. Audio (Gemma4AudioModel): two
// bias-free 3x3 convolutions (1 -> c0 -> c1 channels, each with a LayerNorm weight), a projection of (c0 / 4) x c1 -> h,
// num_hidden_layers conformer layers (two feed-forwards h -> 4h -> h with two norms each; q, k, v, post and
// relative_k_proj h x h and a per-head-width scale; a light convolution h -> 2h, a depthwise conv of conv_kernel_size,
// h -> h and two norms; three norms) and output_proj (h -> output_proj_dims, with bias). The release-time snapshots name
// the audio keys conf_* and sscp_* (conf_num_hidden_layers, sscp_conv_channel_size, ...): read as the same.
int64_t gemma4_encoder_params(const json& v, bool audio, int64_t text_d, std::vector<std::string>& unknown) {
    auto num = [&](std::initializer_list<const char*> keys, int64_t dflt) {
        for (const char* k : keys)
            if (auto it = v.find(k); it != v.end() && it->is_number() && it->get<double>() >= 0 && it->get<double>() < 1e7)
                return static_cast<int64_t>(it->get<double>());
        return dflt;
    };
    const std::string type = get_str(v, "model_type");
    if (type == "gemma4_unified_vision" || type == "gemma4_unified_audio") {
        // Gemma 4 12B has no encoders (transformers modeling_gemma4_unified.py): audio frames go through the embedder
        // alone (a weightless norm, output_proj_dims -> text width); an image's merged model_patch_size^2 x 3 pixel
        // patches through Gemma4UnifiedVisionEmbedder (a LayerNorm, a dense layer with bias to mm_embed_dim, a LayerNorm,
        // a mm_posemb_size x 2 x mm_embed_dim position table, a LayerNorm) and then the embedder.
        const int64_t out = num({"output_proj_dims"}, 0), p = num({"model_patch_size"}, 0), e = num({"mm_embed_dim"}, 0);
        if (!out || (!audio && (!p || !e))) {
            unknown.push_back(std::string("Gemma 4 12B ") + (audio ? "audio" : "vision") + "_config without its sizes (not counted)");
            return 0;
        }
        const int64_t patch = 3 * p * p;
        return out * text_d + (audio ? 0 : 2 * patch + patch * e + e + 2 * e + num({"mm_posemb_size"}, 0) * 2 * e + 2 * e);
    }
    if (type != (audio ? "gemma4_audio" : "gemma4_vision") && !(type.empty() && !audio)) {
        unknown.push_back(std::string("Gemma 4 ") + (audio ? "audio" : "vision") + "_config model_type '" + type + "' (not counted)");
        return 0;
    }
    const int64_t clip = get_bool(v, "use_clipped_linears", audio) ? 4 : 0;
    if (!audio) {
        const int64_t h = num({"hidden_size"}, 768), ff = num({"intermediate_size"}, 3072), L = num({"num_hidden_layers"}, 16),
                      H = num({"num_attention_heads"}, 12), kv = num({"num_key_value_heads"}, H), hd = num({"head_dim"}, 64),
                      p = num({"patch_size"}, 16);
        const int64_t layer = 2 * h * H * hd + 2 * h * kv * hd + 2 * hd + 4 * h + 3 * h * ff + 7 * clip;
        return L * layer + 3 * p * p * h + 2 * num({"position_embedding_size"}, 10240) * h +
               (get_bool(v, "standardize", false) ? 2 * h : 0) + num({"output_proj_dims"}, h) * text_d;
    }
    const int64_t h = num({"hidden_size"}, 1024), L = num({"num_hidden_layers", "conf_num_hidden_layers"}, 12),
                  H = std::max<int64_t>(1, num({"num_attention_heads", "conf_num_attention_heads"}, 8)),
                  K = num({"conv_kernel_size", "conf_conv_kernel_size"}, 5), out = num({"output_proj_dims"}, 1536);
    int64_t ch[2] = {128, 32};
    for (const char* k : {"subsampling_conv_channels", "sscp_conv_channel_size"})
        if (auto it = v.find(k); it != v.end() && it->is_array() && it->size() == 2 && (*it)[0].is_number_integer() &&
                                 (*it)[1].is_number_integer()) {
            for (size_t i = 0; i < 2; ++i) ch[i] = std::clamp<int64_t>((*it)[i].get<int64_t>(), 0, 1 << 16);
            break;
        }
    const int64_t sub = 9 * ch[0] + ch[0] + 9 * ch[0] * ch[1] + ch[1] + (ch[0] / 4) * ch[1] * h;
    const int64_t layer = 2 * (8 * h * h + 2 * h + 2 * clip) + (5 * h * h + h / H + 4 * clip) + (3 * h * h + h * K + 2 * h + 2 * clip) + 3 * h;
    return sub + L * layer + h * out + out + out * text_d;
}

}  // namespace

Model model_from_hf_config(std::string_view text, std::string_view id) {
    if (text.size() > kMaxConfigBytes) fail("config", "config_too_big", {});
    detail::check_json_depth(text, "config", kMaxDepth);
    json root = detail::parse_json(text);
    if (root.is_discarded()) fail("config", "config_not_json", {});
    if (!root.is_object()) fail("config", "config_not_object", {});
    std::vector<std::string> unknown;   // what this parser does not understand: said in the report
    // Multimodal wrappers (Gemma 3, Llama 4, Qwen-VL, Mistral 3) keep the language model in text_config.
    json c = root;
    if (auto it = root.find("text_config"); it != root.end() && it->is_object()) {
        c = *it;
        for (const char* k : {"tie_word_embeddings", "model_type"})
            if (!c.contains(k) && root.contains(k)) c[k] = root[k];
    }
    std::string type = get_str(c, "model_type");
    if (type.empty()) type = get_str(root, "model_type");
    if (type == "gemma3" || type == "gemma3_text") {
        // Gemma 3's multimodal configs leave out what equals Gemma3TextConfig's defaults (transformers
        // configuration_gemma3.py): the file means these values.
        const std::pair<const char*, int64_t> defaults[] = {
            {"vocab_size", 262208}, {"hidden_size", 2304}, {"intermediate_size", 9216}, {"num_hidden_layers", 26},
            {"num_attention_heads", 8}, {"num_key_value_heads", 4}, {"head_dim", 256}, {"max_position_embeddings", 131072},
            {"sliding_window", 4096}, {"sliding_window_pattern", 6}};
        for (const auto& [k, v] : defaults)
            if (!c.contains(k)) c[k] = v;
    }
    if (type == "gemma3n" || type == "gemma3n_text") {
        // Gemma 3n's keys left out take Gemma3nTextConfig's defaults (transformers configuration_gemma3n.py; they are
        // the E4B's shape), and layer_types defaults to every 5th layer global (the released configs spell that out).
        const std::pair<const char*, int64_t> defaults[] = {
            {"vocab_size", 262400}, {"hidden_size", 2048}, {"intermediate_size", 16384}, {"num_hidden_layers", 35},
            {"num_attention_heads", 8}, {"num_key_value_heads", 2}, {"head_dim", 256}, {"max_position_embeddings", 32768},
            {"sliding_window", 512}, {"vocab_size_per_layer_input", 262144}, {"hidden_size_per_layer_input", 256},
            {"altup_num_inputs", 4}, {"num_kv_shared_layers", 15}, {"laurel_rank", 64}};
        for (const auto& [k, v] : defaults)
            if (!c.contains(k)) c[k] = v;
        if (!c.contains("layer_types")) c["sliding_window_pattern"] = 5;
    }
    // Gemma 4 12B (gemma4_unified): its text model is Gemma 4's, with no per-layer embeddings or experts (transformers
    // modeling_gemma4_unified.py Gemma4UnifiedTextAttention / MLP / DecoderLayer); only its encoders differ.
    const bool gemma4 = type == "gemma4" || type == "gemma4_text" || type == "gemma4_unified" || type == "gemma4_unified_text";
    if (gemma4) {
        // Gemma 4's keys left out take Gemma4TextConfig's defaults (transformers configuration_gemma4.py; global_head_dim
        // 512 when absent, the head_dim when null), layer_types every 6th layer global, and the last layer is always
        // global (Gemma4TextConfig.__post_init__ forces it). The release-time snapshots spell the expert width
        // expert_intermediate_size (vLLM gemma4.py reads either).
        const std::pair<const char*, int64_t> defaults[] = {
            {"vocab_size", 262144}, {"hidden_size", 2304}, {"intermediate_size", 9216}, {"num_hidden_layers", 30},
            {"num_attention_heads", 8}, {"num_key_value_heads", 4}, {"head_dim", 256}, {"max_position_embeddings", 131072},
            {"sliding_window", 512}, {"vocab_size_per_layer_input", 262144}, {"hidden_size_per_layer_input", 256},
            {"global_head_dim", 512}};
        for (const auto& [k, v] : defaults)
            if (!c.contains(k)) c[k] = v;
        if ((!c.contains("moe_intermediate_size") || c["moe_intermediate_size"].is_null()) && c.contains("expert_intermediate_size"))
            c["moe_intermediate_size"] = c["expert_intermediate_size"];
        if (!get_bool(c, "enable_moe_block", false)) c["num_experts"] = nullptr;   // experts only in a MoE block
        else c["num_experts_per_tok"] = c.contains("top_k_experts") ? c["top_k_experts"] : json();
        const int64_t L = get_int(c, "num_hidden_layers", 1, 1000);
        if (!c.contains("layer_types") || !c["layer_types"].is_array()) {
            c["layer_types"] = json::array();
            for (int64_t il = 0; il < L; ++il) c["layer_types"].push_back((il + 1) % 6 ? "sliding_attention" : "full_attention");
        }
        if (c["layer_types"].size() == size_t(L)) c["layer_types"][size_t(L - 1)] = "full_attention";
    }
    // Hunyuan names its head width attention_head_dim (modeling_hunyuan.py HunYuanAttention).
    if (starts_with(type, "hunyuan") && c.contains("attention_head_dim") && !c.contains("head_dim")) c["head_dim"] = c["attention_head_dim"];
    if (!known_type(type)) unknown.push_back("model_type '" + (type.empty() ? std::string("(none)") : type) + "'");
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
    if (m.n_head % m.n_head_kv) fail("config", "config_heads", {});
    m.head_dim = int(get_int(c, "head_dim", 1, 1 << 14, m.n_embd / m.n_head));
    if (m.head_dim < 1) fail("config", "config_head_dim", {});
    m.n_vocab = int(get_int(c, "vocab_size", 1, 1 << 24));
    // Kimi Linear states its context as model_max_length only.
    m.max_ctx = get_int(c, "max_position_embeddings", 1, 100'000'000, get_int(c, "model_max_length", 1, 100'000'000, 4096));
    const bool gemma = starts_with(type, "gemma");
    const bool qwen_next = type == "qwen3_next" || starts_with(type, "qwen3_5");
    // Absent tie_word_embeddings takes the config class's default: true for Gemma, SmolLM3, LFM2 and the encoders.
    const bool tie_default = gemma || type == "smollm3" || starts_with(type, "lfm2") || type == "bert" || type == "xlm-roberta" ||
                             type == "roberta" || type == "modernbert";
    m.tied_embeddings = get_bool(c, "tie_word_embeddings", tie_default);
    m.n_norm_per_layer = gemma && type != "gemma" ? 4 : 2;
    // Biases: Qwen2 always has q/k/v bias; Llama-style configs say attention_bias (q, k, v and o).
    const bool attn_bias = get_bool(c, "attention_bias", false);
    m.qkv_bias = type == "qwen" || type == "qwen2" || type == "qwen2_moe" || type == "qwen2_vl" || type == "qwen2_5_vl" || attn_bias ||
                 get_bool(c, "qkv_bias", false);
    m.o_bias = attn_bias && type != "glm4_moe";
    // q/k RMSNorm weights (Llama 4's use_qk_norm is a weightless L2 norm).
    m.qk_norm = starts_with(type, "qwen3") || starts_with(type, "gemma3") || gemma4 || type == "olmo3" || starts_with(type, "lfm2") ||
                (get_bool(c, "use_qk_norm", false) && !starts_with(type, "llama4"));
    m.attn_sinks = type == "gpt_oss";
    m.attn_output_gate = qwen_next ? get_bool(c, "attn_output_gate", true) : false;
    // Experts: Mixtral num_local_experts, Qwen num_experts, DeepSeek n_routed_experts.
    int64_t n_exp = 0;
    for (const char* k : {"num_local_experts", "num_experts", "n_routed_experts"})
        if (c.contains(k) && !c[k].is_null()) n_exp = get_int(c, k, 0, 1 << 16);
    // Gemma 3n (and mlx conversions) give intermediate_size per layer, Hunyuan its expert shape (moe_topk,
    // moe_intermediate_size, num_shared_expert): one value when the entries agree, else said.
    for (const char* k : {"intermediate_size", "moe_topk", "moe_intermediate_size", "num_shared_expert"})
        if (auto it = c.find(k); it != c.end() && it->is_array() && !it->empty()) {
            const json first = it->front();
            if (std::any_of(it->begin(), it->end(), [&](const json& v) { return v != first; }))
                unknown.push_back(std::string("'") + k + "' differing per layer (the first one used)");
            c[k] = first;
        }
    if (starts_with(type, "hunyuan")) {
        // Hunyuan-A13B as released (model_type "hunyuan", remote code modeling_hunyuan.py; vLLM hunyuan_v1.py): top-k
        // is moe_topk, the head width attention_head_dim, and with use_mixed_mlp_moe a shared SwiGLU MLP of
        // moe_intermediate_size x num_shared_expert runs beside the routed experts (HunYuanMLP is_shared_mlp).
        if (c.contains("moe_topk") && !c.contains("num_experts_per_tok")) c["num_experts_per_tok"] = c["moe_topk"];
        if (!get_bool(c, "use_mixed_mlp_moe", false)) c["num_shared_expert"] = 0;
        if (!c.contains("n_shared_experts")) c["n_shared_experts"] = c.contains("num_shared_expert") ? c["num_shared_expert"] : json(0);
        for (const char* k : {"use_cla", "use_mla"})
            if (get_bool(c, k, false)) unknown.push_back(std::string("Hunyuan's '") + k + "'");
    }
    const bool llama4 = starts_with(type, "llama4");
    // Llama 4: experts are intermediate_size wide, the dense layers intermediate_size_mlp.
    const int64_t ff = llama4 ? get_int(c, "intermediate_size_mlp", 1, 1 << 22)
                              : get_int(c, "intermediate_size", 1, 1 << 22,
                                      n_exp > 0 || type == "nemotron_h" || starts_with(type, "lfm2") ? std::optional<int64_t>(0) : std::nullopt);
    // Qwen (v1): w1 and w2 are each intermediate_size / 2 wide (modeling_qwen.py QWenMLP).
    m.n_ff = int(type == "qwen" ? ff / 2 : ff);
    if (n_exp > 1) {
        m.n_expert = int(n_exp);
        // Kimi Linear spells it num_experts_per_token, and its shared experts num_shared_experts.
        m.n_expert_used = int(get_int(c, c.contains("num_experts_per_token") ? "num_experts_per_token" : "num_experts_per_tok", 1, n_exp));
        m.n_ff_expert = int(llama4 ? get_int(c, "intermediate_size", 1, 1 << 22) : get_int(c, "moe_intermediate_size", 1, 1 << 22, ff));
        const int64_t n_shared = get_int(c, c.contains("num_shared_experts") ? "num_shared_experts" : "n_shared_experts", 0, 1 << 10, llama4 ? 1 : 0);
        int64_t ff_shared = n_shared * m.n_ff_expert;
        for (const char* k : {"shared_expert_intermediate_size", "moe_shared_expert_intermediate_size"})
            if (c.contains(k) && !c[k].is_null()) ff_shared = get_int(c, k, 0, 1 << 22) * (type == "nemotron_h" ? std::max<int64_t>(n_shared, 1) : 1);
        if (type == "granitemoehybrid") ff_shared = get_int(c, "shared_intermediate_size", 0, 1 << 22, 0);
        if (ff_shared > (1 << 26)) fail("config", "config_shared_experts", {});
        m.n_ff_shared = int(ff_shared);
        m.shared_expert_gate = m.n_ff_shared > 0 && (type == "qwen2_moe" || qwen_next);
        m.n_layer_dense_lead = int(get_int(c, "first_k_dense_replace", 0, m.n_layer, 0));
        m.router_bias = type == "deepseek_v3" || type == "deepseek_v32" || type == "deepseek_v4" || type == "kimi_k2" || type == "glm4_moe" ||
                        type == "gpt_oss" || type == "nemotron_h" || type == "minimax_m2" || type == "minimax_m3" || type == "glm_moe_dsa" ||
                        type == "kimi_linear";
        m.expert_bias = type == "gpt_oss";
        // gpt-oss ships its experts in MXFP4 (quantization_config) and every GGUF keeps them so (docs/sizing.md).
        if (auto q = root.find("quantization_config"); q != root.end() && q->is_object())
            m.gguf_experts_mxfp4 = type == "gpt_oss" && q->value("quant_method", "") == "mxfp4";
        if (m.n_layer_dense_lead > 0 && m.n_ff <= 0) fail("config", "config_dense_ff", {});
        if (gemma4) {
            // Gemma 4's MoE block (Gemma4TextDecoderLayer, enable_moe_block): the dense MLP of intermediate_size runs
            // beside the routed experts on every token, as a shared expert does, with three more norms
            // (post_feedforward_layernorm_1/_2, pre_feedforward_layernorm_2); the router has an input scale and a
            // per-expert scale (Gemma4TextRouter).
            m.n_ff_shared = m.n_ff;
            m.router_scales = true;
            m.n_norm_per_layer = 7;
        }
    } else if (m.n_ff <= 0 && type != "nemotron_h" && !starts_with(type, "lfm2")) {
        fail("config", "config_ff_positive", {});
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
    if (c.contains("index_topk") && m.is_mla()) {
        m.index_n_heads = int(get_int(c, "index_n_heads", 1, 1 << 12));
        m.index_head_dim = int(get_int(c, "index_head_dim", 1, 1 << 12));
        m.index_topk = int(get_int(c, "index_topk", 1, 1 << 24));
    } else if (c.contains("index_topk") && type != "deepseek_v4") {
        unknown.push_back("a sparse-attention indexer (index_*) without MLA");
    }
    const bool dsv4 = type == "deepseek_v4";
    if (dsv4) {
        // DeepSeek-V4 (transformers configuration_deepseek_v4.py / modeling_deepseek_v4.py; the released checkpoint's
        // tensors): one K=V head of head_dim, queries through q_lora_rank, a grouped low-rank output, the indexer's
        // shape, hyper-connections, hash-routed first layers. compress_ratios (one per layer, then the MTP layers'):
        // 0 sliding only, 4 compressed with the indexer, another ratio compressed without (docs/sizing.md).
        m.q_lora_rank = int(get_int(c, "q_lora_rank", 1, 1 << 16));
        m.qk_rope_head_dim = int(get_int(c, "qk_rope_head_dim", 1, m.head_dim));
        m.o_groups = int(get_int(c, "o_groups", 1, m.n_head));
        m.o_lora_rank = int(get_int(c, "o_lora_rank", 1, 1 << 16));
        if (m.n_head % m.o_groups) fail("config", "config_heads", {});
        m.hc_mult = int(get_int(c, "hc_mult", 1, 64, 1));
        m.n_layer_hash = int(get_int(c, "num_hash_layers", 0, m.n_layer, 0));
        m.index_n_heads = int(get_int(c, "index_n_heads", 1, 1 << 12));
        m.index_head_dim = int(get_int(c, "index_head_dim", 1, 1 << 12));
        m.index_topk = int(get_int(c, "index_topk", 1, 1 << 24));
        if (m.n_head_kv != 1) unknown.push_back("DeepSeek-V4 attention with num_key_value_heads other than 1");
        // As released: FP4 experts (expert_dtype "fp4", or absent: vLLM's default, PR #42970) beside FP8 matrices; the
        // Base models' experts are FP8 too (expert_dtype "fp8").
        if (auto q = root.find("quantization_config"); q != root.end() && q->is_object())
            m.dense_fp8 = q->value("quant_method", "") == "fp8" && get_str(c, "expert_dtype") != "fp8";
    }

    // ---- per-layer kinds --------------------------------------------------------------------------------
    const size_t L = size_t(m.n_layer);
    std::string mixer(L, 'A'), ffn(L, 'D');
    for (size_t il = 0; il < L; ++il) ffn[il] = m.ffn(int(il));   // the classic layout: layer_ffn is still empty
    const std::string classic_ffn = ffn;
    int64_t window = c.contains("sliding_window") && c["sliding_window"].is_number() ? get_int(c, "sliding_window", 0, 100'000'000) : 0;
    const bool swa_off = c.contains("use_sliding_window") && !get_bool(c, "use_sliding_window", true);
    bool windowed = window > 0 && !swa_off;
    if (auto it = c.find("layer_types"); it != c.end() && it->is_array()) {
        if (it->size() != L) fail("config", "config_layer_types", {});
        for (size_t il = 0; il < L; ++il) {
            const std::string t = (*it)[il].is_string() ? (*it)[il].get<std::string>() : std::string();
            if (t == "full_attention" || t == "attention") mixer[il] = 'A';
            else if (t == "sliding_attention" || t == "chunked_attention") mixer[il] = windowed || t == "chunked_attention" ? 'S' : 'A';
            else if (t == "linear_attention") mixer[il] = 'L';
            else if (t == "mamba") mixer[il] = 'M';
            else if (t == "conv") mixer[il] = 'C';
            else {
                unknown.push_back("layer_types value '" + detail::utf8_prefix(t, 32) + "'");
                break;
            }
        }
    } else if (auto fa = c.find("full_attn_idxs"); fa != c.end() && fa->is_array()) {
        // LFM2 as released: the attention layers by index, short convolutions elsewhere.
        mixer.assign(L, 'C');
        for (const auto& i : *fa)
            if (i.is_number_integer() && i.get<int64_t>() >= 0 && i.get<int64_t>() < m.n_layer) mixer[size_t(i.get<int64_t>())] = 'A';
    } else if (auto la = c.find("linear_attn_config"); type == "kimi_linear" && la != c.end() && la->is_object()) {
        // Kimi Linear: KDA linear-attention layers and MLA layers by 1-based index (configuration_kimi.py).
        for (const char* k : {"kda_layers", "full_attn_layers"}) {
            auto li = la->find(k);
            if (li == la->end() || !li->is_array()) fail("config", "config_missing_key", {{"key", std::string("linear_attn_config.") + k}});
            for (const auto& i : *li)
                if (i.is_number_integer() && i.get<int64_t>() >= 1 && i.get<int64_t>() <= m.n_layer)
                    mixer[size_t(i.get<int64_t>() - 1)] = k[0] == 'k' ? 'L' : 'A';
        }
    } else if (qwen_next) {
        const int64_t every = get_int(c, "full_attention_interval", 1, m.n_layer, 4);
        for (size_t il = 0; il < L; ++il) mixer[il] = (il + 1) % size_t(every) == 0 ? 'A' : 'L';
    } else if (windowed && type == "gemma2") {
        for (size_t il = 0; il < L; il += 2) mixer[il] = 'S';
    } else if (windowed && c.contains("sliding_window_pattern")) {
        const int64_t p = get_int(c, "sliding_window_pattern", 1, 1 << 10);
        for (size_t il = 0; il < L; ++il) mixer[il] = (il + 1) % size_t(p) == 0 ? 'A' : 'S';
    } else if (windowed) {
        mixer.assign(L, 'S');
    }
    // GLM-5.2 / 5.3 (glm_moe_dsa; transformers modeling_glm_moe_dsa.py GlmMoeDsaAttention): indexer_types 'full' layers run
    // their own indexer, 'shared' ones reuse the last full layer's picks and hold no indexer ('a');
    // mlp_layer_types 'dense' / 'sparse' per layer (the same as first_k_dense_replace where they agree).
    bool read_indexer_types = false, read_mlp_types = false;
    if (auto it = c.find("indexer_types"); it != c.end() && it->is_array() && m.is_mla() && m.index_n_heads) {
        if (it->size() < L || it->empty() || (*it)[0] != "full") {
            unknown.push_back("'indexer_types' not one per layer starting with 'full'");
        } else {
            read_indexer_types = true;
            for (size_t il = 0; il < L; ++il) {
                const json& t = (*it)[il];
                if (t == "shared") mixer[il] = 'a';
                else if (t != "full") {
                    unknown.push_back("indexer_types value " + detail::utf8_prefix(t.dump(), 32));
                    break;
                }
            }
        }
    }
    if (!read_indexer_types && m.index_n_heads && c.contains("index_topk_freq") && c["index_topk_freq"].is_number() &&
        c["index_topk_freq"].get<double>() > 1)
        unknown.push_back("'index_topk_freq' without indexer_types (which layers share an indexer)");
    if (auto it = c.find("mlp_layer_types"); it != c.end() && it->is_array() && it->size() == L) {
        read_mlp_types = true;
        for (size_t il = 0; il < L; ++il) {
            const json& t = (*it)[il];
            if (t == "dense") ffn[il] = 'D';
            else if (t == "sparse" && m.n_expert > 1) ffn[il] = 'E';
            else {
                unknown.push_back("mlp_layer_types value " + detail::utf8_prefix(t.dump(), 32));
                read_mlp_types = false;
                break;
            }
        }
    }
    // MiniMax-M3 (sglang python/sglang/srt/models/minimax_m3.py; vLLM vllm/models/minimax_m3; transformers
    // modeling_minimax_m3_vl.py): sparse_attention_freq marks the block-sparse layers ('B'), which add a lightning
    // indexer (index_q_proj d -> heads x dim, index_k_proj d -> dim, two norms) and cache one index key per token; each
    // query attends to sparse_topk_blocks blocks of sparse_block_size tokens. moe_layer_freq gives each layer's FFN (0:
    // a dense MLP of dense_intermediate_size). An index value path (sparse_disable_index_value 0) is not modelled.
    bool read_moe_freq = false;
    if (type == "minimax_m3") {
        if (auto sa = c.find("sparse_attention_config"); sa != c.end() && sa->is_object() && get_bool(*sa, "use_sparse_attention", false)) {
            auto f = sa->find("sparse_attention_freq");
            if (f == sa->end() || !f->is_array() || f->size() != L) fail("config", "config_missing_key", {{"key", "sparse_attention_config.sparse_attention_freq"}});
            auto nv = sa->find("sparse_disable_index_value");
            for (size_t il = 0; il < L; ++il)
                if ((*f)[il] == 1) {
                    mixer[il] = 'B';
                    if (nv == sa->end() || !nv->is_array() || nv->size() != L || (*nv)[il] != 1) {
                        unknown.push_back("MiniMax-M3's index value path (sparse_disable_index_value 0)");
                        break;
                    }
                }
            m.index_n_heads = int(get_int(*sa, "sparse_num_index_heads", 1, 1 << 12));
            m.index_head_dim = int(get_int(*sa, "sparse_index_dim", 1, 1 << 12));
            m.index_topk = int(get_int(*sa, "sparse_topk_blocks", 1, 1 << 16) * get_int(*sa, "sparse_block_size", 1, 1 << 16));
        }
        if (auto it = c.find("moe_layer_freq"); it != c.end() && it->is_array() && it->size() == L && m.n_expert > 1) {
            read_moe_freq = true;
            for (size_t il = 0; il < L; ++il) ffn[il] = (*it)[il] == 0 ? 'D' : 'E';
        }
        m.n_ff = int(get_int(c, "dense_intermediate_size", 1, 1 << 22, m.n_ff));
    }
    if (dsv4) {
        auto cr = c.find("compress_ratios");
        if (cr == c.end() || !cr->is_array() || cr->size() < L) fail("config", "config_missing_key", {{"key", "compress_ratios"}});
        std::vector<int64_t> ratios;
        for (size_t il = 0; il < L; ++il) {
            const json& r = (*cr)[il];
            ratios.push_back(r.is_number_integer() && r.get<int64_t>() >= 0 ? r.get<int64_t>() : -1);
        }
        detail::compressed_layer_kinds(ratios, m, mixer, unknown);
        if (!windowed || window <= 0) fail("config", "config_missing_key", {{"key", "sliding_window"}});
    }
    if (llama4) {
        // Chunked attention on the RoPE layers (no_rope_layers[i] == 1), global attention on the others; experts
        // on every interleave_moe_layer_step-th layer (transformers Llama4TextConfig).
        window = get_int(c, "attention_chunk_size", 1, 100'000'000, 8192);
        const int64_t step = get_int(c, "interleave_moe_layer_step", 1, m.n_layer, 1);
        auto nr = c.find("no_rope_layers");
        const bool list = nr != c.end() && nr->is_array() && nr->size() == L;
        for (size_t il = 0; il < L; ++il) {
            const bool rope = list ? (*nr)[il].is_number() && (*nr)[il].get<double>() != 0 : (il + 1) % 4 != 0;
            mixer[il] = rope ? 'S' : 'A';
            ffn[il] = (il + 1) % size_t(step) == 0 ? 'E' : 'D';
        }
        windowed = true;
    }
    if (type == "nemotron_h") {
        // hybrid_override_pattern: one block per layer, M = Mamba-2, * = attention, - = MLP, E = experts.
        const std::string pat = get_str(c, "hybrid_override_pattern");
        if (pat.size() != L) fail("config", "config_hybrid_pattern", {});
        for (size_t il = 0; il < L; ++il) {
            const char k = pat[il];
            mixer[il] = k == 'M' ? 'M' : k == '*' ? 'A' : '-';
            ffn[il] = k == '-' ? 'D' : k == 'E' ? 'E' : '-';
            if (!std::strchr("M*-E", k)) {
                unknown.push_back(std::string("hybrid_override_pattern character '") + k + "'");
                break;
            }
        }
        m.n_norm_per_layer = 1;
        m.ffn_gated = false;   // squared ReLU: up and down only
    }
    if (type == "jamba") {
        // Jamba (transformers configuration_jamba.py layers_block_type / layers_num_experts): attention where
        // il % attn_layer_period == attn_layer_offset, Mamba-1 elsewhere; experts where il % expert_layer_period ==
        // expert_layer_offset, a dense MLP elsewhere.
        const int64_t ap = get_int(c, "attn_layer_period", 1, m.n_layer, 8), ao = get_int(c, "attn_layer_offset", 0, m.n_layer, 4);
        const int64_t ep = get_int(c, "expert_layer_period", 1, m.n_layer, 2), eo = get_int(c, "expert_layer_offset", 0, m.n_layer, 1);
        for (size_t il = 0; il < L; ++il) {
            mixer[il] = int64_t(il) % ap == ao ? 'A' : 'm';
            ffn[il] = m.n_expert > 1 && int64_t(il) % ep == eo ? 'E' : 'D';
        }
        m.ssm_d_inner = int(get_int(c, "mamba_expand", 1, 64, 2) * m.n_embd);
        m.ssm_d_state = int(get_int(c, "mamba_d_state", 1, 1 << 14, 16));
        m.conv_kernel = int(get_int(c, "mamba_d_conv", 1, 64, 4));
        // mamba_dt_rank "auto" is ceil(hidden_size / 16) (JambaConfig).
        auto dt = c.find("mamba_dt_rank");
        m.ssm_dt_rank = dt != c.end() && dt->is_number() ? int(get_int(c, "mamba_dt_rank", 1, 1 << 16)) : (m.n_embd + 15) / 16;
        if (get_bool(c, "mamba_proj_bias", false) || !get_bool(c, "mamba_conv_bias", true))
            unknown.push_back("Jamba's mamba_proj_bias / mamba_conv_bias other than false / true");
    }
    if (starts_with(type, "mllama")) {
        // Llama 3.2 Vision (transformers modeling_mllama.py MllamaTextModel): the cross_attention_layers attend to the
        // image's tokens (their own K and V of the vision output), the others are Llama self-attention layers.
        if (auto it = c.find("cross_attention_layers"); it != c.end() && it->is_array())
            for (const auto& i : *it)
                if (i.is_number_integer() && i.get<int64_t>() >= 0 && i.get<int64_t>() < m.n_layer) mixer[size_t(i.get<int64_t>())] = 'X';
        m.params_extra = 8 * int64_t(m.n_embd);   // embed_tokens has vocab_size + 8 rows
        if (auto v = root.find("vision_config"); v != root.end() && v->is_object()) {
            const int64_t p = std::max<int64_t>(1, get_int(*v, "patch_size", 1, 1 << 12, 14)), img = get_int(*v, "image_size", 1, 1 << 16, 560);
            m.cross_attn_tokens = get_int(*v, "max_num_tiles", 1, 64, 4) * ((img / p) * (img / p) + 1);
        }
    }
    if (starts_with(type, "gemma3n")) {
        // Gemma 3n (transformers modeling_gemma3n.py Gemma3nTextModel and Gemma3nTextDecoderLayer; llama.cpp
        // LLM_ARCH_GEMMA3N): per-layer embeddings (a vocab_size_per_layer_input x (layers x hidden_size_per_layer_input)
        // table beside embed_tokens, a projection of the hidden state to the same width, and in every layer a gate and a
        // projection back), AltUp over altup_num_inputs copies of the hidden state, a LAuReL residual of laurel_rank,
        // and the last num_kv_shared_layers layers reuse an earlier layer's K and V (they keep no cache).
        m.n_embd_per_layer = int(get_int(c, "hidden_size_per_layer_input", 1, 1 << 16));
        m.n_vocab_per_layer = int(get_int(c, "vocab_size_per_layer_input", 1, 1 << 24));
        m.altup_n = int(get_int(c, "altup_num_inputs", 1, 64));
        m.laurel_rank = int(get_int(c, "laurel_rank", 0, 1 << 16));
        m.n_layer_kv_shared = int(get_int(c, "num_kv_shared_layers", 0, m.n_layer - 1));
    }
    if (gemma4) {
        // Gemma 4 (transformers modeling_gemma4.py; llama.cpp src/models/gemma4-iswa.cpp; vLLM gemma4.py): per-layer
        // embeddings as Gemma 3n's without AltUp or LAuReL (hidden_size_per_layer_input 0 or null: none); the
        // full-attention layers global_head_dim wide, and with attention_k_eq_v num_global_key_value_heads KV heads
        // and no v_proj; the last num_kv_shared_layers layers reuse an earlier layer's K and V and hold no k/v
        // weights; use_double_wide_mlp doubles their MLP; every layer has a layer_scalar (one parameter, in the
        // checkpoint: llama.cpp loads it as out_scale).
        m.n_embd_per_layer = int(get_int(c, "hidden_size_per_layer_input", 0, 1 << 16, 0));
        if (m.n_embd_per_layer) m.n_vocab_per_layer = int(get_int(c, "vocab_size_per_layer_input", 1, 1 << 24));
        m.n_layer_kv_shared = int(get_int(c, "num_kv_shared_layers", 0, m.n_layer - 1, 0));
        if (m.n_layer_kv_shared) m.kv_shared_weights = false;
        m.head_dim_global = int(get_int(c, "global_head_dim", 1, 1 << 14, m.head_dim));
        m.attn_k_eq_v = get_bool(c, "attention_k_eq_v", false);
        if (m.attn_k_eq_v) {
            m.n_head_kv_global = int(get_int(c, "num_global_key_value_heads", 1, 1 << 14, m.n_head_kv));
            if (m.n_head % m.n_head_kv_global) fail("config", "config_heads", {});
        }
        if (get_bool(c, "use_double_wide_mlp", false) && m.n_layer_kv_shared) m.n_ff_kv_shared = 2 * m.n_ff;
        m.params_extra += m.n_layer;
        if (auto it = c.find("routed_layer_pattern"); it != c.end() && !it->is_null())
            unknown.push_back("Gemma 4's 'routed_layer_pattern' (experts in some layers only)");
        if (get_str(c, "use_bidirectional_attention") == "all")
            unknown.push_back("Gemma 4's use_bidirectional_attention 'all' (an encoder: sized as a decoder)");
    }
    if (type == "falcon_h1") {
        // Falcon-H1 (transformers modeling_falcon_h1.py FalconH1DecoderLayer; llama.cpp src/models/falcon-h1.cpp): every
        // layer runs attention and a Mamba-2 mixer on the same normed input and adds them, then a gated MLP.
        mixer.assign(L, 'P');
        m.ssm_n_head = int(get_int(c, "mamba_n_heads", 1, 1 << 14));
        m.ssm_head_dim = int(get_int(c, "mamba_d_head", 1, 1 << 14));
        m.ssm_d_state = int(get_int(c, "mamba_d_state", 1, 1 << 14));
        m.ssm_n_group = int(get_int(c, "mamba_n_groups", 1, 1 << 10, 1));
        m.conv_kernel = int(get_int(c, "mamba_d_conv", 1, 64, 4));
        m.ssm_norm = get_bool(c, "mamba_rms_norm", false);   // the gated RMSNorm exists only with mamba_rms_norm
        // The inner width is mamba_d_ssm; the released checkpoints have mamba_n_heads x mamba_d_head (Falcon-H1-0.5B:
        // 24 x 64 = 1536, its conv state 1536 + 2 x 128 = 1792 wide): a differing mamba_d_ssm is said.
        if (c.contains("mamba_d_ssm") && !c["mamba_d_ssm"].is_null() &&
            get_int(c, "mamba_d_ssm", 1, 1 << 20) != int64_t(m.ssm_n_head) * m.ssm_head_dim)
            unknown.push_back("Falcon-H1's mamba_d_ssm other than mamba_n_heads x mamba_d_head");
        for (const char* k : {"mamba_proj_bias", "projectors_bias", "mlp_bias"})
            if (get_bool(c, k, false)) unknown.push_back(std::string("Falcon-H1's '") + k + "'");
        if (auto it = c.find("attn_layer_indices"); it != c.end() && !it->is_null())
            unknown.push_back("Falcon-H1's 'attn_layer_indices' (attention in some layers only)");
    }
    if (type == "granitemoehybrid") {
        // Every layer has a gated shared MLP (shared_intermediate_size), plus experts when num_local_experts > 0.
        if (m.n_expert <= 1) {
            m.n_ff = int(get_int(c, "shared_intermediate_size", 1, 1 << 22));
            ffn.assign(L, 'D');
        }
    }
    if (get_str(c, "hidden_act") == "relu2" || get_str(c, "mlp_hidden_act") == "relu2") m.ffn_gated = false;
    if (std::count(mixer.begin(), mixer.end(), 'L') && type == "kimi_linear") {
        // KDA keeps the Gated DeltaNet state: a (K - 1)-token window of q, k, v for the convolution and a
        // head_dim x head_dim matrix per head (llama.cpp llama-hparams.cpp n_embd_r / n_embd_s, n_embd_head_kda).
        // Its parameters are its own (separate q, k, v projections, low-rank forget and output gates: Kimi Linear
        // modeling_kimi.py KimiDeltaAttention; params.cpp linear_attention_params with lin_kda).
        const json& la = c["linear_attn_config"];
        m.lin_n_head_k = m.lin_n_head_v = int(get_int(la, "num_heads", 1, 1 << 12));
        m.lin_head_dim_k = m.lin_head_dim_v = int(get_int(la, "head_dim", 1, 1 << 12));
        m.conv_kernel = int(get_int(la, "short_conv_kernel_size", 1, 64));
        m.lin_kda = true;
        if (get_bool(la, "use_full_rank_gate", false)) unknown.push_back("KDA's use_full_rank_gate (its gates counted low-rank)");
    } else if (std::count(mixer.begin(), mixer.end(), 'L')) {
        m.lin_n_head_k = int(get_int(c, "linear_num_key_heads", 1, 1 << 12));
        m.lin_n_head_v = int(get_int(c, "linear_num_value_heads", 1, 1 << 12));
        m.lin_head_dim_k = int(get_int(c, "linear_key_head_dim", 1, 1 << 12));
        m.lin_head_dim_v = int(get_int(c, "linear_value_head_dim", 1, 1 << 12));
        m.conv_kernel = int(get_int(c, "linear_conv_kernel_dim", 1, 64));
    }
    if (std::count(mixer.begin(), mixer.end(), 'M')) {
        const bool granite = type == "granitemoehybrid";
        m.ssm_n_head = int(get_int(c, granite ? "mamba_n_heads" : "mamba_num_heads", 1, 1 << 14));
        m.ssm_head_dim = int(get_int(c, granite ? "mamba_d_head" : "mamba_head_dim", 1, 1 << 14));
        m.ssm_d_state = int(get_int(c, granite ? "mamba_d_state" : "ssm_state_size", 1, 1 << 14));
        m.ssm_n_group = int(get_int(c, granite ? "mamba_n_groups" : "n_groups", 1, 1 << 10));
        m.conv_kernel = int(get_int(c, granite ? "mamba_d_conv" : "conv_kernel", 1, 64));
    }
    if (std::count(mixer.begin(), mixer.end(), 'C')) m.conv_kernel = int(get_int(c, "conv_L_cache", 1, 64));
    if (type == "lfm2" || type == "lfm2_moe") {
        // LFM2 shrinks block_ff_dim to 2/3, times block_ffn_dim_multiplier, rounded up to block_multiple_of
        // (transformers modeling_lfm2.py Lfm2MLP); its config's intermediate_size is not the width used.
        if (get_bool(c, "block_auto_adjust_ff_dim", false)) {
            int64_t f = 2 * get_int(c, "block_ff_dim", 1, 1 << 22) / 3;
            if (c.contains("block_ffn_dim_multiplier") && c["block_ffn_dim_multiplier"].is_number())
                f = int64_t(c["block_ffn_dim_multiplier"].get<double>() * double(f));
            const int64_t mult = get_int(c, "block_multiple_of", 1, 1 << 16, 256);
            m.n_ff = int(mult * ((f + mult - 1) / mult));
        }
        m.tied_embeddings = get_bool(c, "tie_embedding", get_bool(c, "tie_word_embeddings", true));
    }
    if (auto it = c.find("mamba_ssm_dtype"); it != c.end() && it->is_string() && it->get<std::string>() == "float32") m.ssm_state_f32 = true;
    // Keys that change the shape in ways this parser does not model: said, not ignored.
    for (const char* k : {"indexer_types", "mlp_layer_types", "moe_latent_size", "routed_expert_hidden_size", "mla_use_output_gate",
                          "attn_res_block_size", "layers_block_type", "block_configs",
                          "cross_attention_layers", "num_kv_shared_layers", "attention_k_eq_v", "global_head_dim",
                          "linear_attn_config", "moe_layer_freq_list"}) {
        if (type == "kimi_linear" && std::strcmp(k, "linear_attn_config") == 0) continue;   // Kimi Linear's: read above
        if (starts_with(type, "mllama") && std::strcmp(k, "cross_attention_layers") == 0) continue;   // read above
        if (starts_with(type, "gemma3n") && std::strcmp(k, "num_kv_shared_layers") == 0) continue;     // read above
        if (gemma4 && (std::strcmp(k, "num_kv_shared_layers") == 0 || std::strcmp(k, "attention_k_eq_v") == 0 ||
                       std::strcmp(k, "global_head_dim") == 0))
            continue;   // read above
        if ((read_indexer_types && std::strcmp(k, "indexer_types") == 0) || (read_mlp_types && std::strcmp(k, "mlp_layer_types") == 0))
            continue;   // read above
        if (auto it = c.find(k); it != c.end() && !it->is_null() && !(it->is_array() && it->empty()) && !(it->is_boolean() && !it->get<bool>()))
            unknown.push_back(std::string("'") + k + "'" +
                              (std::strcmp(k, "cross_attention_layers") ? "" : " (Llama 3.2 Vision: those layers attend to the "
                                                                              "image's tokens; sized as text self-attention)"));
    }
    // MiniMax: attn_type_list marks lightning (linear, 0) and softmax (1) layers; all softmax is a plain transformer.
    if (auto it = c.find("attn_type_list"); it != c.end() && it->is_array())
        for (const auto& t : *it)
            if (!(t.is_number() && t.get<double>() == 1)) {
                unknown.push_back("'attn_type_list' (lightning attention layers)");
                break;
            }
    for (const char* k : {"attn_layer_period", "expert_layer_period", "mlp_only_layers", "moe_layer_freq", "decoder_sparse_step"}) {
        if (type == "jamba" && k[0] != 'm' && k[0] != 'd') continue;   // Jamba's periods: read above
        if (read_moe_freq && std::strcmp(k, "moe_layer_freq") == 0) continue;     // MiniMax-M3's list: read above
        auto it = c.find(k);
        if (it == c.end() || it->is_null()) continue;
        const bool neutral = (it->is_array() && it->empty()) || (it->is_number() && it->get<double>() == 1);
        if (!neutral) unknown.push_back(std::string("'") + k + "'");
    }
    if (windowed && window > 0 && window < m.max_ctx) {
        m.swa_window = window;
    } else {
        if (!gemma4) std::replace(mixer.begin(), mixer.end(), 'S', 'A');   // Gemma 4's sliding layers differ in shape
    }
    m.n_layer_swa = int(std::count(mixer.begin(), mixer.end(), 'S'));
    // Keep the per-layer strings only where they say more than n_layer_swa and n_layer_dense_lead do.
    const bool classic_mixers = mixer.find_first_not_of("AS") == std::string::npos;
    // KV-shared layers are the last ones: which of them slide then matters, so the string is kept.
    // So do Gemma 4's global layers (their own head width): their places are kept.
    if (!classic_mixers || m.n_layer_kv_shared || m.head_dim_global) m.layer_mixer = mixer;
    if (ffn != classic_ffn) m.layer_ffn = ffn;

    // ---- what the checkpoint holds besides the text model -----------------------------------------------
    // MTP layers: DeepSeek/GLM num_nextn_predict_layers, Qwen3.5 mtp_num_hidden_layers, MiniMax num_mtp_modules
    // (with use_mtp; each module mtp_transformer_layers deep).
    int64_t n_mtp = std::max(get_int(c, "num_nextn_predict_layers", 0, 64, 0), get_int(c, "mtp_num_hidden_layers", 0, 64, 0));
    if (get_bool(c, "use_mtp", false))
        n_mtp = std::max(n_mtp, get_int(c, "num_mtp_modules", 0, 64, 0) * get_int(c, "mtp_transformer_layers", 1, 64, 1));
    if (n_mtp > 0) {
        // Each MTP module: one decoder layer like the last one, an eh_proj (2d -> d) and three norms
        // (DeepSeek-V3 README_WEIGHTS.md; GLM-4.5, Qwen3-Next alike). DeepSeek V3 also stores its own copy of the
        // embedding and the head in the module.
        const Model one = mtp_module(m);
        const int64_t d = m.n_embd;
        const int64_t embd = int64_t(m.n_vocab) * d * (m.tied_embeddings ? 1 : 2) + d;
        const bool own_copy = starts_with(type, "deepseek_v3") || type == "kimi_k2" || get_bool(c, "mtp_use_dedicated_embeddings", false);
        m.n_layer_mtp = int(n_mtp);
        m.params_mtp = n_mtp * (params_total(one) - embd + 2 * d * d + 3 * d + (own_copy ? 2 * int64_t(m.n_vocab) * d : 0));
    }
    for (const char* k : {"vision_config", "audio_config"})
        if (auto it = root.find(k); it != root.end() && it->is_object())
            m.params_vision += starts_with(type, "mllama") && k[0] == 'v' ? mllama_vision_params(*it, m.n_embd)
                               : starts_with(type, "gemma3n")              ? gemma3n_encoder_params(*it, m.n_embd, unknown)
                               : gemma4                                    ? gemma4_encoder_params(*it, k[0] == 'a', m.n_embd, unknown)
                                                                           : encoder_params(*it, m.n_embd);
    // Architectures said, not sized (docs/sizing.md): what each leaves out, so the estimate's direction is known.
    if (!starts_with(type, "gemma3n") && !gemma4 && (c.contains("hidden_size_per_layer_input") || c.contains("altup_num_inputs") || c.contains("laurel_rank")))
        unknown.push_back("Gemma 3n per-layer embeddings (hidden_size_per_layer_input; engines keep that table off the "
                          "accelerator), AltUp and LAuReL not counted");
    for (size_t i = 0; i < unknown.size() && i < 4; ++i) m.unknown += (i ? "; " : "") + unknown[i];
    if (auto it = c.find("use_bidirectional_attention"); starts_with(type, "gemma3") && it != c.end() && it->is_boolean() && it->get<bool>()) {
        // EmbeddingGemma (Gemma3TextModel with use_bidirectional_attention: transformers modeling_gemma3.py): every
        // token attends to every other, the input is read at once and no cache is kept, like a BERT encoder; its final
        // norm stays (an encoder's count has none of its own: params_extra).
        m.encoder_only = true;
        m.layer_mixer.clear();
        m.params_extra += m.n_embd;
    }
    if (type == "starcoder2") {
        // StarCoder2 (transformers modeling_starcoder2.py): LayerNorms with bias (the final one too), biased
        // q, k, v, o and a two-matrix GELU MLP with biases (use_bias).
        const bool bias = get_bool(c, "use_bias", true);
        m.qkv_bias = m.o_bias = m.ffn_bias = bias;
        m.ffn_gated = false;
        m.n_norm_per_layer = 4;
        m.params_extra = m.n_embd;
        m.tied_embeddings = get_bool(c, "tie_word_embeddings", true);
    }
    if (type == "bert" || type == "xlm-roberta" || type == "roberta") {
        // BERT-style encoder (transformers modeling_bert.py): biased q, k, v, o and MLP (GELU, not gated), two
        // LayerNorms with bias per layer; position and token-type embeddings, an embedding LayerNorm, a pooler.
        const int64_t d = m.n_embd;
        m.encoder_only = true;
        m.tied_embeddings = true;   // no LM head: the checkpoint has the encoder only
        m.qkv_bias = m.o_bias = m.ffn_bias = true;
        m.ffn_gated = false;
        m.qk_norm = false;
        m.n_norm_per_layer = 4;
        m.layer_mixer.clear();
        m.layer_ffn.clear();
        m.params_extra = get_int(c, "max_position_embeddings", 1, 1 << 20, 512) * d +
                         get_int(c, "type_vocab_size", 0, 1 << 10, 2) * d + 2 * d + d * d + d;
    }
    if (type == "modernbert") {
        // ModernBERT (transformers modeling_modernbert.py): RoPE (no position table), Wqkv and Wo, a GeGLU MLP
        // (Wi: d -> 2 ff, Wo), LayerNorms with a bias only when norm_bias, none before layer 0's attention
        // (Identity); an embedding norm and a final norm; the ForMaskedLM head: dense d x d, a norm, and the
        // decoder tied to the embedding with its own bias. Local/global attention changes no size: an encoder
        // keeps no cache.
        const int64_t d = m.n_embd, norm = get_bool(c, "norm_bias", false) ? 2 * d : d;
        const bool mlp_bias = get_bool(c, "mlp_bias", false);
        m.encoder_only = true;
        m.tied_embeddings = true;
        m.qkv_bias = m.o_bias = attn_bias;
        m.ffn_bias = mlp_bias;   // counts Wi's bias as ff wide; its other ff is in params_extra below
        m.ffn_gated = true;
        m.qk_norm = false;
        m.n_norm_per_layer = norm == d ? 2 : 4;   // attn_norm and mlp_norm, weight (and bias)
        m.layer_mixer.clear();
        m.layer_ffn.clear();
        bool mlm = false;
        if (auto a = root.find("architectures"); a != root.end() && a->is_array())
            for (const auto& x : *a) mlm |= x.is_string() && x.get<std::string>().find("ForMaskedLM") != std::string::npos;
        // The embedding and final norms, less layer 0's absent attention norm: one norm.
        m.params_extra = norm + (mlp_bias ? int64_t(m.n_layer) * m.n_ff : 0) +
                         (mlm ? d * d + (get_bool(c, "classifier_bias", false) ? d : 0) + norm +
                                    (get_bool(c, "decoder_bias", true) ? int64_t(m.n_vocab) : 0)
                              : 0);
    }
    const int64_t total = params_total(m);
    // Three significant digits: 0.0335 for a 33M encoder, 7.6 for Qwen2.5-7B, 236 for a 235.1B MoE.
    const double b = double(total) / 1e9, scale = std::pow(10.0, 2 - std::floor(std::log10(std::max(b, 1e-6))));
    m.params_b_nominal = std::round(b * scale) / scale;
    return m;
}

Model model_from_params_b(double params_b) {
    if (!std::isfinite(params_b) || params_b < 0.01 || params_b > 10000)
        fail("params_b", "params_b_range", {});
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
