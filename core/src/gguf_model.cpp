// A GGUF header as a model (docs/gguf.md, "Sizing from the header"): the summary a scenario carries in its
// `gguf` field (JSON, a few KB: a share link holds it, the CLI and the page build the same one), and the Model it
// stands for, whose weights are the file's exact tensor bytes. The summary is outside input (a link can carry
// anything): every number is range-checked before it is used.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "headroom/gguf.hpp"
#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using detail::fail;
using ojson = nlohmann::ordered_json;
using json = ojson;

constexpr const char* kSummaryFormat = "headroom.gguf/1";
constexpr size_t kMaxSummaryBytes = 256 << 10;
constexpr int64_t kMaxFileBytes = int64_t(1) << 50;   // as the reader
constexpr int kMaxLayers = 1000;                      // as model_from_hf_config

// llama.cpp's names for general.file_type (llama.h enum llama_ftype, llama_model_ftype_name) and the catalog
// weight format each one is (core/data/formats.json); "" where the catalog has none.
struct Ftype {
    int id;
    const char* name;
    const char* quant;
};
constexpr Ftype kFtypes[] = {
    {0, "F32", "f32"},          {1, "F16", "f16"},         {2, "Q4_0", "q4_0"},       {3, "Q4_1", "q4_1"},
    {7, "Q8_0", "q8_0"},        {8, "Q5_0", "q5_0"},       {9, "Q5_1", "q5_1"},       {10, "Q2_K", "q2_k"},
    {11, "Q3_K_S", "q3_k_s"},   {12, "Q3_K_M", "q3_k_m"},  {13, "Q3_K_L", "q3_k_l"},  {14, "Q4_K_S", "q4_k_s"},
    {15, "Q4_K_M", "q4_k_m"},   {16, "Q5_K_S", "q5_k_s"},  {17, "Q5_K_M", "q5_k_m"},  {18, "Q6_K", "q6_k"},
    {19, "IQ2_XXS", "iq2_xxs"}, {20, "IQ2_XS", "iq2_xs"},  {21, "Q2_K_S", "q2_k_s"},  {22, "IQ3_XS", "iq3_xs"},
    {23, "IQ3_XXS", "iq3_xxs"}, {24, "IQ1_S", "iq1_s"},    {25, "IQ4_NL", "iq4_nl"},  {26, "IQ3_S", "iq3_s"},
    {27, "IQ3_M", "iq3_m"},     {28, "IQ2_S", "iq2_s"},    {29, "IQ2_M", "iq2_m"},    {30, "IQ4_XS", "iq4_xs"},
    {31, "IQ1_M", "iq1_m"},     {32, "BF16", "bf16"},      {36, "TQ1_0", ""},         {37, "TQ2_0", ""},
    {38, "MXFP4_MOE", "mxfp4_moe"}, {39, "NVFP4", ""},     {40, "Q1_0", ""},
};
const Ftype* find_ftype(int64_t id) {
    for (const Ftype& f : kFtypes)
        if (f.id == id) return &f;
    return nullptr;
}
// The catalog format of a file whose general.file_type is absent or new: that of its largest tensor type.
const char* quant_of_type(std::string_view t) {
    static const std::pair<const char*, const char*> k[] = {
        {"F32", "f32"},       {"F16", "f16"},         {"BF16", "bf16"},       {"Q8_0", "q8_0"},     {"Q6_K", "q6_k"},
        {"Q5_K", "q5_k_m"},   {"Q5_0", "q5_0"},       {"Q5_1", "q5_1"},       {"Q4_K", "q4_k_m"},   {"Q4_0", "q4_0"},
        {"Q4_1", "q4_1"},     {"Q3_K", "q3_k_m"},     {"Q2_K", "q2_k"},       {"IQ4_XS", "iq4_xs"}, {"IQ4_NL", "iq4_nl"},
        {"IQ3_S", "iq3_s"},   {"IQ3_XXS", "iq3_xxs"}, {"IQ2_S", "iq2_s"},     {"IQ2_XS", "iq2_xs"}, {"IQ2_XXS", "iq2_xxs"},
        {"IQ1_M", "iq1_m"},   {"IQ1_S", "iq1_s"},     {"MXFP4", "mxfp4_moe"},
    };
    for (const auto& [type, quant] : k)
        if (t == type) return quant;
    return "";
}

// Windowed attention in llama.cpp's loader (llama-model.cpp load_hparams, set_swa_pattern): which layers of an
// architecture slide, given <arch>.attention.sliding_window. Architectures not listed here that carry the key
// are said (unknown) and sized with full attention everywhere, which overstates their cache.
bool swa_layer(std::string_view arch, int il, bool* known) {
    *known = true;
    if (arch == "gemma2" || arch == "gpt-oss") return il % 2 == 0;   // every other layer, the first sliding
    if (arch == "gemma3") return (il + 1) % 6 != 0;                   // five sliding, one global
    if (arch == "cohere2") return (il + 1) % 4 != 0;                  // three sliding, one global
    *known = false;
    return false;
}

// Architectures whose GGUF keys say all the cache and state needs (attention heads, key and value widths, MLA
// ranks, experts, windows above, Mamba sizes): the plain decoders llama.cpp converts, and the hybrids below.
bool known_arch(std::string_view a) {
    static const char* k[] = {"llama", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma", "gemma2", "gemma3", "phi3",
                              "deepseek2", "deepseek4", "glm4", "glm4moe", "gpt-oss", "olmo2", "olmoe", "granite", "granitemoe",
                              "granitehybrid", "nemotron_h", "mistral3", "command-r", "cohere2", "starcoder2", "internlm2",
                              "exaone", "smollm3", "ernie4_5", "ernie4_5-moe", "hunyuan-moe", "dots1", "bailingmoe",
                              "llama4", "qwen2vl", "qwen3vl", "qwen3vlmoe", "seed_oss", "arcee", "apertus",
                              // hybrids whose layers the tensors tell (layer_kinds) and whose state the ssm.* keys size
                              "falcon-h1", "jamba", "mamba", "mamba2",
                              // short convolutions and attention: the layers that attend are those with KV heads
                              // (the tensors tell), the convolution's kernel width is shortconv.l_cache (llama.cpp
                              // src/models/lfm2.cpp and lfm2moe.cpp load_arch_hparams read it, required)
                              "lfm2", "lfm2moe",
                              // per-layer head widths, KV heads, windows, KV sharing and per-layer embeddings read
                              // below (gemma_shape, and the Gemma block of model_from_gguf_summary)
                              "gemma3n", "gemma4",
                              // Ollama's Llama 3.2 Vision (cross-attention layers; llama.cpp has no mllama)
                              "mllama"};
    for (const char* x : k)
        if (a == x) return true;
    return false;
}

