// Issue 12, the architectures whose layers are not a plain transformer's, sized from their real config.json
// (tests/data/configs/SOURCES.md, core/data/hf/*/meta.json): parameters against the published figure, and the
// KV cache and state at two contexts against the engine code that allocates them, written out by hand.
#include <type_traits>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "headroom/headroom.hpp"

using namespace headroom;

namespace {

std::string read_source(const std::string& rel) {
    std::ifstream f(std::string(HEADROOM_SOURCE_DIR) + "/" + rel, std::ios::binary);
    if (!f) return {};
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

Report size_config(const std::string& text, int64_t ctx, Engine engine = Engine::llama_cpp) {
    Scenario s;
    s.custom_model = model_from_hf_config(text);
    s.custom_model_origin = "config";
    s.engine = engine;
    s.kv_quant = "f16";
    s.ctx = ctx;
    return evaluate(s);
}

bool says_unknown(const Report& r) {
    for (const Warning& w : r.warnings)
        if (w.code == "unknown_architecture") return true;
    return false;
}

// The cells a sliding layer keeps: vLLM the window; llama.cpp the window and its 512-token micro-batch, padded to 256
// (llama-kv-cache-iswa.cpp: GGML_PAD(min(kv_size, n_swa + n_ubatch), 256)). Never more than the context.
int64_t swa_cells_of(Engine e, int64_t ctx, int64_t window) {
    return std::min(ctx, e == Engine::vllm ? window : (window + 512 + 255) / 256 * 256);
}

// At each context, in llama.cpp and in vLLM: the KV cache `kv(ctx, swa)` bytes at f16 (swa(window): the cells a sliding
// layer keeps in that engine), no recurrent state, nothing unknown.
template <class Kv>
void check_attention_only(const std::string& cfg, std::initializer_list<int64_t> contexts, Kv kv) {
    for (int64_t ctx : contexts)
        for (Engine e : {Engine::llama_cpp, Engine::vllm}) {
            INFO("ctx " << ctx << ", engine " << int(e));
            const Report r = size_config(cfg, ctx, e);
            auto swa = [&](int64_t window) { return swa_cells_of(e, ctx, window); };
            if constexpr (std::is_invocable_v<Kv, int64_t, decltype(swa)>) CHECK(r.memory.kv_cache_bytes == kv(ctx, swa));
            else CHECK(r.memory.kv_cache_bytes == kv(ctx));
            CHECK(r.memory.state_bytes == 0);
            CHECK_FALSE(says_unknown(r));
        }
}

// The bytes a decode step reads at `fill` tokens of context (cached tokens, a 1000-token prompt and half a 500-token
// answer), f16 cache, the model in `quant` on `gpus` H200s at a context of `ctx` (speed.bytes_per_token).
double decode_read_at(const std::string& cfg, Engine e, int64_t fill, const char* quant, int gpus, int64_t ctx) {
    Scenario s;
    s.custom_model = model_from_hf_config(cfg);
    s.custom_model_origin = "config";
    s.engine = e;
    s.kv_quant = "f16";
    s.quant = quant;
    s.gpu = "h200-sxm";
    s.gpus = gpus;
    s.ctx = ctx;
    s.task_in_tokens = 1000;
    s.task_out_tokens = 500;
    s.cached_tokens = fill - 1250;
    return double(evaluate(s).speed.bytes_per_token);
}

}  // namespace

TEST_CASE("Jamba 1.5 Mini: Mamba-1 layers with attention every 8th, experts every other layer") {
    const std::string cfg = read_source("tests/data/configs/jamba-1.5-mini.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.layer_mixer == "mmmmAmmmmmmmAmmmmmmmAmmmmmmmAmmm");   // attn_layer_offset 4, attn_layer_period 8
    CHECK(m.layer_ffn == "DEDEDEDEDEDEDEDEDEDEDEDEDEDEDEDE");     // expert_layer_offset 1, expert_layer_period 2
    // "Jamba-1.5-Mini, with 12B active parameters" (arXiv 2408.12570), 52B total (AI21's model card): 51.57B and
    // 12.11B, both within the rounding of the published labels.
    CHECK(params_total(m) == 51570323328);
    CHECK(params_active(m) == 12110311296);
    CHECK(std::abs(double(params_total(m)) / 52e9 - 1) < 0.01);
    CHECK(std::abs(double(params_active(m)) / 12e9 - 1) < 0.01);
    for (int64_t ctx : {4096, 65536}) {
        INFO(ctx);
        // llama.cpp: K and V (f16) for the 4 attention layers (llama-kv-cache.cpp), 4 x 2 x 8 x 128 x 2 = 16384 bytes a
        // token; per sequence, for the 28 Mamba-1 layers, n_embd_r() = (d_conv - 1) x d_inner = 3 x 8192 and n_embd_s()
        // = d_state x d_inner = 16 x 8192 in F32 (llama-hparams.cpp, ssm_n_group 0; llama-memory-recurrent.cpp):
        // 28 x (24576 + 131072) x 4 = 17432576 bytes.
        const Report r = size_config(cfg, ctx);
        CHECK(r.memory.kv_cache_bytes == 16384 * ctx);
        CHECK(r.memory.state_bytes == 17432576);
        CHECK_FALSE(says_unknown(r));
        // vLLM (model_executor/layers/mamba/mamba_utils.py mamba1_state_shape: conv (d_conv - 1) x intermediate,
        // temporal intermediate x state; both in the model's dtype by default): 28 x (24576 + 131072) x 2.
        const Report v = size_config(cfg, ctx, Engine::vllm);
        CHECK(v.memory.kv_cache_bytes == 16384 * ctx);
        CHECK(v.memory.state_bytes == 8716288);
    }
}

TEST_CASE("Falcon-H1-0.5B: attention and Mamba-2 in parallel in every layer") {
    const std::string cfg = read_source("tests/data/configs/falcon-h1-0.5b.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.layer_mixer == std::string(36, 'P'));
    CHECK(m.n_layer_attention() == 36);
    CHECK(m.n_layer_recurrent() == 36);
    // 521.4M against the size label "0.5B" (no exact count was found published; SOURCES.md).
    CHECK(params_total(m) == 521411104);
    for (int64_t ctx : {4096, 16384}) {
        INFO(ctx);
        // llama.cpp: every layer is in both caches (llama-model.cpp create_memory: filter_attn and filter_recr return
        // true for LLM_ARCH_FALCON_H1). K and V: 36 x 2 x 2 x 64 x 2 = 18432 bytes a token. State, F32: n_embd_r() =
        // 3 x (1536 + 2 x 1 x 128) = 5376, n_embd_s() = 128 x 1536 = 196608: 36 x 201984 x 4 = 29085696 bytes (the
        // released checkpoint's conv state is 1792 wide and its SSM state 24 x 64 x 128: SOURCES.md).
        const Report r = size_config(cfg, ctx);
        CHECK(r.memory.kv_cache_bytes == 18432 * ctx);
        CHECK(r.memory.state_bytes == 29085696);
        CHECK_FALSE(says_unknown(r));
        // vLLM (mamba2_state_shape: conv (d_conv - 1) x (intermediate + 2 groups x state), temporal heads x head_dim x
        // state; the model's dtype): 36 x 201984 x 2.
        const Report v = size_config(cfg, ctx, Engine::vllm);
        CHECK(v.memory.kv_cache_bytes == 18432 * ctx);
        CHECK(v.memory.state_bytes == 14542848);
    }
}

TEST_CASE("a Mamba-1 or parallel layer weighs at 16 bits two bytes per counted parameter") {
    for (const char* path : {"tests/data/configs/jamba-1.5-mini.json", "tests/data/configs/falcon-h1-0.5b.json"}) {
        INFO(path);
        Scenario s;
        s.custom_model = model_from_hf_config(read_source(path));
        s.custom_model_origin = "config";
        s.quant = "f16";
        const Report r = evaluate(s);
        CHECK(r.memory.weights_bytes == 2 * r.params_total);
    }
}

TEST_CASE("Hunyuan-A13B as released: per-layer lists, a shared expert beside 64 routed ones") {
    const std::string cfg = read_source("core/data/hf/tencent/Hunyuan-A13B-Instruct/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.n_expert == 64);
    CHECK(m.n_expert_used == 8);      // moe_topk [8] * 32
    CHECK(m.n_ff_expert == 3072);     // moe_intermediate_size [3072] * 32
    CHECK(m.n_ff_shared == 3072);     // use_mixed_mlp_moe: moe_intermediate_size x num_shared_expert [1] * 32
    CHECK(m.qk_norm);
    // Tencent's modeling_hunyuan.py (HunYuanAttention + query/key layernorm, HunYuanTopKGate, HunYuanMoE with
    // shared_mlp, tied embeddings) gives 80,393,183,232: the vendor's "80 billion" +0.49%. llmfit's safetensors scrape
    // 79,709,921,280 is 0.86% below; the gap matches no tensor group (core/data/hf/.../meta.json params_source).
    CHECK(params_total(m) == 80393183232);
    CHECK(std::abs(double(params_total(m)) / 80e9 - 1) < 0.005);
    // Plain GQA on every layer (llama.cpp LLM_ARCH_HUNYUAN_MOE, vLLM hunyuan_v1.py: one KV cache per layer, no
    // CLA): 32 x 2 x 8 x 128 x 2 = 131072 bytes a token; no state.
    check_attention_only(cfg, {4096, 32768}, [](int64_t ctx) { return 131072 * ctx; });
}

TEST_CASE("Llama 3.2 Vision: cross-attention layers cache one image's tokens, the encoder is its own line") {
    const std::string cfg = read_source("core/data/hf/meta-llama/Llama-3.2-11B-Vision-Instruct/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.n_layer_of('X') == 8);   // cross_attention_layers 3, 8, ..., 38
    CHECK(m.n_layer_of('A') == 32);
    CHECK(m.cross_attn_tokens == 6404);   // max_num_tiles 4 x ((560 / 14)^2 + 1)
    // Text (embed_tokens of vocab + 8 rows, q/k norms and two gates per cross layer) 9,775,192,080 and the vision tower
    // with its projector 895,028,755 (modeling_mllama.py) = 10,670,220,835, the checkpoint's safetensors count to the
    // parameter (core/data/hf/.../meta.json params_source; Meta rounds it to "10.6").
    CHECK(params_total(m) == 9775192080);
    CHECK(m.params_vision == 895028755);
    CHECK(params_total(m) + m.params_vision == 10670220835);
    for (int64_t ctx : {4096, 131072}) {
        INFO(ctx);
        // vLLM mllama.py (the encoder-decoder path): the 32 self-attention layers cache K and V per token, 32 x 2 x 8 x
        // 128 x 2 = 131072 bytes a token; the 8 cross-attention layers cache the image's num_tiles x token_per_chunk
        // (calc_token_per_chunk: (560 // 14)^2 + 1 = 1601) tokens: 8 x 4 x 1601 x 4096 = 209846272 bytes a sequence,
        // whatever the context, and only when there is an image: a text-only request has no encoder tokens and vLLM
        // skips the cross-attention layers (mllama.py: skip_cross_attention = max_encoder_seq_len == 0). llama.cpp
        // has no mllama text model.
        const Report r = size_config(cfg, ctx, Engine::vllm);
        CHECK(r.memory.kv_cache_bytes == 131072 * ctx);
        CHECK(r.memory.state_bytes == 0);
        CHECK_FALSE(says_unknown(r));
        Scenario seeing = r.scenario;
        seeing.images = true;
        const Report rs = evaluate(seeing);
        CHECK(rs.memory.kv_cache_bytes == 131072 * ctx + 209846272);
        // Decode reads the image's K and V each token only when there is one (on a card that holds it all: vLLM runs
        // only from its GPUs' memory).
        Scenario text_h100 = r.scenario, seeing_h100 = seeing;
        text_h100.gpu = seeing_h100.gpu = "h100-sxm";
        const Report rt = evaluate(text_h100), rsh = evaluate(seeing_h100);
        REQUIRE(rsh.fit.fits);
        CHECK(std::llabs(rsh.speed.bytes_per_token - rt.speed.bytes_per_token - 209846272) <= 1);   // a per-layer sum in doubles
    }
    // With images the encoder is loaded at 16 bits beside the text model: memory.vision_bytes.
    Scenario s;
    s.custom_model = m;
    s.custom_model_origin = "config";
    s.images = true;
    CHECK(evaluate(s).memory.vision_bytes == 2 * 895028755);
    // Llama-3.2-90B-Vision: 88.59B with its encoder against Meta's "88.8" (-0.23%).
    const Model big = model_from_hf_config(read_source("core/data/hf/meta-llama/Llama-3.2-90B-Vision-Instruct/config.json"));
    CHECK(big.n_layer_of('X') == 20);
    CHECK(std::abs(double(params_total(big) + big.params_vision) / 88.8e9 - 1) < 0.005);
}

TEST_CASE("Gemma 3n E2B: per-layer embeddings, AltUp, LAuReL, KV-shared layers, two encoders") {
    const std::string cfg = read_source("core/data/hf/google/gemma-3n-E2B-it/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.unknown.empty());
    CHECK(m.n_layer == 30);
    CHECK(m.n_embd_per_layer == 256);
    CHECK(m.n_vocab_per_layer == 262144);
    CHECK(m.altup_n == 4);
    CHECK(m.laurel_rank == 64);
    CHECK(m.n_layer_kv_shared == 10);
    CHECK(m.layer_mixer == "SSSSASSSSASSSSASSSSASSSSASSSSA");   // layer_types: every 5th global, window 512
    CHECK(m.swa_window == 512);
    // transformers modeling_gemma3n.py, counted by hand: embed_tokens 262400 x 2048 = 537,395,200; the per-layer
    // embedding table 262144 x (30 x 256) = 2,013,265,920; per_layer_model_projection 2048 x 7680 and its norm (256);
    // AltUp's 2 x 3 projections of 2048 x 2048; the final norm; 30 layers of 62,153,296 (q, o 2048 x 2048, k, v 2048 x
    // 512, q/k norms 2 x 256, four norms, the GeGLU MLP 3 x 2048 x 8192; AltUp 2048 + 16 + 64 + 2048 x 4 + 2048;
    // LAuReL 2 x 2048 x 64 + 2048; the per-layer gate and projection 2 x 2048 x 256 + 2048) = 4,456,156,768.
    CHECK(params_total(m) == 4456156768);
    // Google: "an effective memory load of just under 2 billion (1.91B) parameters" (ai.google.dev/gemma/docs/gemma-3n):
    // the text model without its two embedding tables, 1,905,495,648 (-0.24%).
    const double effective = double(params_total(m)) - 262400.0 * 2048 - 262144.0 * 30 * 256;
    CHECK(effective == 1905495648);
    CHECK(std::abs(effective / 1.91e9 - 1) < 0.005);
    // The encoders with their embedders (Gemma3nMultimodalEmbedder): audio 681,348,640 (the subsampling convolutions
    // 1,611,040 and 12 conformer blocks of 56,644,800) + 3,345,408, vision 294,284,096 (KerasHub's count of the same
    // MobileNet-V5) + 4,460,544: "over 5 billion parameters are loaded" in all (Google), 5,439,595,456.
    CHECK(m.params_vision == 983438688);
    // Only the first 20 layers cache K and V: llama.cpp sets n_layer_kv_from_start = 20 for LLM_ARCH_GEMMA3N
    // (llama-hparams.h has_kv), vLLM gives the 10 layers with a kv_sharing_target_layer_name no cache (gemma3n.py).
    // Of those 20, 4 are global (every ctx token) and 16 slide (the last 512): 2 x 2 x 256 x 2 = 2048 bytes a token
    // and layer at f16. All 30 layers would cache 6 x ctx + 24 x 512 tokens.
    check_attention_only(cfg, {4096, 32768}, [](int64_t ctx, auto swa) { return 2048 * (4 * ctx + 16 * swa(512)); });
    CHECK(size_config(cfg, 4096, Engine::vllm).memory.kv_cache_bytes == 50331648);
    CHECK(size_config(cfg, 32768, Engine::vllm).memory.kv_cache_bytes == 285212672);
    // At 16 bits every counted parameter weighs two bytes; the encoders come only with images.
    Scenario s;
    s.custom_model = m;
    s.custom_model_origin = "config";
    s.quant = "f16";
    const Report r = evaluate(s);
    CHECK(r.memory.weights_bytes == 2 * r.params_total);
    CHECK(r.memory.vision_bytes == 0);
    // Decode reads every weight each token but the per-layer table, which is only looked up (a row a token, like the
    // input embedding; the tied head is the other table, read whole): the weights less the table, plus the KV cache read.
    const double table = 2.0 * 262144 * 30 * 256;
    CHECK(double(r.speed.bytes_per_token) >= double(r.memory.weights_bytes) - table);
    CHECK(double(r.speed.bytes_per_token) <= double(r.memory.weights_bytes) - table + double(r.memory.kv_cache_bytes));
    s.images = true;
    CHECK(evaluate(s).memory.vision_bytes == 2 * 983438688);
}

TEST_CASE("Gemma 3n E4B's shape (Gemma3nTextConfig's defaults) meets its safetensors count") {
    // transformers configuration_gemma3n.py: Gemma3nTextConfig's defaults are the E4B (35 layers, MLP 16384, 15
    // KV-shared layers, the rest as E2B); E2B's encoders are the E4B's. No E4B config.json is in the repository: the
    // text_config here is Gemma3nTextConfig() as its defaults spell it.
    std::string cfg = read_source("core/data/hf/google/gemma-3n-E2B-it/config.json");
    REQUIRE(!cfg.empty());
    const size_t a = cfg.find("\"text_config\": {"), b = cfg.find("\n },", a);
    REQUIRE((a != std::string::npos && b != std::string::npos));
    cfg.replace(a, b + 3 - a, "\"text_config\": {\"model_type\": \"gemma3n_text\"}");
    const Model m = model_from_hf_config(cfg);
    CHECK(m.unknown.empty());
    CHECK(m.n_layer == 35);
    CHECK(m.n_layer_kv_shared == 15);
    CHECK(params_total(m) == 6866696688);
    // google/gemma-3n-E4B-it's safetensors: 7,849,978,128 BF16 parameters (BudEcosystem/simulator
    // BudSimulator/model_finder/data/hf_models.json, model_size.parameters.BF16): +0.002%.
    CHECK(std::abs(double(params_total(m) + m.params_vision) / 7849978128.0 - 1) < 0.0001);
    // 35 - 15 = 20 layers keep a cache, as in E2B (llama.cpp's fixed 20 agrees): the same bytes.
    CHECK(size_config(cfg, 32768).memory.kv_cache_bytes == 285212672 + 2048 * 16 * 512);   // llama.cpp: 1024 cells, not 512
    CHECK(size_config(cfg, 32768, Engine::vllm).memory.kv_cache_bytes == 285212672);
}

TEST_CASE("EmbeddingGemma: a bidirectional Gemma 3 is an encoder, no cache, its count unchanged") {
    const std::string cfg = read_source("core/data/hf/google/embeddinggemma-300m/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.encoder_only);   // Gemma3TextModel, use_bidirectional_attention: true
    // 24 Gemma 3 layers of d 768 and the 262144 x 768 embedding, the final norm kept: 302,863,104 ("300M", model card).
    CHECK(params_total(m) == 302863104);
    for (int64_t ctx : {512, 2048}) {
        const Report r = size_config(cfg, ctx);
        CHECK(r.memory.kv_cache_bytes == 0);   // the input is read at once: no cache (as BERT, ModernBERT)
        bool encoder = false;
        for (const Warning& w : r.warnings) encoder |= w.code == "encoder_model";
        CHECK(encoder);
        CHECK_FALSE(says_unknown(r));
    }
}

TEST_CASE("MLA (DeepSeek V3.1, Kimi K2): the compressed latent and the shared RoPE key per token and layer") {
    for (const char* path : {"core/data/hf/deepseek-ai/DeepSeek-V3.1/config.json", "core/data/hf/moonshotai/Kimi-K2-Instruct/config.json"}) {
        INFO(path);
        const std::string cfg = read_source(path);
        REQUIRE(!cfg.empty());
        // llama.cpp (llama-kv-cache.cpp, an MLA model: K holds kv_lora_rank + n_rot = 512 + 64 per token and layer,
        // no V: has_v = !is_mla) and vLLM (MLA attention: one head of kv_lora_rank + qk_rope_head_dim) alike: 61
        // layers x 576 x 2 bytes = 70,272 bytes a token at f16. DeepSeek V3.1's MTP layer is not loaded for
        // generation (llama.cpp: n_layer_kv_from_start = n_layer - nextn_predict_layers), so it has no cache here.
        check_attention_only(cfg, {4096, 131072}, [](int64_t ctx) { return 70272 * ctx; });
    }
}

TEST_CASE("GLM-4.5, MiniMax M2.7, ERNIE 4.5: plain GQA caches on every layer, the MTP modules none") {
    // llama.cpp (llama-kv-cache.cpp: n_embd_k_gqa + n_embd_v_gqa = 2 x n_head_kv x head_dim a token and layer; an MTP /
    // NextN layer is past n_layer_kv_from_start = n_layer - nextn_predict_layers) and vLLM (one KV cache per attention
    // layer; the MTP modules only with a speculative config) alike, at f16:
    const std::pair<const char*, int64_t> cases[] = {
        {"core/data/hf/zai-org/GLM-4.5/config.json", 92 * 2 * 8 * 128 * 2},              // 376,832 bytes a token
        {"core/data/hf/MiniMaxAI/MiniMax-M2.7/config.json", 62 * 2 * 8 * 128 * 2},       // 253,952 (attn_type_list all 1)
        {"core/data/hf/baidu/ERNIE-4.5-0.3B-Base-PT/config.json", 18 * 2 * 2 * 128 * 2},  // 18,432
    };
    for (const auto& [path, per_token] : cases) {
        INFO(path);
        const std::string cfg = read_source(path);
        REQUIRE(!cfg.empty());
        check_attention_only(cfg, {4096, 131072}, [per_token = per_token](int64_t ctx) { return per_token * ctx; });
    }
}

TEST_CASE("DeepSeek V3.2's sparse attention: the indexer's key cached beside the latent (llama.cpp)") {
    const std::string cfg = read_source("core/data/hf/deepseek-ai/DeepSeek-V3.2/config.json");
    REQUIRE(!cfg.empty());
    for (int64_t ctx : {4096, 131072}) {
        INFO(ctx);
        // llama.cpp llama-kv-cache-dsa.cpp: a second llama_kv_cache for the lightning indexer, one key head of
        // indexer_head_size (128) at the cache's type_k, K only as for MLA, beside the 576-element latent: 61 x (576 + 128)
        // x 2 = 85,888 bytes a token at f16. (vLLM keeps the indexer key in FP8 with a scale: not this figure.)
        const Report r = size_config(cfg, ctx, Engine::llama_cpp);
        CHECK(r.memory.kv_cache_bytes == 85888 * ctx);
        CHECK_FALSE(says_unknown(r));
    }
}

TEST_CASE("Gemma 4 31B and 26B-A4B: wider global layers with K as V, a MoE block beside the dense MLP") {
    // transformers modeling_gemma4.py (Gemma4TextAttention, Gemma4TextMLP, Gemma4TextRouter, Gemma4TextDecoderLayer),
    // counted by hand (core/data/hf/google/gemma-4-*/meta.json says where each config was read). A sliding layer: q and
    // o (heads x 256), k and v (KV heads x 256), q_norm and k_norm (256); a global layer (every 6th and the last): q and
    // o (heads x 512), only k (num_global_key_value_heads x 512: attention_k_eq_v, no v_proj), q_norm and k_norm (512);
    // every layer four norms, a GeGLU MLP and a layer_scalar; the tied 262144-row embedding and the final norm.
    const std::string big = read_source("core/data/hf/google/gemma-4-31B-it/config.json");
    REQUIRE(!big.empty());
    const Model m = model_from_hf_config(big);
    CHECK(m.unknown.empty());
    CHECK(m.head_dim == 256);
    CHECK(m.head_dim_global == 512);
    CHECK(m.n_head_kv_global == 4);
    CHECK(m.attn_k_eq_v);
    CHECK(m.layer_mixer == "SSSSSASSSSSASSSSSASSSSSASSSSSASSSSSASSSSSASSSSSASSSSSASSSSSA");
    // 50 sliding layers of 478,959,105 and 10 global of 534,009,857 + 1,409,291,520 = 30,697,345,340: the model card's
    // "30.7B" (-0.009%; sophgo/LLM-TPU models/Gemma4/config/README.md, NVIDIA's NIM card alike), without the vision
    // encoder of ~550M listed apart.
    CHECK(params_total(m) == 30697345340);
    CHECK(std::abs(double(params_total(m)) / 30.7e9 - 1) < 0.0005);
    // The vision encoder (Gemma4VisionModel: 27 layers of 1152, the patch projection, a 2 x 10240 x 1152 position table)
    // and its embedder (1152 -> 5376): 575,741,232, the card's "~550M".
    CHECK(m.params_vision == 575741232);
    // A GGUF at Q4_K_M (llama.cpp's mix, sizing.cpp): "Q4_K_M 18.7e9" bytes in steampunque/gemma-4-31B-it-MP-GGUF's card
    // (read in a mirror, thisissparta.cloud-ip.cc/steampunque/gemma-4-31B-it-MP-GGUF); headroom 18.68e9 (-0.1%).
    Scenario q;
    q.custom_model = m;
    q.custom_model_origin = "config";
    q.quant = "q4_k_m";
    CHECK(std::abs(double(evaluate(q).memory.weights_bytes) / 18.7e9 - 1) < 0.003);
    // KV cache (llama.cpp gemma4-iswa.cpp: K and V per layer, V = K where there is no v_proj, both cached; vLLM gemma4.py
    // likewise loads K into both halves of qkv_proj): a sliding layer 2 x 16 x 256 x 2 = 16,384 bytes a token for the
    // last 1024 tokens, a global layer 2 x 4 x 512 x 2 = 8,192 bytes for every token. One head width for all would be
    // 60 x 16,384 x ctx at 131072: 128.8 GB instead of 11.6.
    check_attention_only(big, {4096, 131072}, [](int64_t ctx, auto swa) { return 50 * 16384 * swa(1024) + 10 * 8192 * ctx; });
    CHECK(size_config(big, 4096, Engine::vllm).memory.kv_cache_bytes == 1174405120);
    CHECK(size_config(big, 131072, Engine::vllm).memory.kv_cache_bytes == 11576279040);

    const std::string moe = read_source("core/data/hf/google/gemma-4-26B-A4B/config.json");
    REQUIRE(!moe.empty());
    const Model e = model_from_hf_config(moe);
    CHECK(e.unknown.empty());
    CHECK(e.n_expert == 128);
    CHECK(e.n_expert_used == 8);
    CHECK(e.n_ff_expert == 704);
    CHECK(e.n_ff_shared == 2112);   // the dense MLP every token runs, beside the experts
    CHECK(e.router_scales);
    CHECK(e.n_norm_per_layer == 7);
    // Each layer adds to the 31B's kind of layer the router (2816 x 128, a scale of 2816, a per-expert scale of 128), 128
    // experts of gate_up (2 x 704) and down (704) and three norms: 25,233,141,790 against the card's "25.2B" (+0.13%);
    // active (8 experts) 3,822,530,590 against "3.8B" (its rounding).
    CHECK(params_total(e) == 25233141790);
    CHECK(params_active(e) == 3822530590);
    CHECK(std::abs(double(params_total(e)) / 25.2e9 - 1) < 0.005);
    CHECK(std::abs(double(params_active(e)) / 3.8e9 - 1) < 0.05 / 3.8);
    CHECK(e.params_vision == 572794416);   // standardize: a bias and a scale of 1152 more; the embedder 1152 -> 2816
    // 25 sliding layers x 2 x 8 x 256 x 2 = 8,192 bytes a token (last 1024), 5 global x 2 x 2 x 512 x 2 = 4,096.
    check_attention_only(moe, {4096, 131072}, [](int64_t ctx, auto swa) { return 25 * 8192 * swa(1024) + 5 * 4096 * ctx; });
    CHECK(size_config(moe, 131072, Engine::vllm).memory.kv_cache_bytes == 2894069760);
}

TEST_CASE("Gemma 4 E2B and E4B: per-layer embeddings, KV-shared layers without k/v weights, double-wide MLPs") {
    const std::string cfg = read_source("core/data/hf/google/gemma-4-E2B-it/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.unknown.empty());
    CHECK(m.n_layer == 35);
    CHECK(m.n_layer_kv_shared == 20);
    CHECK_FALSE(m.kv_shared_weights);
    CHECK(m.n_ff_kv_shared == 12288);   // use_double_wide_mlp: the 20 KV-shared layers' MLP is 2 x 6144
    CHECK(m.n_embd_per_layer == 256);
    CHECK(m.altup_n == 0);
    CHECK(m.laurel_rank == 0);
    CHECK_FALSE(m.attn_k_eq_v);
    CHECK(m.n_head_kv_global == 0);   // no K as V: the global layers keep num_key_value_heads (1), 512 wide
    // Counted by hand (modeling_gemma4.py): the embedding 262144 x 1536, the per-layer table 262144 x 35 x 256 =
    // 2,348,810,240, per_layer_model_projection 1536 x 8960 and its norm; 15 layers with their own K and V (12 sliding,
    // 3 global) and 20 KV-shared ones (q, o, q_norm only; 16 sliding, 4 global) whose MLP is 12288 wide; in each, the
    // per-layer gate and projection 2 x 1536 x 256 and a norm: 4,628,569,379. With the encoders (vision 168,544,704:
    // 16 layers of 768 with clipping bounds, the position table; audio 307,184,384: the subsampling convolutions, 12
    // conformer layers of 1024, output_proj; both embedders) 5,104,298,467: the card's "5.1B with embeddings"; without
    // the two embedding tables 2,352,835,043: its "2.3B effective" (+2.3%, within the card's "~150M" vision and "~300M"
    // audio).
    CHECK(params_total(m) == 4628569379);
    CHECK(m.params_vision == 168544704 + 307184384);
    CHECK(std::abs(double(params_total(m) + m.params_vision) / 5.1e9 - 1) < 0.05 / 5.1);
    // Only the first 15 layers cache (llama.cpp LLM_ARCH_GEMMA4: n_layer_kv_from_start = n_layer - num_kv_shared_layers;
    // vLLM: kv_sharing_target_layer_name): 12 sliding x 2 x 1 x 256 x 2 = 1,024 bytes a token (last 512), 3 global x
    // 2 x 1 x 512 x 2 = 2,048.
    check_attention_only(cfg, {4096, 131072}, [](int64_t ctx, auto swa) { return 12 * 1024 * swa(512) + 3 * 2048 * ctx; });
    CHECK(size_config(cfg, 131072, Engine::vllm).memory.kv_cache_bytes == 811597824);
    // At 16 bits every counted parameter weighs two bytes (the layer scalars are among the 16-bit vectors here).
    Scenario s;
    s.custom_model = m;
    s.custom_model_origin = "config";
    s.quant = "f16";
    const Report r = evaluate(s);
    CHECK(r.memory.weights_bytes == 2 * r.params_total);

    // E4B (a release-time snapshot of its config: jax-llm-examples hf_configs.py): 42 layers of 2560, 18 KV-shared, no
    // double-wide MLP; its audio keys in the older conf_* / sscp_* spelling, read as the same. 7,463,013,418 text +
    // 169,331,136 vision + 308,757,248 audio = 7,941,101,802: the card's "8B with embeddings"; 4,451,440,874 without
    // the two tables: "4.5B effective".
    const std::string e4 = read_source("core/data/hf/google/gemma-4-E4B-it/config.json");
    REQUIRE(!e4.empty());
    const Model b = model_from_hf_config(e4);
    CHECK(b.unknown.empty());
    CHECK(params_total(b) == 7463013418);
    CHECK(b.params_vision == 169331136 + 308757248);
    CHECK(std::abs(double(params_total(b) + b.params_vision - params_lookup(b)) / 4.5e9 - 1) < 0.05 / 4.5);
    // 24 layers cache: 20 sliding x 2 x 2 x 256 x 2 = 2,048 bytes a token (last 512), 4 global x 2 x 2 x 512 x 2 = 4,096.
    check_attention_only(e4, {4096, 131072}, [](int64_t ctx, auto swa) { return 20 * 2048 * swa(512) + 4 * 4096 * ctx; });
}

TEST_CASE("Gemma 4 12B (gemma4_unified): Gemma 4's text model, no encoders, two light embedders") {
    // transformers modeling_gemma4_unified.py: the text model is Gemma 4's (48 layers of 3840, every 6th global with
    // 512-wide heads and K as V on 1 KV head, no per-layer embeddings, no experts); images go through
    // Gemma4UnifiedVisionEmbedder (LayerNorm of 48 x 48 x 3 = 6912, a dense 6912 -> 3840 with bias, LayerNorm, a 1120 x 2 x
    // 3840 position table, LayerNorm, the 3840 -> 3840 projection: 49,922,304), audio frames through the projection alone
    // (640 -> 3840: 2,457,600). 11,907,350,320 + 52,379,904 = 11,959,730,224: "11.95B per the model card" as
    // labindex.pages.dev quotes it (+0.08%).
    const std::string cfg = read_source("core/data/hf/google/gemma-4-12B-it/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.unknown.empty());
    CHECK(m.head_dim_global == 512);
    CHECK(m.n_head_kv_global == 1);
    CHECK(params_total(m) == 11907350320);
    CHECK(m.params_vision == 49922304 + 2457600);
    CHECK(std::abs(double(params_total(m) + m.params_vision) / 11.95e9 - 1) < 0.005);
    // 40 sliding layers x 2 x 8 x 256 x 2 = 8,192 bytes a token (last 1024), 8 global x 2 x 1 x 512 x 2 = 2,048.
    check_attention_only(cfg, {4096, 131072}, [](int64_t ctx, auto swa) { return 40 * 8192 * swa(1024) + 8 * 2048 * ctx; });
    // Gemma 4 keys that would change the shape and are not modelled are said too (E2B's config with one added).
    const std::string e2b = read_source("core/data/hf/google/gemma-4-E2B-it/config.json");
    const size_t at = e2b.find("\"text_config\": {");
    REQUIRE(at != std::string::npos);
    for (const char* key : {"\"routed_layer_pattern\": [1, 0],", "\"use_bidirectional_attention\": \"all\","}) {
        INFO(key);
        std::string cfg2 = e2b;
        cfg2.insert(at + 16, std::string("\n    ") + key);
        const std::string k = key;
        std::string bad = cfg2;
        // the key may already be there (null): drop the later duplicate so the added value is the one read
        const size_t dup = bad.find(k.substr(0, k.find(':') + 1), at + 16 + k.size());
        if (dup != std::string::npos) bad.erase(dup, bad.find('\n', dup) - dup);
        CHECK(says_unknown(size_config(bad, 4096)));
    }
}

TEST_CASE("a config's model_type is its family: llama.cpp's tensor split is refused for MiniMax-M2 and OLMo 2 from a config too") {
    // The catalog says "MiniMax-M2" and "OLMo 2"; a config.json says model_type "minimax_m2" and "olmo2" (validate.cpp,
    // tensor_split_refused). Before, a pasted config of either was split as if llama.cpp ran it so.
    for (const char* rel : {"core/data/hf/MiniMaxAI/MiniMax-M2.7/config.json", "core/data/hf/allenai/OLMo-2-1124-7B-Instruct/config.json"}) {
        INFO(rel);
        const std::string cfg = read_source(rel);
        REQUIRE(!cfg.empty());
        Scenario s;
        s.custom_model = model_from_hf_config(cfg);
        s.model = "custom";
        s.gpu = "h100-sxm";
        s.gpus = 2;
        s.split_mode = "tensor";
        const auto e = validate(s);
        REQUIRE(e);
        CHECK(e->field == "split_mode");
        CHECK(e->code == "split_mode_tensor_arch");
        s.split_mode = "layer";
        CHECK(!validate(s));
    }
}

TEST_CASE("DeepSeek-V4: compressed attention, hyper-connections, FP4 experts: counts equal the checkpoint's tensors") {
    // The released checkpoints' tensor listings (DeepSeek-V4-Flash: 69,187 tensors in 46 safetensors; the shapes by name in
    // core/data/hf/deepseek-ai/DeepSeek-V4-Flash/meta.json's source), summed by hand: per layer wq_a 1024x4096, q_norm,
    // wq_b 32768x1024, wkv 512x4096, kv_norm, wo_a 8192x4096, wo_b 4096x8192, attn_sink 64, two norms, hc_attn/hc_ffn
    // (24x16384 + 24 + 3 each), the router 256x4096 (+256 bias from layer 3), 256 experts of 3 x 2048x4096 (FP4, two a
    // byte: counted as weights) and a shared one; ratio-4 layers a compressor (wkv, wgate 1024x4096, ape 4x1024, norm
    // 512) and an indexer (wq_b 8192x1024, weights_proj 64x4096, its compressor 256x4096 x2, ape 4x256, norm 128),
    // ratio-128 layers a compressor (512x4096 x2, ape 128x512, norm 512); embed and head 129280x4096, norm, hc_head
    // (4x16384 + 4 + 1). 284.33B against the report's "284B" (arXiv 2606.19348), the MTP layer's 6.61B beside it.
    const std::string flash = read_source("core/data/hf/deepseek-ai/DeepSeek-V4-Flash/config.json");
    const std::string pro = read_source("core/data/hf/deepseek-ai/DeepSeek-V4-Pro/config.json");
    REQUIRE(!flash.empty());
    REQUIRE(!pro.empty());
    const Model f = model_from_hf_config(flash), p = model_from_hf_config(pro);
    CHECK(f.unknown.empty());
    CHECK(p.unknown.empty());
    CHECK(f.layer_mixer == "SS" + [] { std::string s; for (int i = 0; i < 20; ++i) s += "KH"; return s; }() + "K");
    CHECK(f.n_layer_of('K') == 21);
    CHECK(f.n_layer_of('H') == 20);
    CHECK(p.n_layer_of('K') == 30);
    CHECK(p.n_layer_of('H') == 31);
    CHECK(params_total(f) == 284332240471);
    CHECK(params_active(f) == 13799632471);
    CHECK(f.params_mtp == 6610048891);   // mtp.0.*: a window-only layer with its own 256 experts, e_proj, h_proj, hc_head
    CHECK(params_total(p) == 1572997201763);   // "1.6T" (49B activated: 48.85B without the input embedding)
    CHECK(params_active(p) - int64_t(p.n_vocab) * p.n_embd == 48852402019);
    // The catalog holds the same models as the configs say.
    const Model* cf = catalog().find_model("deepseek-v4-flash");
    REQUIRE(cf);
    CHECK(params_total(*cf) == params_total(f));
    CHECK(cf->swa_window == 128);
    const Model* cp = catalog().find_model("deepseek-v4-pro");
    REQUIRE(cp);
    CHECK(cp->swa_window == 128);   // Pro has no window-only layer: the window still comes through
    CHECK(cp->index_topk == 1024);
    // As released (quant mxfp4: FP4 experts with a scale per 32, the other matrices FP8, embedding and head BF16): the
    // listing's 148.65 GiB of tensors less the MTP layer's 3.35 GiB (its experts 3 x 1 GiB and their scales 192 MiB,
    // attention 102 MiB, e_proj and h_proj 32, shared expert 24, the rest 5) is 145.30 GiB; headroom counts the
    // compressors (BF16 there, 0.28 GiB) at 8 bits.
    Scenario as_released;
    as_released.model = "deepseek-v4-flash";
    as_released.quant = "mxfp4";
    as_released.engine = Engine::vllm;
    as_released.gpu = "h200-sxm";
    as_released.gpus = 2;
    CHECK(double(evaluate(as_released).memory.weights_bytes) / (1 << 30) == Approx(145.30).epsilon(0.005));
    // A ratio the parser does not know is said, not sized silently.
    // (The saved file lists one ratio a line: layer 2's "4," then layer 3's "128,".)
    std::string odd = flash;
    const size_t at = odd.find("\"compress_ratios\"");
    REQUIRE(at != std::string::npos);
    const size_t heavy = odd.find("128,", at);
    REQUIRE(heavy != std::string::npos);
    odd.replace(heavy, 4, " 64,");
    CHECK_FALSE(model_from_hf_config(odd).unknown.empty());   // two heavy ratios (64 and 128) are said...
    odd = flash;
    odd.replace(odd.find("4,", at), 2, "3,");
    CHECK_FALSE(model_from_hf_config(odd).unknown.empty());   // ...and a sparse ratio other than 4
}

TEST_CASE("DeepSeek-V4's cache: a window in every layer, one entry per 4 or 128 tokens, the indexer's keys (vLLM, llama.cpp)") {
    const std::string flash = read_source("core/data/hf/deepseek-ai/DeepSeek-V4-Flash/config.json");
    const std::string pro = read_source("core/data/hf/deepseek-ai/DeepSeek-V4-Pro/config.json");
    REQUIRE(!flash.empty());
    REQUIRE(!pro.empty());
    auto pad = [](int64_t n) { return (n + 255) / 256 * 256; };
    for (int64_t ctx : {4096, 1048576}) {
        INFO(ctx);
        // llama.cpp (src/llama-kv-cache-dsv4.cpp, PR #24162), F16: every layer a ring of PAD256(min(ctx, 128 + 512)) rows of
        // 512; the 21 ratio-4 layers PAD256(ctx / 4) entries of 512 and as many indexer keys of 128; the 20 ratio-128 layers
        // PAD256(ctx / 128) entries. At 1M: 32.25 + 5376 + 1344 + 160 MiB. The compressors' FP32 state per sequence: 2 x 8
        // x 1024 x 4 + 2 x 8 x 256 x 4 bytes per ratio-4 layer, 2 x 128 x 512 x 4 per ratio-128 layer.
        const Report l = size_config(flash, ctx, Engine::llama_cpp);
        CHECK(l.memory.kv_cache_bytes ==
              43 * pad(std::min<int64_t>(ctx, 640)) * 1024 + 21 * pad(ctx / 4) * (1024 + 256) + 20 * pad(ctx / 128) * 1024);
        CHECK(l.memory.state_bytes == 21 * (65536 + 16384) + 20 * 524288);
        CHECK_FALSE(says_unknown(l));
        // vLLM (vllm/models/deepseek_v4/attention.py get_kv_cache_spec), BF16: the window of 128, ctx / 4 and ctx / 128
        // entries of 1024 bytes, indexer keys of 256. Pro at 1M: 9.62 GiB, the figure of vLLM's launch post.
        const Report v = size_config(pro, ctx, Engine::vllm);
        CHECK(v.memory.kv_cache_bytes == 61 * std::min<int64_t>(ctx, 128) * 1024 + 30 * (ctx / 4) * (1024 + 256) + 31 * (ctx / 128) * 1024);
        if (ctx == 1048576) CHECK(std::round(double(v.memory.kv_cache_bytes) / (1 << 30) * 100) / 100 == 9.62);
    }
    // vLLM's FP8 cache (fp8_ds_mla): 448 FP8 values, 64 BF16 rotary values and 8 bytes of scales an entry (584 bytes), the
    // indexer key 128 FP8 values and an FP32 scale (132).
    Scenario s;
    s.custom_model = model_from_hf_config(flash);
    s.custom_model_origin = "config";
    s.engine = Engine::vllm;
    s.kv_quant = "fp8";
    s.ctx = 1048576;
    CHECK(evaluate(s).memory.kv_cache_bytes == int64_t(43) * 128 * 584 + int64_t(21) * 262144 * (584 + 132) + int64_t(20) * 8192 * 584);
}

TEST_CASE("DeepSeek-V4's decode reads: vLLM gathers the indexer's top-k entries, llama.cpp reads them all") {
    const std::string flash = read_source("core/data/hf/deepseek-ai/DeepSeek-V4-Flash/config.json");
    REQUIRE(!flash.empty());
    // The bytes a decode step reads at a fill of 400,000 and 800,000 tokens (cached + prompt + half the answer): past
    // 4 x index_topk tokens a sparse layer's entries read stay 512 in vLLM (vllm sparse_mla.py: FlashMLA gathers the
    // indexer's picks), so what grows is every indexer key and every ratio-128 entry; llama.cpp masks the others and
    // reads every entry (src/models/deepseek4.cpp).
    auto read_at = [&](Engine e, int64_t fill) { return decode_read_at(flash, e, fill, "mxfp4", 4, 1048576); };
    const double dv = read_at(Engine::vllm, 800000) - read_at(Engine::vllm, 400000);
    const double dl = read_at(Engine::llama_cpp, 800000) - read_at(Engine::llama_cpp, 400000);
    CHECK(dv == Approx(21.0 * 100000 * 256 + 20.0 * 3125 * 1024).margin(64));
    CHECK(dl == Approx(21.0 * 100000 * (1024 + 256) + 20.0 * 3125 * 1024).margin(64));
}

TEST_CASE("DeepSeek V3.2's sparse attention: vLLM reads the indexer's 2048 picks and every indexer key, llama.cpp every latent") {
    // The bytes a decode step reads at fills of 60,000 and 120,000 tokens, f16 cache: in vLLM (FlashMLA's sparse
    // kernels) the 2048 latents read stay 2048, what grows is the 128-wide indexer key of every token, 61 layers; llama.cpp
    // masks the unpicked ones and reads every 576-wide latent and key (llama-graph.cpp build_attn: kq_mask_top_k).
    const std::string cfg = read_source("core/data/hf/deepseek-ai/DeepSeek-V3.2/config.json");
    REQUIRE(!cfg.empty());
    CHECK(model_from_hf_config(cfg).index_topk == 2048);
    auto read_at = [&](Engine e, int64_t fill) { return decode_read_at(cfg, e, fill, "fp8", 8, 131072); };
    CHECK(read_at(Engine::vllm, 120000) - read_at(Engine::vllm, 60000) == Approx(61.0 * 60000 * 128 * 2).margin(64));
    CHECK(read_at(Engine::llama_cpp, 120000) - read_at(Engine::llama_cpp, 60000) == Approx(61.0 * 60000 * (576 + 128) * 2).margin(64));
}

TEST_CASE("GLM-5.2 / 5.3's shared indexers: 57 of 78 layers reuse the last full layer's picks, with no indexer of their own") {
    // transformers modeling_glm_moe_dsa.py GlmMoeDsaAttention: indexer None where indexer_types[i] == "shared" (the layer
    // takes prev_topk_indices); llama.cpp keeps indexer keys only for the full layers (llama-model.cpp filter_lid:
    // is_indexer_full(il)). An indexer: wq_b 2048 -> 32 x 128, wk 6144 -> 128, k_norm (weight and bias), weights_proj
    // 6144 -> 32 = 9,371,904 parameters, so GLM-5.3 counts 57 of them fewer than GLM-5, layer for layer the same shape.
    const std::string cfg = read_source("core/data/hf/zai-org/GLM-5.3/config.json");
    const std::string glm5 = read_source("core/data/hf/zai-org/GLM-5/config.json");
    REQUIRE(!cfg.empty());
    REQUIRE(!glm5.empty());
    const Model m = model_from_hf_config(cfg), g = model_from_hf_config(glm5);
    CHECK(m.unknown.empty());
    CHECK(m.n_layer_of('a') == 57);   // three full, then one full in every four
    CHECK(m.layer_mixer.substr(0, 10) == "AAAaaaAaaa");
    CHECK(m.n_layer_dense_lead == 3);
    CHECK(params_total(g) - params_total(m) == int64_t(57) * 9371904);
    for (int64_t ctx : {4096, 131072}) {
        INFO(ctx);
        // f16: 21 layers x (512 + 64 latent + 128 indexer key) and 57 x 576 elements a token (llama.cpp and vLLM).
        CHECK(size_config(cfg, ctx, Engine::llama_cpp).memory.kv_cache_bytes == (21 * 704 + 57 * 576) * 2 * ctx);
        CHECK(size_config(cfg, ctx, Engine::vllm).memory.kv_cache_bytes == (21 * 704 + 57 * 576) * 2 * ctx);
    }
    // A list that does not start with a full indexer is said.
    std::string odd = cfg;
    const size_t at = odd.find("\"full\"", odd.find("\"indexer_types\""));
    REQUIRE(at != std::string::npos);
    odd.replace(at, 6, "\"shared\"");
    CHECK_FALSE(model_from_hf_config(odd).unknown.empty());
}

TEST_CASE("MiniMax-M3: 57 block-sparse layers with a lightning indexer, one index key a token, 2048 tokens attended") {
    // Shapes as sglang python/sglang/srt/models/minimax_m3.py builds them (vLLM vllm/models/minimax_m3, transformers
    // modeling_minimax_m3_vl.py alike), summed by hand: every layer q 6144 -> 64 x 128, k and v 6144 -> 4 x 128, o, a
    // 128-wide q and k norm, two norms; the 57 sparse layers an indexer (index_q_proj 6144 -> 4 x 128, index_k_proj 6144
    // -> 128, two 128-wide norms: no index value path) and 128 experts of 3072 + a shared one + a biased router; the 3
    // dense layers an MLP of 12288; untied 200064-row embedding and head. 426.17B: MiniMax's "approximately 428B" less
    // the vision tower this text config leaves out.
    const std::string cfg = read_source("core/data/hf/MiniMaxAI/MiniMax-M3/config.json");
    REQUIRE(!cfg.empty());
    const Model m = model_from_hf_config(cfg);
    CHECK(m.unknown.empty());
    CHECK(m.n_layer_of('B') == 57);
    CHECK(m.n_layer_dense_lead == 3);
    CHECK(m.n_ff == 12288);
    CHECK(params_total(m) == 426174572928);
    for (int64_t ctx : {4096, 131072}) {
        INFO(ctx);
        // K and V of 4 x 128 in every layer at f16, and each sparse layer's 128-wide index key: F32 in llama.cpp
        // (llama-kv-cache.cpp k_idx), BF16 in vLLM (indexer_kv_dtype's default); ik_llama.cpp runs dense attention, none.
        CHECK(size_config(cfg, ctx, Engine::llama_cpp).memory.kv_cache_bytes == (60 * 2048 + 57 * 512) * ctx);
        CHECK(size_config(cfg, ctx, Engine::vllm).memory.kv_cache_bytes == (60 * 2048 + 57 * 256) * ctx);
        CHECK(size_config(cfg, ctx, Engine::ik_llama_cpp).memory.kv_cache_bytes == 60 * 2048 * ctx);
    }
    // A decode step in vLLM (sparse kernels gather the picked blocks) reads 2048 tokens' K and V on a sparse layer and
    // every index key; llama.cpp masks the others and reads all.
    auto read_at = [&](Engine e, int64_t fill) { return decode_read_at(cfg, e, fill, "fp8", 8, 262144); };
    CHECK(read_at(Engine::vllm, 200000) - read_at(Engine::vllm, 100000) == Approx(100000.0 * (3 * 2048 + 57 * 256)).margin(64));
    CHECK(read_at(Engine::llama_cpp, 200000) - read_at(Engine::llama_cpp, 100000) ==
          Approx(100000.0 * (60 * 2048 + 57 * 512)).margin(64));
}
