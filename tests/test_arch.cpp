// Issue 12, the architectures whose layers are not a plain transformer's, sized from their real config.json
// (tests/data/configs/SOURCES.md, core/data/hf/*/meta.json): parameters against the published figure, and the
// KV cache and state at two contexts against the engine code that allocates them, written out by hand.
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

// At each context, llama.cpp and vLLM alike: the KV cache `kv(ctx)` bytes at f16, no recurrent state, nothing unknown.
template <class Kv>
void check_attention_only(const std::string& cfg, std::initializer_list<int64_t> contexts, Kv kv) {
    for (int64_t ctx : contexts)
        for (Engine e : {Engine::llama_cpp, Engine::vllm}) {
            INFO("ctx " << ctx << ", engine " << int(e));
            const Report r = size_config(cfg, ctx, e);
            CHECK(r.memory.kv_cache_bytes == kv(ctx));
            CHECK(r.memory.state_bytes == 0);
            CHECK_FALSE(says_unknown(r));
        }
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
        // Decode reads the image's K and V each token only when there is one.
        CHECK(std::llabs(rs.speed.bytes_per_token - r.speed.bytes_per_token - 209846272) <= 1);   // a per-layer sum in doubles
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
    check_attention_only(cfg, {4096, 32768}, [](int64_t ctx) { return 2048 * (4 * ctx + 16 * 512); });
    CHECK(size_config(cfg, 4096).memory.kv_cache_bytes == 50331648);
    CHECK(size_config(cfg, 32768).memory.kv_cache_bytes == 285212672);
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
    CHECK(size_config(cfg, 32768).memory.kv_cache_bytes == 285212672);
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