int64_t get_int(const json& o, const char* key, int64_t lo, int64_t hi, int64_t dflt) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return dflt;
    if (!it->is_number_integer() && !it->is_number_unsigned())
        fail("gguf", std::string("the summary's '") + key + "' must be a whole number");
    const int64_t v = it->is_number_unsigned() ? int64_t(std::min<uint64_t>(it->get<uint64_t>(), uint64_t(INT64_MAX)))
                                               : it->get<int64_t>();
    if (v < lo || v > hi)
        fail("gguf", std::string("the summary's '") + key + "' must be in " + std::to_string(lo) + ".." + std::to_string(hi) +
                         ", got " + std::to_string(v));
    return v;
}
std::vector<int64_t> get_ints(const json& o, const char* key, size_t max_len, int64_t hi) {
    std::vector<int64_t> out;
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return out;
    if (!it->is_array() || it->size() > max_len)
        fail("gguf", std::string("the summary's '") + key + "' must be a list of at most " + std::to_string(max_len) + " numbers");
    for (const json& x : *it) {
        if (!x.is_number_integer() && !x.is_number_unsigned()) fail("gguf", std::string("the summary's '") + key + "' holds a non-integer");
        const int64_t v = x.is_number_unsigned() ? int64_t(std::min<uint64_t>(x.get<uint64_t>(), uint64_t(INT64_MAX))) : x.get<int64_t>();
        if (v < 0 || v > hi) fail("gguf", std::string("the summary's '") + key + "' holds a value out of range");
        out.push_back(v);
    }
    return out;
}
std::string get_str(const json& o, const char* key, size_t max) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string()) return {};
    return detail::utf8_prefix(detail::utf8_clean(it->get<std::string>()), max);
}

// blk.N.rest -> N (and rest), else -1.
int64_t layer_of(std::string_view name, std::string_view* rest) {
    if (name.substr(0, 4) != "blk.") return -1;
    size_t i = 4;
    int64_t n = 0;
    while (i < name.size() && i < 12 && name[i] >= '0' && name[i] <= '9') n = n * 10 + (name[i++] - '0');
    if (i == 4 || i >= name.size() || name[i] != '.') return -1;
    *rest = name.substr(i + 1);
    return n;
}

// Each decoder layer's token mixer and feed-forward block, from the tensors it holds (the letters of
// Model::layer_mixer / layer_ffn): attention (attn_q, attn_k, attn_qkv, MLA's attn_q_a / attn_kv_a); a recurrent
// block (ssm_*): Mamba-1 when it has the x projection ssm_x (llama.cpp's mamba and jamba; Mamba-2 has none), Gated
// DeltaNet in qwen3next / qwen35*, else Mamba-2; both attention and a recurrent block in one layer: the two in
// parallel (falcon-h1 builds every layer so); cross-attention to an image (cross_attn_*: Ollama's mllama); a short
// convolution (shortconv.*); else none. Routed experts (*_exps), a dense MLP (ffn_up / ffn_down), else none.
std::pair<std::string, std::string> layer_kinds(const GgufFile& f) {
    const size_t L = f.bytes.layer.size();
    enum : unsigned { kAttn = 1, kSsm = 2, kSsmX = 4, kCross = 8, kConv = 16 };
    std::vector<unsigned> has(L, 0);
    std::string ffn(L, '-');
    const std::string& arch = f.shape.architecture;
    const bool delta_net = arch == "qwen3next" || arch.rfind("qwen35", 0) == 0;
    for (const GgufTensor& t : f.tensors) {
        std::string_view rest;
        const int64_t il = layer_of(t.name, &rest);
        if (il < 0 || size_t(il) >= L) continue;
        unsigned& h = has[size_t(il)];
        char& ff = ffn[size_t(il)];
        auto starts = [&](const char* p) { return rest.substr(0, std::char_traits<char>::length(p)) == p; };
        if (starts("cross_attn")) h |= kCross;
        else if (starts("attn_q") || starts("attn_k") || starts("attn_qkv") || starts("attn_kv_a")) h |= kAttn;
        else if (starts("ssm_x.")) h |= kSsm | kSsmX;
        else if (starts("ssm_")) h |= kSsm;
        else if (starts("shortconv")) h |= kConv;
        if (rest.find("_exps") != std::string_view::npos) ff = 'E';
        else if ((starts("ffn_up") || starts("ffn_down")) && ff == '-') ff = 'D';
    }
    std::string mixer(L, '-');
    for (size_t il = 0; il < L; ++il) {
        const unsigned h = has[il];
        char& mx = mixer[il];
        if (h & kCross) mx = 'X';
        else if ((h & kAttn) && (h & kSsm)) mx = 'P';
        else if (h & kAttn) mx = 'A';
        else if (h & kSsmX) mx = 'm';
        else if (h & kSsm) mx = delta_net ? 'L' : 'M';
        else if (h & kConv) mx = 'C';
    }
    return {mixer, ffn};
}

// The first of these keys the header holds, as a positive integer; 0 when none does.
int64_t first_int(const GgufFile& f, std::initializer_list<std::string> keys) {
    for (const std::string& k : keys)
        if (const GgufKv* kv = f.find(k); kv && kv->value.is_int() && kv->value.i > 0) return kv->value.i;
    return 0;
}

// Gemma 4 and Gemma 3n: what llama.cpp's loader reads beyond the common keys (src/models/gemma4.cpp and gemma3n.cpp
// load_arch_hparams; conversion/gemma.py Gemma4Model / Gemma3NModel set_gguf_parameters write them):
// attention.key_length is the full-attention layers' head width and attention.key_length_swa / value_length_swa the
// sliding ones'; attention.head_count_kv and feed_forward_length may be per-layer arrays (num_global_key_value_heads,
// use_double_wide_mlp); attention.sliding_window_pattern is a per-layer bool array (true: sliding);
// attention.shared_kv_layers the last layers without a cache of their own; embedding_length_per_layer_input the
// per-layer embedding width (0: none); Gemma 3n's altup.num_inputs. Ollama's converter writes the same keys
// (convert/convert_gemma4.go). Every other <arch>.* key is listed, so the model can say it was not read. Which layers hold attn_k / attn_v (a layer without v_proj takes V = K: llama.cpp
// gemma4.cpp) is one letter per layer: B both (or a fused attn_qkv), K only K, - neither.
void gemma_shape(const GgufFile& f, ojson& sh) {
    const std::string& arch = f.shape.architecture;
    const std::string a = arch + ".";
    // A whole number, also where early Gemma 3n conversions wrote it as a float32 (shared_kv_layers: llama.cpp PR
    // #14450 made it a uint32).
    auto put = [&](const char* k, const std::string& key) {
        const GgufKv* kv = f.find(a + key);
        if (!kv) return;
        const GgufValue& v = kv->value;
        const bool real = v.type == GgufType::f32 || v.type == GgufType::f64;
        if (v.is_int() && v.i > 0) sh[k] = v.i;
        else if (real && v.f > 0 && v.f < 1e9 && v.f == std::floor(v.f)) sh[k] = int64_t(v.f);
    };
    put("key_length_swa", "attention.key_length_swa");
    put("value_length_swa", "attention.value_length_swa");
    put("shared_kv_layers", "attention.shared_kv_layers");
    put("embedding_length_per_layer_input", "embedding_length_per_layer_input");
    put("altup_num_inputs", "altup.num_inputs");
    if (const GgufKv* kv = f.find(a + "attention.sliding_window_pattern")) {
        if (kv->value.type == GgufType::array && !kv->value.numbers.empty()) {
            ojson p = ojson::array();
            for (double x : kv->value.numbers) p.push_back(x != 0 ? 1 : 0);
            sh["sliding_window_pattern"] = std::move(p);
        } else if (kv->value.is_int() && kv->value.i > 0) {
            sh["sliding_window_period"] = kv->value.i;   // an older converter's one period, as set_swa_pattern reads it
        }
    }
    if (!f.shape.n_ff_per_layer.empty()) sh["feed_forward_length_per_layer"] = f.shape.n_ff_per_layer;
    const size_t L = f.bytes.layer.size();
    std::string kv_letters(L, '-');
    std::vector<unsigned> has(L, 0);
    for (const GgufTensor& t : f.tensors) {
        std::string_view rest;
        const int64_t il = layer_of(t.name, &rest);
        if (il >= 0 && size_t(il) < L) {
            if (rest.substr(0, 7) == "attn_k." || rest.substr(0, 9) == "attn_qkv.") has[size_t(il)] |= 1;
            if (rest.substr(0, 7) == "attn_v." || rest.substr(0, 9) == "attn_qkv.") has[size_t(il)] |= 2;
            if (il == 0 && rest == "laurel_l.weight" && t.n_dims == 2) sh["laurel_rank"] = t.ne[1];
        } else if (t.name == "per_layer_token_embd.weight" && t.n_dims == 2) {
            sh["per_layer_vocab_size"] = t.ne[1];
        }
    }
    for (size_t il = 0; il < L; ++il) kv_letters[il] = has[il] == 3 ? 'B' : has[il] == 1 ? 'K' : has[il] == 2 ? 'V' : '-';
    sh["layer_kv"] = kv_letters;
    static const char* read[] = {
        "context_length", "embedding_length", "block_count", "feed_forward_length", "vocab_size",
        "attention.head_count", "attention.head_count_kv", "attention.key_length", "attention.value_length",
        "attention.key_length_swa", "attention.value_length_swa", "attention.sliding_window",
        "attention.sliding_window_pattern", "attention.shared_kv_layers", "embedding_length_per_layer_input",
        "expert_count", "expert_used_count", "expert_feed_forward_length",
        // numerics that change no size: norms' epsilon, RoPE, logit soft-capping, Gemma 3n's AltUp index and
        // activation sparsity (a top-k of the gate, same weights)
        "attention.layer_norm_rms_epsilon", "rope.freq_base", "rope.freq_base_swa", "rope.dimension_count",
        "rope.dimension_count_swa", "final_logit_softcapping", "altup.active_idx", "altup.num_inputs",
        "activation_sparsity_scale"};
    ojson unread = ojson::array();
    for (const GgufKv& kv : f.metadata) {
        if (kv.key.compare(0, a.size(), a) != 0) continue;
        const std::string suffix = kv.key.substr(a.size());
        // Ollama's blob carries the encoder's keys too (convert/convert_gemma4.go: <arch>.vision.*, <arch>.audio.*);
        // the encoder is sized from its tensors (the summary's vision bytes).
        bool known = suffix.compare(0, 7, "vision.") == 0 || suffix.compare(0, 6, "audio.") == 0;
        for (const char* k : read) known = known || suffix == k;
        if (!known && unread.size() < 16) unread.push_back(detail::utf8_prefix(detail::utf8_clean(kv.key), 96));
    }
    if (!unread.empty()) sh["unread_keys"] = std::move(unread);
}

// DeepSeek-V4 (llama.cpp src/models/deepseek4.cpp load_arch_hparams; conversion/deepseek.py writes the keys): each
// layer's compression ratio, the grouped output projection, the indexer, the hyper-connections and the hash-routed
// layers. The tensors give the bytes; these give the cache (sizing.cpp compressed_kv_bits).
void deepseek4_shape(const GgufFile& f, ojson& sh) {
    const std::string a = f.shape.architecture + ".";
    auto put = [&](const char* k, const std::string& key) {
        if (const GgufKv* kv = f.find(a + key); kv && kv->value.is_int() && kv->value.i > 0) sh[k] = kv->value.i;
    };
    put("output_group_count", "attention.output_group_count");
    put("output_lora_rank", "attention.output_lora_rank");
    put("indexer_head_count", "attention.indexer.head_count");
    put("indexer_key_length", "attention.indexer.key_length");
    put("indexer_top_k", "attention.indexer.top_k");
    put("hyper_connection_count", "hyper_connection.count");
    put("hash_layer_count", "hash_layer_count");
    if (const GgufKv* kv = f.find(a + "attention.compress_ratios"); kv && kv->value.type == GgufType::array) {
        ojson r = ojson::array();
        for (double x : kv->value.numbers) r.push_back(x >= 0 && x == std::floor(x) && x < 1e9 ? int64_t(x) : -1);
        sh["compress_ratios"] = std::move(r);
    }
}

// The Gemma 4 / Gemma 3n keys of a summary (gemma_shape) onto the Model fields model_from_hf_config fills from the
// config.json, so that the file and its config size the same cache: which layers slide (the pattern, else llama.cpp's
// Gemma 3n period of 5), the sliding and full-attention head widths and KV heads, the KV-shared layers (llama.cpp
// n_layer_kv_from_start = n_layer - shared_kv_layers), whether those hold k/v weights, K as V, the double-wide MLP and
// the per-layer embeddings. What does not fit that shape is said in `unknown`, never guessed.
void gemma_model(const json& sh, Model& m, std::string& mixer, const std::vector<int64_t>& kv_per_layer, int64_t window,
                 std::vector<std::string>& unknown) {
    const int L = m.n_layer;
    const bool gemma4 = m.family == "gemma4";
    const std::string who = gemma4 ? "Gemma 4" : "Gemma 3n";
    for (const json& k : sh.value("unread_keys", json::array()))
        if (k.is_string() && unknown.size() < 24)
            unknown.push_back(who + " key '" + detail::utf8_prefix(detail::utf8_clean(k.get<std::string>()), 96) + "' (not read)");
    // Sliding layers.
    const std::vector<int64_t> pattern = get_ints(sh, "sliding_window_pattern", kMaxLayers + 64, 1);
    // A single number is Gemma 3n's period (llama.cpp's default 5); Gemma 4's loader wants the per-layer list.
    const int64_t period = gemma4 ? 0 : get_int(sh, "sliding_window_period", 0, kMaxLayers, 5);
    if (pattern.size() >= size_t(L)) {
        for (int il = 0; il < L; ++il)
            if (mixer[size_t(il)] == 'A' && pattern[size_t(il)]) mixer[size_t(il)] = 'S';
    } else if (period > 1) {
        for (int il = 0; il < L; ++il)   // llama-hparams.cpp set_swa_pattern: the last of each period is dense
            if (mixer[size_t(il)] == 'A' && il % period < period - 1) mixer[size_t(il)] = 'S';
    } else {
        unknown.push_back(who + "'s sliding-window layers (no attention.sliding_window_pattern in the header: sized as full attention)");
    }
    if (window > 0 && window < m.max_ctx) m.swa_window = window;
    else if (!gemma4) std::replace(mixer.begin(), mixer.end(), 'S', 'A');   // as model_from_hf_config
    else if (window == 0 && mixer.find('S') != std::string::npos)
        unknown.push_back("Gemma 4's sliding window (no attention.sliding_window in the header: its layers sized over the whole context)");
    auto sliding = [&](int il) { return mixer[size_t(il)] == 'S'; };
    // Head widths: key_length is the full-attention layers', key_length_swa the sliding ones' (Gemma 3n: one width).
    const int64_t k_full = m.head_dim, k_swa = get_int(sh, "key_length_swa", 0, 1 << 14, 0);
    const int64_t v_full = get_int(sh, "value_length", 0, 1 << 14, 0), v_swa = get_int(sh, "value_length_swa", 0, 1 << 14, 0);
    if (gemma4 || (k_swa > 0 && k_swa != k_full)) {
        if (k_swa == 0) unknown.push_back("Gemma 4's sliding head width (no attention.key_length_swa: sized at key_length)");
        m.head_dim = int(k_swa > 0 ? k_swa : k_full);
        m.head_dim_global = int(k_full);
    }
    if ((v_full && v_full != k_full) || (v_swa && v_swa != m.head_dim))
        unknown.push_back(who + " value lengths unlike the key lengths (llama.cpp refuses them; sized with the key lengths)");
    // KV heads: one count for the sliding layers and one for the full-attention layers (num_global_key_value_heads).
    if (kv_per_layer.size() >= size_t(L)) {
        int64_t n_swa = -1, n_full = -1;
        bool varies = false;
        for (int il = 0; il < L; ++il) {
            if (mixer[size_t(il)] != 'A' && mixer[size_t(il)] != 'S') continue;
            int64_t& n = sliding(il) ? n_swa : n_full;
            if (n >= 0 && n != kv_per_layer[size_t(il)]) varies = true;
            n = std::max(n, kv_per_layer[size_t(il)]);
        }
        if (varies) unknown.push_back(who + "'s KV heads vary within the sliding or the full-attention layers (the largest used)");
        if (n_swa > 0) m.n_head_kv = int(n_swa);
        else if (n_full > 0) m.n_head_kv = int(n_full);
        if (n_full > 0 && n_full != m.n_head_kv) m.n_head_kv_global = int(n_full);
        if (m.n_head_kv < 1 || m.n_head % m.n_head_kv || (m.n_head_kv_global && m.n_head % m.n_head_kv_global))
            fail("gguf", "attention.head_count must be a multiple of each layer's head_count_kv");
    }
    // KV-shared layers: the last shared_kv_layers keep no cache.
    const int64_t shared = get_int(sh, "shared_kv_layers", 0, kMaxLayers, 0);
    if (shared >= L) fail("gguf", "the summary's shared_kv_layers must be below its number of layers");
    m.n_layer_kv_shared = int(shared);
    if (!gemma4 && shared && L - shared != 20)
        unknown.push_back("Gemma 3n's KV-shared layers: llama.cpp keeps the cache of the first 20 layers whatever "
                          "attention.shared_kv_layers says (sized with the header's " + std::to_string(shared) + ")");
    // Which layers hold k / v weights: K as V where a layer has attn_k and no attn_v (llama.cpp gemma4.cpp: V = K, both
    // cached); the KV-shared layers' own k/v weights (Gemma 3n keeps them, Gemma 4 has none).
    const std::string kv = get_str(sh, "layer_kv", kMaxLayers);
    if (kv.size() == size_t(L) && kv.find_first_not_of("BKV-") == std::string::npos) {
        bool own = false, missing = false;
        for (int il = 0; il < L; ++il) {
            const char c = kv[size_t(il)];
            if (il >= L - shared) own = own || c != '-';
            else if (mixer[size_t(il)] != '-' && c != 'B' && c != 'K') missing = true;
            if (c == 'K' && il < L - shared) m.attn_k_eq_v = true;
        }
        if (shared) m.kv_shared_weights = own;
        if (missing) unknown.push_back(who + " layers that should keep a cache hold no attn_k");
    }
    // The MLP: one width, or (use_double_wide_mlp) another for the KV-shared layers.
    const std::vector<int64_t> ff = get_ints(sh, "feed_forward_length_per_layer", kMaxLayers + 64, 1 << 22);
    if (ff.size() >= size_t(L)) {
        m.n_ff = int(ff[0]);
        const int64_t ff_shared = shared ? ff[size_t(L - 1)] : ff[0];
        bool varies = false;
        for (int il = 0; il < L; ++il) varies = varies || ff[size_t(il)] != (il >= L - shared ? ff_shared : ff[0]);
        if (varies) unknown.push_back(who + "'s feed_forward_length varies per layer beyond the KV-shared layers' (the first used)");
        if (ff_shared != m.n_ff) m.n_ff_kv_shared = int(ff_shared);
    }
    // Per-layer embeddings: a table of per_layer_vocab_size rows (the per_layer_token_embd tensor) x n_layer x width.
    m.n_embd_per_layer = int(get_int(sh, "embedding_length_per_layer_input", 0, 1 << 16, 0));
    if (m.n_embd_per_layer) {
        m.n_vocab_per_layer = int(get_int(sh, "per_layer_vocab_size", 0, 1 << 24, 0));
        if (m.n_vocab_per_layer == 0) {
            m.n_vocab_per_layer = m.n_vocab;
            unknown.push_back(who + "'s per-layer embedding table (no per_layer_token_embd tensor: its rows taken as the vocabulary's)");
        }
    }
    if (!gemma4) {
        m.altup_n = int(get_int(sh, "altup_num_inputs", 0, 64, 0));
        m.laurel_rank = int(get_int(sh, "laurel_rank", 0, 1 << 16, 0));
    }
    // As model_from_hf_config: q/k norms and four norms a layer; Gemma 4's MoE block runs the dense MLP beside the
    // experts (a shared expert), with three more norms and the router's scales.
    m.qk_norm = true;
    m.n_norm_per_layer = 4;
    if (gemma4 && m.n_expert > 0) {
        m.n_ff_shared = m.n_ff;
        m.router_scales = true;
        m.n_norm_per_layer = 7;
    }
}

}  // namespace

std::string gguf_summary(const GgufFile& f, std::string_view file_name) {
    const GgufShape& s = f.shape;
    const GgufBytes& b = f.bytes;
    if (s.architecture == "clip")
        fail("gguf", "gguf_mmproj", {});
    if (s.architecture.empty()) fail("gguf", "gguf_no_arch", {});
    if (b.layer.empty()) fail("gguf", "gguf_no_layers", {});
    ojson j;
    j["format"] = kSummaryFormat;
    std::string file(file_name.substr(std::min(file_name.size(), file_name.find_last_of("/\\") + 1)));
    j["file"] = detail::utf8_prefix(detail::utf8_clean(file), 200);
    j["name"] = detail::utf8_clean(s.name);
    j["architecture"] = detail::utf8_clean(s.architecture);
    if (s.file_type >= 0) j["file_type"] = s.file_type;
    j["file_bytes"] = f.file_bytes;
    j["shards"] = f.split_count;
    j["tensors"] = int64_t(f.tensors.size());
    j["chat_template"] = s.has_chat_template;
    bool lm_head = false;   // an output.weight of its own; else the LM head is token_embd (tied)
    for (const GgufTensor& t : f.tensors) lm_head = lm_head || t.name == "output.weight";
    j["tied_embeddings"] = !lm_head;
    ojson sh = ojson::object();
    auto put = [&](const char* k, int64_t v) {
        if (v > 0) sh[k] = v;
    };
    put("block_count", s.n_layer);
    put("context_length", s.n_ctx_train);
    put("embedding_length", s.n_embd);
    put("feed_forward_length", s.n_ff);
    put("head_count", s.n_head);
    put("head_count_kv", s.n_head_kv);
    if (!s.n_head_kv_per_layer.empty()) sh["head_count_kv_per_layer"] = s.n_head_kv_per_layer;
    put("key_length", s.head_dim_k);
    put("value_length", s.head_dim_v);
    put("expert_count", s.n_expert);
    put("expert_used_count", s.n_expert_used);
    put("expert_shared_count", s.n_expert_shared);
    put("expert_feed_forward_length", s.n_ff_expert);
    put("expert_shared_feed_forward_length", s.n_ff_shared);
    put("leading_dense_block_count", s.n_layer_dense_lead);
    put("sliding_window", s.n_swa);
    put("q_lora_rank", s.q_lora_rank);
    put("kv_lora_rank", s.kv_lora_rank);
    put("key_length_mla", s.head_dim_k_mla);
    put("value_length_mla", s.head_dim_v_mla);
    put("nextn_predict_layers", s.n_layer_mtp);
    // The vocabulary: the key, the tokenizer's list, else the embedding table's rows (headers without a
    // tokenizer: test fixtures, some conversions).
    int64_t n_vocab = s.n_vocab;
    for (const GgufTensor& t : f.tensors)
        if (n_vocab == 0 && t.name == "token_embd.weight" && t.n_dims == 2) n_vocab = t.ne[1];
    put("vocab_size", n_vocab);
    put("rope_dimension_count", s.n_rot);
    put("ssm_conv_kernel", s.ssm_d_conv);
    put("ssm_inner_size", s.ssm_d_inner);
    put("ssm_state_size", s.ssm_d_state);
    put("ssm_time_step_rank", s.ssm_dt_rank);
    put("ssm_group_count", s.ssm_n_group);
    put("shortconv_l_cache", s.shortconv_l_cache);
    const bool gemma = s.architecture == "gemma4" || s.architecture == "gemma3n";
    if (gemma) gemma_shape(f, sh);
    if (s.architecture == "deepseek4") deepseek4_shape(f, sh);
    j["shape"] = std::move(sh);
    // The per-layer embedding table (Gemma 3n / 4: per_layer_token_embd, a top-level tensor) is an input embedding,
    // placed with token_embd as llama.cpp does (llama-arch.cpp: LLM_TENSOR_PER_LAYER_TOKEN_EMBD is LLM_TENSOR_LAYER_INPUT,
    // like token_embd); its projection and norm stay with the output, as sizing.cpp places them.
    int64_t ple = 0;
    for (const GgufTensor& t : f.tensors)
        if (gemma && t.name == "per_layer_token_embd.weight") ple += t.bytes;
    // A decode step reads one row of it per token, not the table: token_embd_lookup says how much of token_embd is
    // such a table (as sizing.cpp's WeightBytes::token_embd_lookup for a model sized from its shape).
    ple = std::min(ple, b.top_other);
    j["bytes"] = ojson{{"total", b.total},           {"token_embd", b.token_embd + ple}, {"output", b.output + b.top_other - ple},
                       {"attention", b.attention},   {"ffn_dense", b.ffn_dense},   {"experts", b.experts},
                       {"norms", b.norms},           {"other", b.other},           {"mtp", b.mtp},
                       {"vision", b.vision},         {"layer", b.layer}};
    if (ple > 0) j["bytes"]["token_embd_lookup"] = ple;
    if (b.experts > 0) j["bytes"]["layer_experts"] = b.layer_experts;
    const auto [mixers, ffns] = layer_kinds(f);
    // Mamba-2's gated RMSNorm (blk.N.ssm_norm): always in mamba2 / granitehybrid / nemotron_h, in falcon-h1 only
    // with mamba_rms_norm (llama.cpp loads it TENSOR_NOT_REQUIRED there).
    if (mixers.find_first_of("MP") != std::string::npos) {
        bool norm = false;
        for (const GgufTensor& t : f.tensors) {
            std::string_view rest;
            if (layer_of(t.name, &rest) >= 0 && rest.substr(0, 9) == "ssm_norm.") norm = true;
        }
        j["shape"]["ssm_norm"] = norm;
    }
    // Cross-attention layers cache one image's tokens: max_num_tiles x ((image_size / patch_size)^2 + 1), from the
    // vision keys when the file has its encoder (Ollama's mllama: <arch>.vision.*; llama.cpp's mllama branch:
    // vision.* and vision.cross.mllama.max_num_tiles). A text-only file has none: the model says so.
    if (mixers.find('X') != std::string::npos) {
        const std::string a = s.architecture;
        const int64_t tiles = first_int(f, {a + ".vision.max_num_tiles", "vision.cross.mllama.max_num_tiles"});
        const int64_t image = first_int(f, {a + ".vision.image_size", "vision.image_size"});
        const int64_t patch = first_int(f, {a + ".vision.patch_size", "vision.patch_size"});
        if (tiles > 0 && tiles <= 64 && image > 0 && image <= (1 << 16) && patch > 0 && patch <= image)
            j["shape"]["cross_attn_tokens"] = tiles * ((image / patch) * (image / patch) + 1);
    }
    j["layer_mixer"] = mixers;
    j["layer_ffn"] = ffns;
    j["params"] = ojson{{"total", b.params}, {"experts", b.params_experts}};
    std::map<std::string, int64_t> by_type;
    for (const GgufTensor& t : f.tensors) {
        const GgmlTypeInfo* ti = find_ggml_type_info(t.type);
        by_type[ti ? ti->name : "?"] += t.bytes;
    }
    std::vector<std::pair<std::string, int64_t>> types(by_type.begin(), by_type.end());
    std::stable_sort(types.begin(), types.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    ojson tj = ojson::object();
    for (const auto& [t, n] : types) tj[t] = n;
    j["types"] = std::move(tj);
    if (!f.notes.empty()) j["notes"] = f.notes;
    return j.dump();
}

Model model_from_gguf_summary(std::string_view text) {
    if (text.size() > kMaxSummaryBytes) fail("gguf", "the GGUF summary is larger than 256 KiB; headroom writes a few KB");
    detail::check_json_depth(text, "gguf", 8);
    const json j = detail::parse_json(text);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != kSummaryFormat)
        fail("gguf", std::string("expected the summary headroom writes for a GGUF file (\"format\": \"") + kSummaryFormat +
                         "\"): give --gguf a .gguf file");
    const json sh = j.contains("shape") && j["shape"].is_object() ? j["shape"] : json::object();
    const json by = j.contains("bytes") && j["bytes"].is_object() ? j["bytes"] : json::object();
    const json pj = j.contains("params") && j["params"].is_object() ? j["params"] : json::object();

    auto fw = std::make_shared<FileWeights>();
    fw->file = get_str(j, "file", 200);
    fw->file_bytes = get_int(j, "file_bytes", 1, kMaxFileBytes, 0);
    const int64_t ft = get_int(j, "file_type", -1, 1 << 20, -1);
    const Ftype* ftype = find_ftype(ft);
    fw->file_type = ftype ? ftype->name : "";
    fw->shards = int(get_int(j, "shards", 1, 65536, 1));
    fw->n_tensors = get_int(j, "tensors", 1, 65536 * 65536LL, 1);
    fw->chat_template = j.value("chat_template", false) == true;
    const int64_t cap = fw->file_bytes;
    fw->tensor_bytes = get_int(by, "total", 1, cap, 0);
    fw->token_embd = get_int(by, "token_embd", 0, cap, 0);
    fw->token_embd_lookup = get_int(by, "token_embd_lookup", 0, fw->token_embd, 0);
    fw->output = get_int(by, "output", 0, cap, 0);
    fw->mtp = get_int(by, "mtp", 0, cap, 0);
    fw->vision = get_int(by, "vision", 0, cap, 0);
    fw->layer = get_ints(by, "layer", kMaxLayers, cap);
    fw->layer_experts = get_ints(by, "layer_experts", kMaxLayers, cap);
    if (fw->layer.empty()) fail("gguf", "the summary lists no decoder layers ('bytes.layer')");
    if (fw->layer_experts.empty()) fw->layer_experts.assign(fw->layer.size(), 0);
    if (fw->layer_experts.size() != fw->layer.size()) fail("gguf", "the summary's 'layer_experts' and 'layer' differ in length");
    int64_t sum = fw->token_embd + fw->output + fw->mtp + fw->vision;
    for (size_t i = 0; i < fw->layer.size(); ++i) {
        if (fw->layer_experts[i] > fw->layer[i]) fail("gguf", "the summary's experts of a layer exceed the layer");
        sum += fw->layer[i];
        if (sum > fw->tensor_bytes) fail("gguf", "the summary's groups add up to more than its 'total'");
    }
    fw->params = get_int(pj, "total", 1, int64_t(1) << 52, 1);
    fw->params_experts = get_int(pj, "experts", 0, fw->params, 0);
    if (auto it = j.find("types"); it != j.end() && it->is_object()) {
        for (const auto& [k, v] : it->items()) {
            if (fw->types.size() >= 64) break;
            if (v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= cap)
                fw->types.emplace_back(detail::utf8_prefix(detail::utf8_clean(k), 16), v.get<int64_t>());
        }
        std::stable_sort(fw->types.begin(), fw->types.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    }
    fw->quant = ftype && *ftype->quant ? ftype->quant : "";
    for (size_t i = 0; fw->quant.empty() && i < fw->types.size(); ++i) fw->quant = quant_of_type(fw->types[i].first);

    Model m;
    const std::string arch = get_str(j, "architecture", 64);
    m.id = "custom";
    m.name = get_str(j, "name", 128);
    if (m.name.empty()) m.name = fw->file.empty() ? "GGUF " + arch + " model" : fw->file;
    m.family = arch;
    m.source = "GGUF header" + (fw->file.empty() ? std::string() : " of " + fw->file);
    m.verification = "exact tensor bytes from the GGUF header";
    std::vector<std::string> unknown;
    if (!known_arch(arch)) unknown.push_back("GGUF architecture '" + arch + "'");

    const int L = int(fw->layer.size());
    const int64_t block_count = get_int(sh, "block_count", 1, kMaxLayers, L);
    if (block_count < L) fail("gguf", "the summary lists more layers than its block_count");
    m.n_layer = L;
    m.n_embd = int(get_int(sh, "embedding_length", 1, 1 << 20, 0));
    if (m.n_embd == 0) fail("gguf", "gguf_missing_key", {{"key", "embedding_length"}, {"arch", arch}});
    // Each layer's kinds, as the summary read them from the tensors (checked: a link can carry anything).
    std::string mixer = get_str(j, "layer_mixer", kMaxLayers), ffn = get_str(j, "layer_ffn", kMaxLayers);
    if (mixer.size() != size_t(L) || ffn.size() != size_t(L) || mixer.find_first_not_of("ALMmPXC-") != std::string::npos ||
        ffn.find_first_not_of("DE-") != std::string::npos)
        fail("gguf", "the summary's layer_mixer and layer_ffn must give one letter per layer (A L M m P X C - and D E -)");
    m.n_head = int(get_int(sh, "head_count", 0, 1 << 14, 0));
    std::vector<int64_t> kv_per_layer = get_ints(sh, "head_count_kv_per_layer", kMaxLayers + 64, 1 << 14);
    m.n_head_kv = int(get_int(sh, "head_count_kv", 0, 1 << 14, m.n_head));
    // A model without attention layers (llama.cpp's mamba and mamba2 write head_count 0): the head keys size nothing;
    // one head of the whole width keeps the shape well-formed.
    if (m.n_head == 0 && mixer.find_first_of("APX") == std::string::npos) m.n_head = m.n_head_kv = 1;
    if (m.n_head == 0) fail("gguf", "gguf_missing_key", {{"key", "attention.head_count"}, {"arch", arch}});
    if (m.n_head_kv == 0) m.n_head_kv = m.n_head;
    const int64_t key_length = get_int(sh, "key_length", 0, 1 << 14, 0);
    m.head_dim = int(key_length > 0 ? key_length : m.n_embd / m.n_head);
    if (m.head_dim < 1) fail("gguf", "the header's key_length and embedding_length / head_count are 0");
    m.n_ff = int(get_int(sh, "feed_forward_length", 0, 1 << 22, 0));
    m.n_vocab = int(get_int(sh, "vocab_size", 0, 1 << 24, 0));
    if (m.n_vocab == 0) fail("gguf", "gguf_missing_key", {{"key", "vocab_size (or tokenizer.ggml.tokens)"}, {"arch", arch}});
    m.max_ctx = get_int(sh, "context_length", 1, 100'000'000, 0);
    if (m.max_ctx == 0) fail("gguf", "gguf_missing_key", {{"key", "context_length"}, {"arch", arch}});
    // Tied: no output.weight, the LM head is token_embd (llama.cpp loads it TENSOR_DUPLICATED). Summaries written before
    // the summary said so: the output group holds the norm alone. That guess failed where the output group holds
    // other projections (Gemma 3n's AltUp and per-layer projections: 43 MB against 1/64 of its embeddings, 42 MB).
    if (auto it = j.find("tied_embeddings"); it != j.end() && it->is_boolean()) m.tied_embeddings = it->get<bool>();
    else m.tied_embeddings = fw->output <= (fw->token_embd - fw->token_embd_lookup) / 64;
    m.n_layer_mtp = int(std::min<int64_t>(get_int(sh, "nextn_predict_layers", 0, kMaxLayers, 0), block_count));

    m.n_expert = int(get_int(sh, "expert_count", 0, 1 << 16, 0));
    if (ffn.find('E') != std::string::npos) {
        if (m.n_expert < 2) fail("gguf", "layers hold routed experts but the header's expert_count is below 2");
        m.n_expert_used = int(get_int(sh, "expert_used_count", 1, m.n_expert, 0));
        if (m.n_expert_used == 0) fail("gguf", "the header has expert_count but no expert_used_count");
        m.n_ff_expert = int(get_int(sh, "expert_feed_forward_length", 0, 1 << 22, m.n_ff));
        const int64_t n_shared = get_int(sh, "expert_shared_count", 0, 1 << 10, 0);
        m.n_ff_shared = int(get_int(sh, "expert_shared_feed_forward_length", 0, 1 << 22, n_shared * m.n_ff_expert));
        m.n_layer_dense_lead = int(std::min<size_t>(ffn.find('E'), size_t(L)));
    } else {
        m.n_expert = 0;
    }

    // Multi-head latent attention: the cache holds kv_lora_rank + the RoPE key per token (llama.cpp since 2025).
    m.kv_lora_rank = int(get_int(sh, "kv_lora_rank", 0, 1 << 16, 0));
    if (m.kv_lora_rank > 0) {
        m.q_lora_rank = int(get_int(sh, "q_lora_rank", 0, 1 << 16, 0));
        m.qk_rope_head_dim = int(get_int(sh, "rope_dimension_count", 1, 1 << 12, 64));
        const int64_t k = get_int(sh, "key_length_mla", 0, 1 << 14, key_length);
        m.v_head_dim = int(get_int(sh, "value_length_mla", 0, 1 << 14, get_int(sh, "value_length", 0, 1 << 14, 0)));
        if (k <= m.qk_rope_head_dim || m.v_head_dim < 1) fail("gguf", "the MLA key and value lengths in the header do not add up");
        m.qk_nope_head_dim = int(k - m.qk_rope_head_dim);
        m.head_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
        m.n_head_kv = m.n_head;
    }
    if (m.n_head % m.n_head_kv) fail("gguf", "attention.head_count must be a multiple of head_count_kv");

    // Windowed layers, as llama.cpp slides them.
    const int64_t window = get_int(sh, "sliding_window", 0, 100'000'000, 0);
    const bool gemma4 = arch == "gemma4", gemma3n = arch == "gemma3n";
    if (arch == "deepseek4") {
        // DeepSeek-V4 (deepseek4_shape): every layer keeps the window; compress_ratios gives the rest (hf_config.cpp
        // reads the same from a config.json).
        auto key = [&](const char* k, int64_t hi) {
            const int64_t v = get_int(sh, k, 0, hi, 0);
            if (v == 0) fail("gguf", "gguf_missing_key", {{"key", k}, {"arch", arch}});
            return v;
        };
        m.q_lora_rank = int(key("q_lora_rank", 1 << 16));
        m.qk_rope_head_dim = int(get_int(sh, "rope_dimension_count", 1, m.head_dim, 64));
        m.o_groups = int(key("output_group_count", m.n_head));
        m.o_lora_rank = int(key("output_lora_rank", 1 << 16));
        if (m.n_head % m.o_groups) fail("gguf", "attention.head_count must be a multiple of attention.output_group_count");
        m.index_n_heads = int(key("indexer_head_count", 1 << 12));
        m.index_head_dim = int(key("indexer_key_length", 1 << 12));
        m.index_topk = int(key("indexer_top_k", 1 << 24));
        m.hc_mult = int(get_int(sh, "hyper_connection_count", 0, 64, 0));
        m.n_layer_hash = int(get_int(sh, "hash_layer_count", 0, L, 0));
        m.swa_window = key("sliding_window", 100'000'000);
        std::vector<int64_t> ratios;
        if (auto it = sh.find("compress_ratios"); it != sh.end() && it->is_array() && it->size() <= size_t(kMaxLayers) + 64)
            for (const json& x : *it) ratios.push_back(x.is_number_integer() ? x.get<int64_t>() : -1);
        if (ratios.size() < size_t(L)) fail("gguf", "gguf_missing_key", {{"key", "attention.compress_ratios"}, {"arch", arch}});
        detail::compressed_layer_kinds(ratios, m, mixer, unknown);
        m.router_bias = true;   // exp_probs_b on every layer after the hash-routed ones
    } else if (gemma4 || gemma3n) {
        gemma_model(sh, m, mixer, kv_per_layer, window, unknown);
    } else if (window > 0 && window < m.max_ctx) {
        bool known = true;
        for (int il = 0; il < L; ++il)
            if (mixer[size_t(il)] == 'A' && swa_layer(arch, il, &known)) mixer[size_t(il)] = 'S';
        if (!known) unknown.push_back("the sliding-window layers of '" + arch + "' (sized as full attention)");
        else m.swa_window = window;
    }
    // Recurrent state sizes (llama.cpp's ssm.* keys): Mamba-2 heads x head width, groups of B and C; Gated
    // DeltaNet (qwen3next): group_count key heads of state_size, time_step_rank value heads of inner / heads.
    auto ssm = [&](const char* k, int64_t hi) { return get_int(sh, k, 1, hi, 0); };
    // Falcon-H1's parallel layers ('P') read the same keys as Mamba-2 (llama-model.cpp falcon-h1: time_step_rank is
    // mamba_n_heads, inner_size mamba_d_ssm); its gated norm only where the file has ssm_norm.
    if (mixer.find_first_of("MP") != std::string::npos) {
        m.ssm_n_head = int(ssm("ssm_time_step_rank", 1 << 14));
        const int64_t inner = ssm("ssm_inner_size", 1 << 22);
        m.ssm_d_state = int(ssm("ssm_state_size", 1 << 14));
        m.ssm_n_group = int(get_int(sh, "ssm_group_count", 1, 1 << 10, 1));
        m.conv_kernel = int(ssm("ssm_conv_kernel", 64));
        if (!m.ssm_n_head || !inner || !m.ssm_d_state || !m.conv_kernel)
            fail("gguf", "Mamba layers need ssm.time_step_rank, inner_size, state_size and conv_kernel in the header");
        m.ssm_head_dim = int(std::max<int64_t>(1, inner / m.ssm_n_head));
        if (auto it = sh.find("ssm_norm"); it != sh.end() && it->is_boolean()) m.ssm_norm = it->get<bool>();
    }
    // Mamba-1 ('m': llama.cpp's mamba and jamba): inner width ssm.inner_size, dt rank ssm.time_step_rank, state
    // ssm.state_size per channel (llama-model.cpp LLM_ARCH_MAMBA / LLM_ARCH_JAMBA).
    if (mixer.find('m') != std::string::npos) {
        m.ssm_d_inner = int(ssm("ssm_inner_size", 1 << 22));
        m.ssm_dt_rank = int(ssm("ssm_time_step_rank", 1 << 16));
        m.ssm_d_state = int(ssm("ssm_state_size", 1 << 14));
        m.conv_kernel = int(ssm("ssm_conv_kernel", 64));
        if (!m.ssm_d_inner || !m.ssm_dt_rank || !m.ssm_d_state || !m.conv_kernel)
            fail("gguf", "Mamba-1 layers need ssm.inner_size, time_step_rank, state_size and conv_kernel in the header");
    }
    // Cross-attention layers ('X'): one image's tokens per sequence, from the file's vision keys; a text-only file
    // (Ollama ships the encoder apart) is sized at Llama 3.2 Vision's default, 4 tiles of (560 / 14)^2 + 1 tokens
    // (transformers MllamaVisionConfig), as model_from_hf_config does without a vision_config, and says so.
    if (mixer.find('X') != std::string::npos) {
        m.cross_attn_tokens = get_int(sh, "cross_attn_tokens", 1, 1 << 24, 0);
        if (m.cross_attn_tokens == 0) {
            m.cross_attn_tokens = 4 * ((560 / 14) * (560 / 14) + 1);
            unknown.push_back("the image tokens the cross-attention layers cache (no vision keys in the header: 4 x 1601 assumed)");
        }
    }
    if (mixer.find('L') != std::string::npos) {
        m.lin_n_head_k = int(ssm("ssm_group_count", 1 << 12));
        m.lin_n_head_v = int(ssm("ssm_time_step_rank", 1 << 12));
        m.lin_head_dim_k = int(ssm("ssm_state_size", 1 << 12));
        const int64_t inner = ssm("ssm_inner_size", 1 << 22);
        m.conv_kernel = int(ssm("ssm_conv_kernel", 64));
        if (!m.lin_n_head_k || !m.lin_n_head_v || !m.lin_head_dim_k || !inner || !m.conv_kernel)
            fail("gguf", "linear-attention layers need ssm.group_count, time_step_rank, state_size, inner_size and conv_kernel");
        m.lin_head_dim_v = int(std::max<int64_t>(1, inner / m.lin_n_head_v));
    }
    // Short convolutions ('C', lfm2): each keeps the last l_cache - 1 inputs of width n_embd per sequence (llama.cpp
    // llama-hparams.cpp n_embd_r: n_embd x (n_shortconv_l_cache - 1); its graph asserts l_cache > 1).
    if (mixer.find('C') != std::string::npos) {
        m.conv_kernel = int(get_int(sh, "shortconv_l_cache", 2, 64, 0));
        if (m.conv_kernel == 0) {
            m.conv_kernel = 3;   // LFM2's conv_L_cache (core/data/hf/LiquidAI/LFM2-1.2B/config.json)
            unknown.push_back("short-convolution layers (no shortconv.l_cache in the header; a kernel width of 3 assumed)");
        }
    }
    if (mixer.find('-') != std::string::npos && ffn.find('-') != std::string::npos) {
        for (int il = 0; il < L; ++il)
            if (mixer[size_t(il)] == '-' && ffn[size_t(il)] == '-') {
                unknown.push_back("layers with neither attention, a recurrent block nor an MLP");
                break;
            }
    }
    m.n_layer_swa = int(std::count(mixer.begin(), mixer.end(), 'S'));
    // The per-layer strings only where they say more than n_layer_swa and n_layer_dense_lead do (as
    // model_from_hf_config keeps them).
    const std::string classic_ffn = std::string(size_t(m.n_layer_dense_lead), 'D') +
                                    std::string(size_t(L - m.n_layer_dense_lead), m.n_expert > 0 ? 'E' : 'D');
    // Where layers differ in head width or some keep no cache, which layers slide matters: the string is kept (as
    // model_from_hf_config keeps it).
    if (mixer.find_first_not_of("AS") != std::string::npos || m.head_dim_global || m.n_layer_kv_shared) m.layer_mixer = mixer;
    if (ffn != classic_ffn) m.layer_ffn = ffn;
    // Parameters: counted from the tensors; a token reads the shared part and n_expert_used of n_expert experts.
    // Three significant digits, as model_from_hf_config rounds the size in a name.
    const double b = double(fw->params) / 1e9, scale = std::pow(10.0, 2 - std::floor(std::log10(std::max(b, 1e-6))));
    m.params_b_nominal = std::round(b * scale) / scale;
    for (size_t i = 0; i < unknown.size(); ++i) m.unknown += (i ? "; " : "") + unknown[i];
    m.file = std::move(fw);
    return m;
}

std::string gguf_summary_json(std::string_view data, std::string_view parts_json, std::string_view file_name) {
    return result_json("gguf", [&] {
        const json parts = detail::parse_json(parts_json);
        if (!parts.is_array() || parts.empty() || parts.size() > 256) fail("gguf", "expected 1 to 256 files");
        std::vector<GgufFile> files;
        ojson need = ojson::array();
        bool complete = true;
        size_t at = 0;
        for (const json& p : parts) {
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_unsigned() || !p[1].is_number_unsigned())
                fail("gguf", "each file is [bytes read, file size]");
            const uint64_t len = p[0].get<uint64_t>(), size = p[1].get<uint64_t>();
            if (len > data.size() - at || len > size || size > uint64_t(kMaxFileBytes)) fail("gguf", "the bytes read do not match the files");
            GgufRead r = read_gguf(data.substr(at, size_t(len)), int64_t(size));
            at += size_t(len);
            need.push_back(r.need_bytes);
            complete = complete && r.complete();
            if (r.complete()) files.push_back(std::move(r.file));
        }
        if (!complete) return ojson{{"need_bytes", need}}.dump();
        if (files.size() == 1 && files[0].split_count > 1)
            fail("gguf", "gguf_shard_alone", {{"no", std::to_string(files[0].split_no + 1)}, {"count", std::to_string(files[0].split_count)}});
        GgufFile f = files.size() == 1 ? std::move(files[0]) : combine_gguf_shards(std::move(files));
        return "{\"summary\":" + gguf_summary(f, file_name) + "}";
    });
}

}  // namespace headroom
