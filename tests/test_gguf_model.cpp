// Sizing from a GGUF header (core/src/gguf_model.cpp, docs/gguf.md "Sizing from the header"): headers written
// here byte by byte, read, summarized, carried in a scenario's `gguf` field and evaluated; the CLI's reading of a
// file on disk (native-cli/gguf_file.cpp), split shards included; summaries tampered with as a link could be.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../native-cli/gguf_file.hpp"
#include "gguf_writer.hpp"
#include "headroom/gguf.hpp"
#include "headroom/headroom.hpp"

using namespace headroom;
using namespace headroom::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string summary_of(const Writer& w, const std::string& name = "model.gguf") {
    GgufRead r = read_gguf(w.header(), w.file_bytes());
    REQUIRE(r.complete());
    return gguf_summary(r.file, name);
}

Report evaluate_gguf(const std::string& summary, json extra = json::object()) {
    extra["gguf"] = json::parse(summary);
    if (!extra.contains("gpu")) extra["gpu"] = "h100-sxm";
    if (!extra.contains("ctx")) extra["ctx"] = 4096;
    return evaluate(scenario_from_json(extra.dump()));
}

std::string error_of(const std::string& scenario_json) {
    try {
        scenario_from_json(scenario_json);
    } catch (const InputError& e) {
        CHECK(e.field == "gguf");
        return e.message;
    }
    return "<none>";
}

bool has_warning(const Report& r, const std::string& code) {
    for (const Warning& w : r.warnings)
        if (w.code == code) return true;
    return false;
}

// A dense llama: 4 layers of d 512, GQA 8/2 heads of 64, Q4_K with Q6_K attn_v and head (file type Q4_K_M).
Writer dense_llama() {
    Writer w;
    const int64_t d = 512, ff = 1536, V = 2048;
    w.str("general.architecture", "llama").str("general.name", "Tiny Llama").u32("general.file_type", 15);
    w.u32("llama.block_count", 4).u32("llama.context_length", 8192).u32("llama.embedding_length", uint32_t(d));
    w.u32("llama.feed_forward_length", uint32_t(ff)).u32("llama.attention.head_count", 8).u32("llama.attention.head_count_kv", 2);
    w.u32("llama.vocab_size", uint32_t(V)).str("tokenizer.chat_template", "{{ messages }}");
    w.tensor("token_embd.weight", Q4_K, {d, V}).tensor("output_norm.weight", F32, {d}).tensor("output.weight", Q6_K, {d, V});
    w.tensor("rope_freqs.weight", F32, {32});
    for (int il = 0; il < 4; ++il) {
        const std::string p = "blk." + std::to_string(il) + ".";
        w.tensor(p + "attn_norm.weight", F32, {d}).tensor(p + "attn_q.weight", Q4_K, {d, d}).tensor(p + "attn_k.weight", Q4_K, {d, 128});
        w.tensor(p + "attn_v.weight", Q6_K, {d, 128}).tensor(p + "attn_output.weight", Q4_K, {d, d});
        w.tensor(p + "ffn_norm.weight", F32, {d}).tensor(p + "ffn_gate.weight", Q4_K, {d, ff});
        w.tensor(p + "ffn_up.weight", Q4_K, {d, ff}).tensor(p + "ffn_down.weight", Q6_K, {ff, d});
    }
    return w;
}

}  // namespace

TEST_CASE("gguf sizing: a dense file's exact bytes, parameters and format replace the estimate", "[gguf][sizing]") {
    const Writer w = dense_llama();
    GgufRead read = read_gguf(w.header(), w.file_bytes());
    REQUIRE(read.complete());
    const GgufFile& f = read.file;
    const Report r = evaluate_gguf(summary_of(w, "/some/dir/tiny-Q4_K_M.gguf"));
    CHECK(r.model.id == "custom");
    CHECK(r.model.name == "Tiny Llama");
    CHECK(r.scenario.quant == "q4_k_m");   // general.file_type 15
    CHECK(r.model.n_layer == 4);
    CHECK(r.model.head_dim == 64);
    CHECK(r.model.n_head_kv == 2);
    CHECK(r.model.max_ctx == 8192);
    CHECK(r.memory.weights_bytes == f.bytes.total);   // every tensor is loaded: no MTP, no encoder
    int64_t elements = 0;
    for (const GgufTensor& t : f.tensors) elements += t.elements();
    CHECK(r.params_total == elements);
    CHECK(r.params_active == elements);
    // KV: 4 layers x 4096 tokens x (K + V of 2 heads x 64) x 2 bytes.
    CHECK(r.memory.kv_cache_bytes == 4 * 4096 * 2 * 2 * 64 * 2);
    REQUIRE(r.model.file);
    CHECK(r.model.file->file == "tiny-Q4_K_M.gguf");   // the name, not the path
    CHECK(r.model.file->file_type == "Q4_K_M");
    CHECK(r.model.file->chat_template);
    CHECK(r.model.file->types.front().first == "Q4_K");
    CHECK(r.launch.command.find("llama-server -m tiny-Q4_K_M.gguf") == 0);
    CHECK(!has_warning(r, "unknown_architecture"));
    const json j = json::parse(report_to_json(r));
    CHECK(j["scenario"]["model"] == "custom");
    CHECK(j["scenario"]["gguf_file"] == "tiny-Q4_K_M.gguf");
    CHECK(j["model"]["gguf"]["tensor_bytes"] == f.bytes.total);
    CHECK(j["model"]["gguf"]["file_type"] == "Q4_K_M");
    CHECK(nlohmann::ordered_json::parse(report_to_json(r))["model"]["gguf"]["types"].begin().key() == "Q4_K");   // largest first
    // The same shape from the catalog's nominal mix differs: the file's own bytes are what count.
    Scenario est;
    est.custom_model = model_from_gguf_summary(summary_of(w));
    est.custom_model->file.reset();
    est.custom_model_origin = "config";
    est.gpu = "h100-sxm";
    est.ctx = 4096;
    CHECK(evaluate(est).memory.weights_bytes != r.memory.weights_bytes);
}

TEST_CASE("gguf sizing: experts, a dense lead, MLA, sliding windows and Mamba layers from the header", "[gguf][sizing]") {
    SECTION("MoE: the layers holding _exps tensors route; a token reads n_expert_used of n_expert") {
        Writer w;
        const int64_t d = 256, fe = 128, E = 8;
        w.str("general.architecture", "qwen3moe").u32("qwen3moe.block_count", 3).u32("qwen3moe.context_length", 32768);
        w.u32("qwen3moe.embedding_length", uint32_t(d)).u32("qwen3moe.feed_forward_length", 768);
        w.u32("qwen3moe.attention.head_count", 4).u32("qwen3moe.attention.head_count_kv", 2).u32("qwen3moe.attention.key_length", 64);
        w.u32("qwen3moe.expert_count", uint32_t(E)).u32("qwen3moe.expert_used_count", 2).u32("qwen3moe.expert_feed_forward_length", uint32_t(fe));
        w.tensor("token_embd.weight", Q8_0, {d, 512}).tensor("output.weight", Q8_0, {d, 512});
        w.tensor("blk.0.attn_q.weight", Q8_0, {d, d}).tensor("blk.0.ffn_up.weight", Q8_0, {d, 768}).tensor("blk.0.ffn_down.weight", Q8_0, {768, d});
        for (int il = 1; il < 3; ++il) {
            const std::string p = "blk." + std::to_string(il) + ".";
            w.tensor(p + "attn_q.weight", Q8_0, {d, d}).tensor(p + "ffn_gate_inp.weight", F32, {d, E});
            w.tensor(p + "ffn_up_exps.weight", Q4_K, {d, fe, E}).tensor(p + "ffn_down_exps.weight", Q8_0, {fe, d, E});
        }
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(r.model.n_expert == 8);
        CHECK(r.model.n_expert_used == 2);
        CHECK(r.model.n_layer_dense_lead == 1);
        CHECK(r.model.layer_ffn.empty());   // a dense lead then experts: the classic layout
        const int64_t experts = 2 * (d * fe * E + fe * d * E);
        CHECK(r.params_active == r.params_total - experts * 6 / 8);
        CHECK(r.scenario.quant == "q8_0");   // no file type: the largest tensor type
    }
    SECTION("MLA: the cache holds the latent and the RoPE key") {
        Writer w;
        w.str("general.architecture", "deepseek2").u32("deepseek2.block_count", 2).u32("deepseek2.context_length", 163840);
        w.u32("deepseek2.embedding_length", 512).u32("deepseek2.feed_forward_length", 1024).u32("deepseek2.attention.head_count", 16);
        w.u32("deepseek2.attention.head_count_kv", 1).u32("deepseek2.attention.key_length", 576).u32("deepseek2.attention.value_length", 512);
        w.u32("deepseek2.attention.key_length_mla", 192).u32("deepseek2.attention.value_length_mla", 128);
        w.u32("deepseek2.attention.kv_lora_rank", 512).u32("deepseek2.attention.q_lora_rank", 1536).u32("deepseek2.rope.dimension_count", 64);
        w.tensor("token_embd.weight", Q8_0, {512, 1024}).tensor("output.weight", Q8_0, {512, 1024});
        for (int il = 0; il < 2; ++il) {
            const std::string p = "blk." + std::to_string(il) + ".";
            w.tensor(p + "attn_q_a.weight", Q8_0, {512, 1536}).tensor(p + "attn_kv_a_mqa.weight", Q8_0, {512, 576});
            w.tensor(p + "ffn_up.weight", Q8_0, {512, 1024}).tensor(p + "ffn_down.weight", Q8_0, {1024, 512});
        }
        const Report r = evaluate_gguf(summary_of(w), {{"engine", "llama.cpp"}});
        CHECK(r.model.is_mla());
        CHECK(r.model.qk_rope_head_dim == 64);
        CHECK(r.model.qk_nope_head_dim == 128);
        CHECK(r.model.v_head_dim == 128);
        CHECK(r.memory.kv_cache_bytes == 2 * 4096 * (512 + 64) * 2);
    }
    SECTION("deepseek4: compress_ratios give each layer's cache (window, 1 in 4 with indexer keys, 1 in 128)") {
        // The keys llama.cpp's loader reads (src/models/deepseek4.cpp load_arch_hparams; names in llama-arch.cpp), on a
        // toy shape: 4 layers with ratios 0, 4, 128, 4 (and one more, the MTP layer's, that the main file ignores).
        // The header's keys on `layers` layers; with `ratios` false, without attention.compress_ratios.
        auto header = [](uint32_t layers, bool ratios) {
            Writer w;
            w.str("general.architecture", "deepseek4").u32("deepseek4.block_count", layers).u32("deepseek4.context_length", 1048576);
            w.u32("deepseek4.embedding_length", 256).u32("deepseek4.attention.head_count", 8).u32("deepseek4.attention.head_count_kv", 1);
            w.u32("deepseek4.attention.key_length", 512).u32("deepseek4.attention.value_length", 512).u32("deepseek4.rope.dimension_count", 64);
            w.u32("deepseek4.attention.q_lora_rank", 128).u32("deepseek4.attention.output_group_count", 2).u32("deepseek4.attention.output_lora_rank", 64);
            w.u32("deepseek4.attention.sliding_window", 128);
            if (ratios) w.i32s("deepseek4.attention.compress_ratios", {0, 4, 128, 4, 0});
            w.u32("deepseek4.attention.indexer.head_count", 4).u32("deepseek4.attention.indexer.key_length", 128).u32("deepseek4.attention.indexer.top_k", 512);
            w.u32("deepseek4.hyper_connection.count", 4).u32("deepseek4.hash_layer_count", 1);
            w.u32("deepseek4.expert_count", 8).u32("deepseek4.expert_used_count", 2).u32("deepseek4.expert_feed_forward_length", 128);
            w.tensor("token_embd.weight", Q8_0, {256, 1024}).tensor("output.weight", Q8_0, {256, 1024});
            for (uint32_t il = 0; il < layers; ++il) {
                const std::string p = "blk." + std::to_string(il) + ".";
                w.tensor(p + "attn_q_a.weight", Q8_0, {256, 128}).tensor(p + "attn_kv.weight", Q8_0, {256, 512});
                w.tensor(p + "ffn_gate_exps.weight", Q8_0, {256, 128, 8}).tensor(p + "ffn_down_exps.weight", Q8_0, {128, 256, 8});
            }
            return w;
        };
        const Writer w = header(4, true);
        const Report r = evaluate_gguf(summary_of(w), {{"engine", "llama.cpp"}, {"ctx", 65536}});
        CHECK(r.model.is_compressed());
        CHECK(r.model.layer_mixer == "SKHK");
        CHECK(r.model.index_topk == 512);
        CHECK(r.model.unknown.empty());
        CHECK_FALSE(has_warning(r, "unknown_architecture"));
        CHECK(has_warning(r, "compressed_attention"));
        // llama.cpp (src/llama-kv-cache-dsv4.cpp), F16, rows padded to 256: every layer a ring of min(ctx, 128 + 512)
        // = 640 -> 768 rows of 512; layers 1 and 3: 65536 / 4 = 16384 entries of 512 and as many indexer keys of 128;
        // layer 2: 65536 / 128 = 512 entries.
        CHECK(r.memory.kv_cache_bytes == (4 * 768 * 512 + 2 * 16384 * (512 + 128) + 512 * 512) * 2);
        // A header without the ratios is refused, not sized as full attention.
        const Writer bad = header(4, false);
        json sc = {{"gguf", json::parse(summary_of(bad))}};
        CHECK(error_of(sc.dump()).find("compress_ratios") != std::string::npos);
    }
    SECTION("gemma3: five sliding layers to one global, as llama.cpp slides them") {
        Writer w;
        w.str("general.architecture", "gemma3").u32("gemma3.block_count", 12).u32("gemma3.context_length", 131072);
        w.u32("gemma3.embedding_length", 256).u32("gemma3.feed_forward_length", 512).u32("gemma3.attention.head_count", 4);
        w.u32("gemma3.attention.head_count_kv", 2).u32("gemma3.attention.key_length", 64).u32("gemma3.attention.sliding_window", 1024);
        w.tensor("token_embd.weight", Q8_0, {256, 512});
        for (int il = 0; il < 12; ++il) w.tensor("blk." + std::to_string(il) + ".attn_q.weight", Q8_0, {256, 256});
        const Report r = evaluate_gguf(summary_of(w), {{"ctx", 32768}});
        CHECK(r.model.n_layer_swa == 10);
        CHECK(r.model.swa_window == 1024);
        CHECK(r.model.tied_embeddings);
        // llama.cpp keeps the window plus a 512-token micro-batch in the sliding layers: 1536 cells.
        CHECK(r.memory.kv_cache_bytes == (2 * 32768 + 10 * 1536) * 2 * 2 * 64 * 2);
    }
    SECTION("a hybrid: Mamba-2 layers (ssm tensors) keep a state, MLP-only layers nothing") {
        Writer w;
        w.str("general.architecture", "nemotron_h").u32("nemotron_h.block_count", 3).u32("nemotron_h.context_length", 8192);
        w.u32("nemotron_h.embedding_length", 256).u32("nemotron_h.feed_forward_length", 1024).u32("nemotron_h.attention.head_count", 4);
        w.i32s("nemotron_h.attention.head_count_kv", {0, 2, 0}).u32("nemotron_h.ssm.conv_kernel", 4).u32("nemotron_h.ssm.inner_size", 512);
        w.u32("nemotron_h.ssm.state_size", 128).u32("nemotron_h.ssm.time_step_rank", 8).u32("nemotron_h.ssm.group_count", 2);
        w.tensor("token_embd.weight", Q8_0, {256, 512}).tensor("output.weight", Q8_0, {256, 512});
        w.tensor("blk.0.ssm_in.weight", Q8_0, {256, 1024}).tensor("blk.0.ssm_conv1d.weight", F32, {4, 768}).tensor("blk.0.ssm_a", F32, {8});
        w.tensor("blk.1.attn_q.weight", Q8_0, {256, 256}).tensor("blk.1.attn_k.weight", Q8_0, {256, 128});
        w.tensor("blk.2.ffn_up.weight", Q8_0, {256, 1024}).tensor("blk.2.ffn_down.weight", Q8_0, {1024, 256});
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(r.model.layer_mixer == "MA-");
        CHECK(r.model.layer_ffn == "--D");
        CHECK(r.model.ssm_n_head == 8);
        CHECK(r.model.ssm_head_dim == 64);
        CHECK(r.memory.state_bytes > 0);
        CHECK(r.memory.kv_cache_bytes == 1 * 4096 * 2 * 2 * 64 * 2);
        CHECK(!has_warning(r, "unknown_architecture"));
    }
    SECTION("an architecture the core does not know: sized, and said") {
        Writer u;
        u.str("general.architecture", "newarch").u32("newarch.block_count", 1).u32("newarch.context_length", 4096);
        u.u32("newarch.embedding_length", 64).u32("newarch.attention.head_count", 2).u32("newarch.attention.sliding_window", 512);
        u.tensor("token_embd.weight", F16, {64, 100}).tensor("blk.0.attn_q.weight", F16, {64, 64});
        const Report r = evaluate_gguf(summary_of(u), {{"ctx", 4096}});
        CHECK(has_warning(r, "unknown_architecture"));
        CHECK(r.model.unknown.find("GGUF architecture 'newarch'") != std::string::npos);
        CHECK(r.model.unknown.find("sliding-window layers of 'newarch'") != std::string::npos);
        CHECK(r.model.n_layer_swa == 0);   // sized as full attention: more cache, never less
    }
}

TEST_CASE("gguf sizing: Mamba-1 (jamba, mamba), parallel attention and Mamba-2 (falcon-h1), cross-attention (mllama) layers", "[gguf][sizing]") {
    // Headers as llama.cpp's converter writes them from the configs tests/test_arch.cpp sizes (tests/data/configs,
    // core/data/hf), with the tensors llama.cpp's loader creates per layer (src/models/jamba.cpp, falcon-h1.cpp) or
    // Ollama's (model/models/mllama/model_text.go): the file gives the same cache and state as the config.json.
    SECTION("Jamba 1.5 Mini: ssm_x marks Mamba-1; attention where head_count_kv is not 0; experts every other layer") {
        // conversion/jamba.py JambaModel.set_gguf_parameters: head_count_kv per layer (0 on Mamba layers), ssm.inner_size
        // mamba_expand x d, ssm.time_step_rank mamba_dt_rank; jamba-1.5-mini.json: d 4096, 32 layers, 16 experts.
        Writer w;
        const int64_t d = 4096, di = 8192, ff = 14336, E = 16, R = 256, N = 16;
        std::vector<int32_t> kv(32, 0);
        for (int il = 4; il < 32; il += 8) kv[size_t(il)] = 8;
        w.str("general.architecture", "jamba").u32("jamba.block_count", 32).u32("jamba.context_length", 262144);
        w.u32("jamba.embedding_length", uint32_t(d)).u32("jamba.feed_forward_length", uint32_t(ff)).u32("jamba.attention.head_count", 32);
        w.i32s("jamba.attention.head_count_kv", kv).u32("jamba.ssm.conv_kernel", 4).u32("jamba.ssm.inner_size", uint32_t(di));
        w.u32("jamba.ssm.state_size", uint32_t(N)).u32("jamba.ssm.time_step_rank", uint32_t(R)).u32("jamba.expert_count", uint32_t(E));
        w.u32("jamba.expert_used_count", 2).u32("jamba.vocab_size", 65536);
        w.tensor("token_embd.weight", Q8_0, {d, 65536}).tensor("output_norm.weight", F32, {d}).tensor("output.weight", Q8_0, {d, 65536});
        for (int il = 0; il < 32; ++il) {
            const std::string p = "blk." + std::to_string(il) + ".";
            w.tensor(p + "attn_norm.weight", F32, {d});
            if (kv[size_t(il)] == 0) {
                w.tensor(p + "ssm_in.weight", Q8_0, {d, 2 * di}).tensor(p + "ssm_conv1d.weight", F32, {4, di}).tensor(p + "ssm_conv1d.bias", F32, {di});
                w.tensor(p + "ssm_x.weight", Q8_0, {di, R + 2 * N}).tensor(p + "ssm_dt_norm.weight", F32, {R}).tensor(p + "ssm_dt.weight", Q8_0, {R, di});
                w.tensor(p + "ssm_dt.bias", F32, {di}).tensor(p + "ssm_b_norm.weight", F32, {N}).tensor(p + "ssm_c_norm.weight", F32, {N});
                w.tensor(p + "ssm_a", F32, {N, di}).tensor(p + "ssm_d", F32, {di}).tensor(p + "ssm_out.weight", Q8_0, {di, d});
            } else {
                w.tensor(p + "attn_q.weight", Q8_0, {d, d}).tensor(p + "attn_k.weight", Q8_0, {d, 1024}).tensor(p + "attn_v.weight", Q8_0, {d, 1024});
                w.tensor(p + "attn_output.weight", Q8_0, {d, d});
            }
            w.tensor(p + "ffn_norm.weight", F32, {d});
            if (il % 2 == 1) {
                w.tensor(p + "ffn_gate_inp.weight", F32, {d, E}).tensor(p + "ffn_gate_exps.weight", Q8_0, {d, ff, E});
                w.tensor(p + "ffn_down_exps.weight", Q8_0, {ff, d, E}).tensor(p + "ffn_up_exps.weight", Q8_0, {d, ff, E});
            } else {
                w.tensor(p + "ffn_gate.weight", Q8_0, {d, ff}).tensor(p + "ffn_down.weight", Q8_0, {ff, d}).tensor(p + "ffn_up.weight", Q8_0, {d, ff});
            }
        }
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(r.model.layer_mixer == "mmmmAmmmmmmmAmmmmmmmAmmmmmmmAmmm");   // as model_from_hf_config reads the config
        CHECK(r.model.layer_ffn == "DEDEDEDEDEDEDEDEDEDEDEDEDEDEDEDE");
        CHECK(r.model.ssm_d_inner == 8192);
        CHECK(r.model.ssm_dt_rank == 256);
        // tests/test_arch.cpp, from the config: 16384 bytes a token for the 4 attention layers; 28 Mamba-1 layers x
        // (3 x 8192 + 16 x 8192) x 4 bytes of state (llama.cpp keeps it in F32).
        CHECK(r.memory.kv_cache_bytes == 16384 * 4096);
        CHECK(r.memory.state_bytes == 17432576);
        INFO(r.model.unknown);
        CHECK(!has_warning(r, "unknown_architecture"));
    }
    SECTION("mamba-1.4b: a model without attention (head_count 0), every layer Mamba-1") {
        // The gguf-dump of models/mamba-1.4b-f16.gguf (state-spaces/mamba-1.4b-hf converted by llama.cpp) in
        // danbev/learning-ai notes/architectures/mamba.md: its keys (the f32 epsilon and the tokenizer left out) and its
        // 482 tensors, token_embd, blk.0 and blk.1's ten each as listed (482 = 1 + 48 x 10 + 1), output_norm.
        Writer w;
        w.str("general.architecture", "mamba").str("general.name", "mamba-1.4b-hf").u32("mamba.context_length", 1048576);
        w.u32("mamba.embedding_length", 2048).u32("mamba.feed_forward_length", 0).u32("mamba.attention.head_count", 0);
        w.u32("mamba.block_count", 48).u32("mamba.ssm.conv_kernel", 4).u32("mamba.ssm.inner_size", 4096);
        w.u32("mamba.ssm.state_size", 16).u32("mamba.ssm.time_step_rank", 128).u32("general.file_type", 1);
        w.tensor("token_embd.weight", F16, {2048, 50280});
        for (int il = 0; il < 48; ++il) {
            const std::string p = "blk." + std::to_string(il) + ".";
            w.tensor(p + "ssm_a", F32, {16, 4096}).tensor(p + "ssm_d", F32, {4096}).tensor(p + "ssm_conv1d.bias", F32, {4096});
            w.tensor(p + "ssm_conv1d.weight", F32, {4, 4096}).tensor(p + "ssm_dt.bias", F32, {4096}).tensor(p + "ssm_dt.weight", F32, {128, 4096});
            w.tensor(p + "ssm_in.weight", F16, {2048, 8192}).tensor(p + "ssm_out.weight", F16, {4096, 2048});
            w.tensor(p + "ssm_x.weight", F32, {4096, 160}).tensor(p + "attn_norm.weight", F32, {2048});
        }
        w.tensor("output_norm.weight", F32, {2048});
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(r.model.layer_mixer == std::string(48, 'm'));
        CHECK(r.model.layer_ffn == std::string(48, '-'));
        CHECK(r.model.tied_embeddings);
        CHECK(r.memory.kv_cache_bytes == 0);
        // llama.cpp (llama-hparams.cpp n_embd_r / n_embd_s, F32): 48 x ((4 - 1) x 4096 + 16 x 4096) x 4 bytes a sequence.
        CHECK(r.memory.state_bytes == 48 * (3 * 4096 + 16 * 4096) * 4);
        CHECK(r.speed.decode_tokens_per_s > 0);
        CHECK(std::isfinite(r.speed.decode_tokens_per_s));
        INFO(r.model.unknown);
        CHECK(!has_warning(r, "unknown_architecture"));
    }
    SECTION("Falcon-H1-0.5B: attention and ssm tensors in one layer are the two in parallel") {
        // conversion/falcon_h1.py (Mamba2Model's ssm keys: time_step_rank = inner / d_head heads, group_count, state,
        // conv) and falcon-h1-0.5b.json: 36 layers, d 1024, 8 / 2 heads of 64, 24 Mamba heads of 64, state 128, 1 group.
        // mamba_rms_norm is false: no ssm_norm tensor (llama.cpp loads it TENSOR_NOT_REQUIRED).
        Writer w;
        const int64_t d = 1024, di = 1536, N = 128, H = 24, conv = di + 2 * N;
        w.str("general.architecture", "falcon-h1").u32("falcon-h1.block_count", 36).u32("falcon-h1.context_length", 16384);
        w.u32("falcon-h1.embedding_length", uint32_t(d)).u32("falcon-h1.feed_forward_length", 2048);
        w.u32("falcon-h1.attention.head_count", 8).u32("falcon-h1.attention.head_count_kv", 2).u32("falcon-h1.attention.key_length", 64);
        w.u32("falcon-h1.attention.value_length", 64).u32("falcon-h1.ssm.conv_kernel", 4).u32("falcon-h1.ssm.inner_size", uint32_t(di));
        w.u32("falcon-h1.ssm.state_size", uint32_t(N)).u32("falcon-h1.ssm.time_step_rank", uint32_t(H)).u32("falcon-h1.ssm.group_count", 1);
        w.u32("falcon-h1.vocab_size", 32784);
        w.tensor("token_embd.weight", Q8_0, {d, 32784}).tensor("output.weight", Q8_0, {d, 32784}).tensor("output_norm.weight", F32, {d});
        for (int il = 0; il < 36; ++il) {
            const std::string p = "blk." + std::to_string(il) + ".";
            w.tensor(p + "ssm_in.weight", Q8_0, {d, di + conv + H}).tensor(p + "ssm_conv1d.weight", F32, {4, conv});
            w.tensor(p + "ssm_conv1d.bias", F32, {conv}).tensor(p + "ssm_dt.bias", F32, {H}).tensor(p + "ssm_a", F32, {1, H});
            w.tensor(p + "ssm_d", F32, {1, H}).tensor(p + "ssm_out.weight", Q8_0, {di, d});
            w.tensor(p + "attn_q.weight", Q8_0, {d, 512}).tensor(p + "attn_k.weight", Q8_0, {d, 128}).tensor(p + "attn_v.weight", Q8_0, {d, 128});
            w.tensor(p + "attn_output.weight", Q8_0, {512, d}).tensor(p + "attn_norm.weight", F32, {d}).tensor(p + "ffn_norm.weight", F32, {d});
            w.tensor(p + "ffn_gate.weight", Q8_0, {d, 2048}).tensor(p + "ffn_down.weight", Q8_0, {2048, d}).tensor(p + "ffn_up.weight", Q8_0, {d, 2048});
        }
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(r.model.layer_mixer == std::string(36, 'P'));
        CHECK(r.model.ssm_n_head == 24);
        CHECK(r.model.ssm_head_dim == 64);
        CHECK_FALSE(r.model.ssm_norm);
        // tests/test_arch.cpp, from the config: K and V 36 x 2 x 2 x 64 x 2 = 18432 bytes a token; state 36 x (3 x 1792
        // + 128 x 1536) x 4 bytes.
        CHECK(r.memory.kv_cache_bytes == 18432 * 4096);
        CHECK(r.memory.state_bytes == 29085696);
        INFO(r.model.unknown);
        CHECK(!has_warning(r, "unknown_architecture"));
        // The summary a link carries says whether the gated norm is there.
        CHECK(json::parse(summary_of(w))["shape"]["ssm_norm"] == false);
    }
    SECTION("Llama 3.2 Vision (Ollama's mllama): cross_attn_* layers cache one image's tokens") {
        // The keys of Ollama's text blob (gguf-dump in danbev/learning-ai notes/llama.cpp/llama-3-2-vision.md:
        // mllama.block_count 40, embedding 4096, 32 / 8 heads, attention.cross_attention_layers) with
        // cross_attention_layers from core/data/hf/meta-llama/Llama-3.2-11B-Vision-Instruct/config.json.
        auto mllama = [](bool vision_keys) {
            Writer w;
            const int64_t d = 4096, ff = 14336;
            const std::vector<int32_t> cross = {3, 8, 13, 18, 23, 28, 33, 38};
            w.str("general.architecture", "mllama").u32("mllama.block_count", 40).u32("mllama.context_length", 131072);
            w.u32("mllama.embedding_length", uint32_t(d)).u32("mllama.feed_forward_length", uint32_t(ff));
            w.u32("mllama.attention.head_count", 32).u32("mllama.attention.head_count_kv", 8).u32("mllama.vocab_size", 128256);
            w.u32("mllama.rope.dimension_count", 128).i32s("mllama.attention.cross_attention_layers", cross);
            // The same file with its encoder (llama.cpp's mllama branch in the same notes: vision.image_size 560,
            // vision.patch_size 14, vision.cross.mllama.max_num_tiles 4).
            if (vision_keys) w.u32("vision.image_size", 560).u32("vision.patch_size", 14).u32("vision.cross.mllama.max_num_tiles", 4);
            w.tensor("token_embd.weight", Q4_K, {d, 128256}).tensor("output_norm.weight", F32, {d}).tensor("output.weight", Q6_K, {d, 128256});
            for (int il = 0; il < 40; ++il) {
                const std::string p = "blk." + std::to_string(il) + ".";
                w.tensor(p + "attn_norm.weight", F32, {d});
                if (std::find(cross.begin(), cross.end(), il) != cross.end()) {
                    w.tensor(p + "cross_attn_q_norm.weight", F32, {128}).tensor(p + "cross_attn_q_proj.weight", Q4_K, {d, d});
                    w.tensor(p + "cross_attn_k_norm.weight", F32, {128}).tensor(p + "cross_attn_k_proj.weight", Q4_K, {d, 1024});
                    w.tensor(p + "cross_attn_v_proj.weight", Q4_K, {d, 1024}).tensor(p + "cross_attn_o_proj.weight", Q4_K, {d, d});
                    w.tensor(p + "cross_attn_attn_gate", F32, {1}).tensor(p + "cross_attn_mlp_gate", F32, {1});
                } else {
                    w.tensor(p + "attn_q.weight", Q4_K, {d, d}).tensor(p + "attn_k.weight", Q4_K, {d, 1024});
                    w.tensor(p + "attn_v.weight", Q4_K, {d, 1024}).tensor(p + "attn_output.weight", Q4_K, {d, d});
                }
                w.tensor(p + "ffn_norm.weight", F32, {d}).tensor(p + "ffn_gate.weight", Q4_K, {d, ff});
                w.tensor(p + "ffn_up.weight", Q4_K, {d, ff}).tensor(p + "ffn_down.weight", Q6_K, {ff, d});
            }
            return w;
        };
        for (bool vision_keys : {true, false}) {
            INFO("vision keys: " << vision_keys);
            const Report r = evaluate_gguf(summary_of(mllama(vision_keys)), {{"images", true}});
            CHECK(r.model.n_layer_of('X') == 8);
            CHECK(r.model.n_layer_of('A') == 32);
            CHECK(r.model.cross_attn_tokens == 6404);   // 4 x ((560 / 14)^2 + 1)
            // tests/test_arch.cpp, from the config: 32 x 2 x 8 x 128 x 2 bytes a token, and with an image 8 x 6404 x
            // 4096 a sequence; a text-only request has no image to cache (evaluate.cpp).
            CHECK(r.memory.kv_cache_bytes == 131072 * 4096 + 209846272);
            CHECK(evaluate_gguf(summary_of(mllama(vision_keys))).memory.kv_cache_bytes == 131072 * 4096);
            // Without the vision keys the image's size is not in the file: said.
            CHECK((r.model.unknown.find("image tokens") != std::string::npos) == !vision_keys);
        }
    }
}

TEST_CASE("gguf sizing: an encoder inside the file counts with images, MTP layers stay out", "[gguf][sizing]") {
    Writer w = dense_llama();
    w.tensor("v.blk.0.attn_q.weight", F16, {256, 256}).tensor("mm.input_projection.weight", F16, {256, 512});
    const Report with = evaluate_gguf(summary_of(w), {{"images", true}});
    CHECK(with.memory.vision_bytes == 2 * (256 * 256 + 256 * 512));
    CHECK(!has_warning(with, "gguf_no_vision"));
    const Report without = evaluate_gguf(summary_of(dense_llama()), {{"images", true}});
    CHECK(without.memory.vision_bytes == 0);
    CHECK(has_warning(without, "gguf_no_vision"));
    CHECK(with.memory.weights_bytes == without.memory.weights_bytes);
}

TEST_CASE("gguf sizing: what is not a language model, and summaries tampered with, are refused naming gguf", "[gguf][sizing]") {
    Writer clip;
    clip.str("general.architecture", "clip").tensor("v.blk.0.attn_q.weight", F16, {64, 64});
    GgufRead r = read_gguf(clip.header(), clip.file_bytes());
    REQUIRE(r.complete());
    try {
        gguf_summary(r.file, "mmproj.gguf");
        FAIL("an mmproj file was summarized");
    } catch (const InputError& e) {
        CHECK(e.field == "gguf");
        CHECK(e.message.find("mmproj") != std::string::npos);
    }
    const json good = json::parse(summary_of(dense_llama()));
    const std::vector<std::pair<std::string, void (*)(json&)>> edits = {
        {"the summary headroom writes", [](json& s) { s["format"] = "other"; }},
        {"must be a whole number", [](json& s) { s["file_bytes"] = "big"; }},
        {"holds a value out of range", [](json& s) { s["bytes"]["layer"][0] = -5; }},
        {"holds a value out of range", [](json& s) { s["bytes"]["layer"][0] = int64_t(1) << 50; }},
        {"add up to more than", [](json& s) { s["bytes"]["token_embd"] = s["bytes"]["total"]; }},
        {"differ in length", [](json& s) { s["bytes"]["layer_experts"] = json::array({0}); }},
        {"one letter per layer", [](json& s) { s["layer_mixer"] = "AAAZ"; }},
        {"one letter per layer", [](json& s) { s["layer_ffn"] = "DD"; }},
        {"no attention.head_count", [](json& s) { s["shape"].erase("head_count"); }},
        {"multiple of head_count_kv", [](json& s) { s["shape"]["head_count_kv"] = 3; }},
        {"lists no decoder layers", [](json& s) { s["bytes"]["layer"] = json::array(); }},
        {"expert_count is below 2", [](json& s) { s["layer_ffn"] = "EEEE"; }},
        {"more layers than its block_count", [](json& s) { s["shape"]["block_count"] = 1; }},
        {"larger than 256 KiB", [](json& s) { s["name"] = std::string(300000, 'x'); }},
        {"Mamba-1 layers need", [](json& s) { s["layer_mixer"] = "mAAA"; }},
        {"Mamba layers need", [](json& s) { s["layer_mixer"] = "PAAA"; }},
        {"'cross_attn_tokens' must be in", [](json& s) { s["layer_mixer"] = "XAAA", s["shape"]["cross_attn_tokens"] = int64_t(1) << 30; }},
    };
    for (const auto& [want, edit] : edits) {
        json s = good;
        edit(s);
        const std::string msg = error_of(json{{"gguf", s}}.dump());
        INFO(s.dump().substr(0, 200));
        CHECK(msg.find(want) != std::string::npos);
    }
    CHECK(error_of(R"({"gguf": "not json"})").find("the summary headroom writes") != std::string::npos);
    CHECK(error_of(json{{"gguf", good}, {"params_b", 7}}.dump()).find("give one of model, config, gguf or params_b") != std::string::npos);
    // The wasm face: a shard alone, bad parts.
    CHECK(gguf_summary_json("GGUF", "[[4, 4]]", "x.gguf").find("\"ok\":false") != std::string::npos);
    CHECK(gguf_summary_json("", "[[9, 100]]", "x.gguf").find("do not match") != std::string::npos);
}

TEST_CASE("gguf sizing: the CLI reads a file from disk, and a split model from its first shard", "[gguf][sizing]") {
    const fs::path dir = fs::temp_directory_path() / ("headroom-gguf-" + std::to_string(std::rand()));
    fs::create_directories(dir);
    auto write = [&](const std::string& name, const Writer& w, int64_t extra = 0) {
        std::ofstream(dir / name, std::ios::binary) << w.header();
        fs::resize_file(dir / name, uint64_t(w.file_bytes() + extra));   // sparse: the tensor data is never read
    };
    write("tiny.gguf", dense_llama());
    const std::string one = cli::gguf_summary_of_path((dir / "tiny.gguf").string());
    CHECK(one == summary_of(dense_llama(), "tiny.gguf"));   // the page's reading gives the same summary

    auto shard = [](int no, std::vector<std::string> names) {
        Writer w;
        if (no == 0) {
            w.str("general.architecture", "llama").u32("llama.block_count", 2).u32("llama.context_length", 4096);
            w.u32("llama.embedding_length", 64).u32("llama.attention.head_count", 2);
        }
        w.u32("split.no", uint32_t(no)).u32("split.count", 3).u32("split.tensors.count", 5);
        for (const std::string& n : names) w.tensor(n, F16, {64, 64});
        return w;
    };
    write("m-00001-of-00003.gguf", shard(0, {"token_embd.weight", "blk.0.attn_q.weight"}));
    write("m-00002-of-00003.gguf", shard(1, {"blk.0.ffn_up.weight", "blk.1.attn_q.weight"}));
    write("m-00003-of-00003.gguf", shard(2, {"blk.1.ffn_up.weight"}));
    const json s = json::parse(cli::gguf_summary_of_path((dir / "m-00001-of-00003.gguf").string()));
    CHECK(s["shards"] == 3);
    CHECK(s["tensors"] == 5);
    CHECK(s["bytes"]["total"] == 5 * 64 * 64 * 2);
    CHECK(s["bytes"]["layer"] == json::array({2 * 64 * 64 * 2, 2 * 64 * 64 * 2}));
    auto err = [&](const std::string& name) {
        try {
            cli::gguf_summary_of_path((dir / name).string());
        } catch (const InputError& e) {
            CHECK(e.field == "gguf");
            return e.message;
        }
        return std::string("<none>");
    };
    CHECK(err("m-00002-of-00003.gguf").find("give the first, -00001-of-00003.gguf") != std::string::npos);
    fs::remove(dir / "m-00003-of-00003.gguf");
    CHECK(err("m-00001-of-00003.gguf").find("shard 'm-00003-of-00003.gguf' is not beside") != std::string::npos);
    fs::rename(dir / "m-00001-of-00003.gguf", dir / "renamed.gguf");
    CHECK(err("renamed.gguf").find("is not <name>-0000k-of-0000n.gguf") != std::string::npos);
    CHECK(err("missing.gguf").find("cannot read file") != std::string::npos);
    std::ofstream(dir / "text.gguf") << "hello, not a gguf";
    CHECK(err("text.gguf") != "<none>");
    fs::remove_all(dir);
}

TEST_CASE("gguf sizing: the ladder's rung for the file is its exact bytes, the others what one could download instead", "[gguf][sizing]") {
    const std::string summary = summary_of(dense_llama());
    Scenario s = scenario_from_json(json{{"gguf", json::parse(summary)}, {"gpu", "rtx-4090"}, {"ctx", 4096}}.dump());
    const Ladder l = quant_ladder(s);
    const Report r = evaluate(s);
    int own = 0;
    for (const LadderRung& rung : l.quants) {
        if (rung.quant == "q4_k_m") {
            ++own;
            CHECK(rung.weights_bytes == r.memory.weights_bytes);
        } else if (rung.quant == "f16") {
            CHECK(rung.weights_bytes > 3 * r.memory.weights_bytes);   // 16 bits against ~4.5: estimated from the shape
        }
    }
    CHECK(own == 1);
    for (const LadderRung& kv : l.kv) CHECK(kv.weights_bytes == r.memory.weights_bytes);
}

namespace {

// A file of the repository, found from this test's own path (tests/ sits in the root).
std::string repo_file(const std::string& rel) {
    std::ifstream f(fs::path(__FILE__).parent_path().parent_path() / rel, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// Keys the Writer has no method for, as gguf-py writes them: a bool array (GGUFValueType.get_type checks bool before
// int), an f32 scalar and an f32 array.
void put_bools(Writer& w, const std::string& key, const std::vector<bool>& v) {
    std::string b;
    Writer::put_str(b, key), Writer::put<uint32_t>(b, 9), Writer::put<uint32_t>(b, 7), Writer::put<uint64_t>(b, v.size());
    for (bool x : v) Writer::put<uint8_t>(b, x ? 1 : 0);
    w.raw_kv(b);
}
void put_f32(Writer& w, const std::string& key, float v) {
    std::string b;
    Writer::put_str(b, key), Writer::put<uint32_t>(b, 6), Writer::put<float>(b, v);
    w.raw_kv(b);
}
void put_f32s(Writer& w, const std::string& key, const std::vector<float>& v) {
    std::string b;
    Writer::put_str(b, key), Writer::put<uint32_t>(b, 9), Writer::put<uint32_t>(b, 6), Writer::put<uint64_t>(b, v.size());
    for (float x : v) Writer::put<float>(b, x);
    w.raw_kv(b);
}
// gguf-py writes a list of ints as an INT32 array, an int as UINT32.
void put_u32_or_i32s(Writer& w, const std::string& key, const std::vector<int32_t>& v) {
    if (std::all_of(v.begin(), v.end(), [&](int32_t x) { return x == v.front(); })) w.u32(key, uint32_t(v.front()));
    else w.i32s(key, v);
}

// A Gemma 4 header written from a real config.json (core/data/hf/google/gemma-4-*/config.json, its text_config) the
// way llama.cpp's converter writes it (conversion/gemma.py: Gemma3Model.set_gguf_parameters, then
// Gemma4Model.set_gguf_parameters: key_length / value_length the global_head_dim, key_length_swa / value_length_swa the
// head_dim, head_count_kv an array when num_global_key_value_heads is set, feed_forward_length an array with
// use_double_wide_mlp, sliding_window_pattern from layer_types, shared_kv_layers, embedding_length_per_layer_input,
// rope.dimension_count(_swa)), with the tensors llama.cpp's loader creates (src/models/gemma4.cpp load_arch_tensors:
// no attn_k / attn_k_norm on KV-shared layers, no attn_v where attention_k_eq_v takes V = K on full-attention layers,
// layer_output_scale, the per-layer embedding tensors), at Q8_0 with F32 vectors. No tokenizer: the vocabulary is the
// token_embd rows.
Writer gemma4_header(const json& cfg) {
    const json& c = cfg.contains("text_config") ? cfg["text_config"] : cfg;
    const int L = c["num_hidden_layers"], d = c["hidden_size"], H = c["num_attention_heads"], kvh = c["num_key_value_heads"];
    const int hd = c["head_dim"], ghd = c["global_head_dim"], V = c["vocab_size"], ff = c["intermediate_size"];
    const int shared = c["num_kv_shared_layers"];
    const int p = c["hidden_size_per_layer_input"].is_null() ? 0 : int(c["hidden_size_per_layer_input"]);
    const bool k_eq_v = c["attention_k_eq_v"], wide = c["use_double_wide_mlp"];
    const int gkvh = c["num_global_key_value_heads"].is_null() ? 0 : int(c["num_global_key_value_heads"]);
    std::vector<bool> swa;
    for (const json& t : c["layer_types"]) swa.push_back(t == "sliding_attention");
    REQUIRE(swa.size() == size_t(L));
    std::vector<int32_t> kv_heads, ffs;
    for (int il = 0; il < L; ++il) {
        kv_heads.push_back(gkvh && !swa[size_t(il)] ? gkvh : kvh);
        ffs.push_back(wide && il >= L - shared ? 2 * ff : ff);
    }
    const std::string a = "gemma4.";
    Writer w;
    w.str("general.architecture", "gemma4").str("general.name", "Gemma 4").u32("general.file_type", 7);
    w.u32(a + "context_length", uint32_t(c["max_position_embeddings"])).u32(a + "embedding_length", uint32_t(d));
    w.u32(a + "block_count", uint32_t(L));
    put_u32_or_i32s(w, a + "feed_forward_length", ffs);
    w.u32(a + "attention.head_count", uint32_t(H));
    put_u32_or_i32s(w, a + "attention.head_count_kv", kv_heads);
    put_f32(w, a + "attention.layer_norm_rms_epsilon", 1e-6f);
    put_f32(w, a + "rope.freq_base", 1e6f);
    put_f32(w, a + "rope.freq_base_swa", 1e4f);
    put_f32(w, a + "final_logit_softcapping", 30.0f);
    w.u32(a + "attention.sliding_window", uint32_t(c["sliding_window"]));
    w.u32(a + "attention.shared_kv_layers", uint32_t(shared)).u32(a + "embedding_length_per_layer_input", uint32_t(p));
    put_bools(w, a + "attention.sliding_window_pattern", swa);
    w.u32(a + "attention.key_length", uint32_t(ghd)).u32(a + "attention.value_length", uint32_t(ghd));
    w.u32(a + "attention.key_length_swa", uint32_t(hd)).u32(a + "attention.value_length_swa", uint32_t(hd));
    w.u32(a + "rope.dimension_count", uint32_t(ghd)).u32(a + "rope.dimension_count_swa", uint32_t(hd));
    const bool moe = c.value("enable_moe_block", false);
    const int64_t E = moe ? int64_t(c["num_experts"]) : 0, fe = moe ? int64_t(c["moe_intermediate_size"]) : 0;
    if (moe) {
        w.u32(a + "expert_count", uint32_t(E)).u32(a + "expert_used_count", uint32_t(c["top_k_experts"]));
        w.u32(a + "expert_feed_forward_length", uint32_t(fe));
    }
    w.tensor("token_embd.weight", Q8_0, {d, V}).tensor("output_norm.weight", F32, {d}).tensor("rope_freqs.weight", F32, {ghd / 2});
    if (p > 0) {
        w.tensor("per_layer_token_embd.weight", Q8_0, {int64_t(p) * L, int64_t(c["vocab_size_per_layer_input"])});
        w.tensor("per_layer_model_proj.weight", Q8_0, {d, int64_t(p) * L}).tensor("per_layer_proj_norm.weight", F32, {p});
    }
    for (int il = 0; il < L; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        const bool global = !swa[size_t(il)], has_kv = il < L - shared;
        const int64_t h = global ? ghd : hd, n_kv = kv_heads[size_t(il)];
        w.tensor(b + "attn_norm.weight", F32, {d}).tensor(b + "attn_q.weight", Q8_0, {d, h * H});
        if (has_kv) w.tensor(b + "attn_k.weight", Q8_0, {d, h * n_kv});
        if (has_kv && !(k_eq_v && global)) w.tensor(b + "attn_v.weight", Q8_0, {d, h * n_kv});
        w.tensor(b + "attn_output.weight", Q8_0, {h * H, d}).tensor(b + "attn_q_norm.weight", F32, {h});
        if (has_kv) w.tensor(b + "attn_k_norm.weight", F32, {h});
        w.tensor(b + "post_attention_norm.weight", F32, {d}).tensor(b + "layer_output_scale.weight", F32, {1});
        const int64_t f = ffs[size_t(il)];
        w.tensor(b + "ffn_norm.weight", F32, {d}).tensor(b + "ffn_gate.weight", Q8_0, {d, f}).tensor(b + "ffn_up.weight", Q8_0, {d, f});
        w.tensor(b + "ffn_down.weight", Q8_0, {f, d}).tensor(b + "post_ffw_norm.weight", F32, {d});
        if (moe) {   // the MoE block beside the dense MLP (gemma4.cpp: router and its scale, three norms, fused gate_up)
            w.tensor(b + "ffn_gate_inp.weight", F32, {d, E}).tensor(b + "ffn_gate_inp.scale", F32, {d});
            w.tensor(b + "pre_ffw_norm_2.weight", F32, {d}).tensor(b + "post_ffw_norm_1.weight", F32, {d});
            w.tensor(b + "post_ffw_norm_2.weight", F32, {d}).tensor(b + "ffn_gate_up_exps.weight", Q8_0, {d, 2 * fe, E});
            w.tensor(b + "ffn_down_exps.weight", Q8_0, {fe, d, E}).tensor(b + "ffn_down_exps.scale", F32, {E});
        }
        if (p > 0) {
            w.tensor(b + "inp_gate.weight", Q8_0, {d, p}).tensor(b + "proj.weight", Q8_0, {p, d});
            w.tensor(b + "post_norm.weight", F32, {d});
        }
    }
    return w;
}

// The file's model and the config's: the same cache, layer by layer, at two contexts and in both engines.
void same_kv_as_config(const Model& file, const Model& config, std::initializer_list<int64_t> contexts) {
    REQUIRE(file.n_layer == config.n_layer);
    CHECK(file.layer_mixer == config.layer_mixer);
    CHECK(file.swa_window == config.swa_window);
    CHECK(file.n_layer_swa == config.n_layer_swa);
    CHECK(file.head_dim == config.head_dim);
    CHECK(file.head_dim_global == config.head_dim_global);
    CHECK(file.n_layer_kv_shared == config.n_layer_kv_shared);
    CHECK(file.kv_shared_weights == config.kv_shared_weights);
    CHECK(file.attn_k_eq_v == config.attn_k_eq_v);
    CHECK(file.n_ff == config.n_ff);
    CHECK(file.n_ff_kv_shared == config.n_ff_kv_shared);
    CHECK(file.n_embd_per_layer == config.n_embd_per_layer);
    CHECK(file.n_vocab_per_layer == config.n_vocab_per_layer);
    CHECK(file.altup_n == config.altup_n);
    CHECK(file.laurel_rank == config.laurel_rank);
    for (int il = 0; il < file.n_layer; ++il) {   // KV elements a token in each layer, and whether it keeps them
        INFO("layer " << il);
        CHECK(file.mixer(il) == config.mixer(il));
        CHECK(file.is_kv_shared(il) == config.is_kv_shared(il));
        CHECK(int64_t(file.n_head_kv_of(il)) * file.head_dim_of(il) == int64_t(config.n_head_kv_of(il)) * config.head_dim_of(il));
    }
    for (int64_t ctx : contexts)
        for (Engine e : {Engine::llama_cpp, Engine::vllm}) {
            INFO("ctx " << ctx << ", engine " << int(e));
            Scenario a, b;
            a.custom_model = file, b.custom_model = config;
            a.custom_model_origin = b.custom_model_origin = "config";
            a.engine = b.engine = e;
            a.kv_quant = b.kv_quant = "f16";
            a.ctx = b.ctx = ctx;
            const Report ra = evaluate(a), rb = evaluate(b);
            CHECK(ra.memory.kv_cache_bytes == rb.memory.kv_cache_bytes);
            CHECK(!has_warning(ra, "unknown_architecture"));
        }
}

// In vLLM, whose sliding layers keep the window itself (llama.cpp keeps a micro-batch more: sizing.cpp swa_cells;
// same_kv_as_config compares both engines).
Report size_kv(const Model& m, int64_t ctx) {
    Scenario s;
    s.engine = Engine::vllm;
    s.custom_model = m;
    s.custom_model_origin = "config";
    s.kv_quant = "f16";
    s.ctx = ctx;
    return evaluate(s);
}

// Decode in llama.cpp on an H100 SXM at 4096 tokens, a model sized from its shape at Q8_0 (the headers here are Q8_0)
// or from a file's bytes.
Speed decode_q8(const Model& m) {
    Scenario s;
    s.custom_model = m;
    s.custom_model_origin = "config";
    s.engine = Engine::llama_cpp;
    s.gpu = "h100-sxm";
    s.quant = "q8_0";
    s.kv_quant = "f16";
    s.ctx = 4096;
    return evaluate(s).speed;
}

}  // namespace

TEST_CASE("gguf sizing: Gemma 4 headers as llama.cpp writes them size the cache as their config.json does", "[gguf][sizing][gemma]") {
    SECTION("31B: 50 sliding layers of 16 KV heads x 256, 10 global of 4 x 512 (K as V, both cached)") {
        const std::string cfg = repo_file("core/data/hf/google/gemma-4-31B-it/config.json");
        REQUIRE(!cfg.empty());
        Writer w = gemma4_header(json::parse(cfg));
        w.u32("gemma4.vision.block_count", 27);   // Ollama's blob carries its encoder's keys (convert_gemma4.go): not shape keys
        const Model file = model_from_gguf_summary(summary_of(w, "gemma-4-31B-it-Q8_0.gguf"));
        INFO(file.unknown);
        CHECK(file.unknown.empty());
        CHECK(file.head_dim == 256);
        CHECK(file.head_dim_global == 512);
        CHECK(file.n_head_kv == 16);
        CHECK(file.n_head_kv_global == 4);
        CHECK(file.attn_k_eq_v);
        same_kv_as_config(file, model_from_hf_config(cfg), {4096, 131072});
        // docs/sizing.md "Gemma 4": a sliding layer 2 x 16 x 256 x 2 = 16,384 bytes a token for the last 1024 tokens, a
        // global one 2 x 4 x 512 x 2 = 8,192 for every token (tests/test_arch.cpp from the config alike). One width
        // (512) and 16 heads on all 60 layers, as the header was read before, gave 60 x 32,768 bytes a token.
        CHECK(size_kv(file, 4096).memory.kv_cache_bytes == 1174405120);
        CHECK(size_kv(file, 131072).memory.kv_cache_bytes == 11576279040);
        CHECK(size_kv(file, 131072).memory.kv_cache_bytes == 50LL * 16384 * 1024 + 10LL * 8192 * 131072);
    }
    SECTION("E2B: 15 layers cache (12 sliding of 1 x 256, 3 global of 1 x 512), 20 KV-shared, double-wide MLP, per-layer embeddings") {
        const std::string cfg = repo_file("core/data/hf/google/gemma-4-E2B-it/config.json");
        REQUIRE(!cfg.empty());
        const Writer w = gemma4_header(json::parse(cfg));
        const std::string summary = summary_of(w, "gemma-4-E2B-it-Q8_0.gguf");
        const Model file = model_from_gguf_summary(summary);
        INFO(file.unknown);
        CHECK(file.unknown.empty());
        CHECK(file.n_layer_kv_shared == 20);
        CHECK_FALSE(file.kv_shared_weights);
        CHECK(file.n_ff == 6144);
        CHECK(file.n_ff_kv_shared == 12288);
        CHECK(file.n_embd_per_layer == 256);
        CHECK(file.n_vocab_per_layer == 262144);
        CHECK_FALSE(file.attn_k_eq_v);
        same_kv_as_config(file, model_from_hf_config(cfg), {4096, 131072});
        // docs/sizing.md: 12 sliding x 1,024 bytes a token (last 512) + 3 global x 2,048.
        CHECK(size_kv(file, 4096).memory.kv_cache_bytes == 12LL * 1024 * 512 + 3LL * 2048 * 4096);
        CHECK(size_kv(file, 131072).memory.kv_cache_bytes == 811597824);
        // The per-layer table (262144 x 35 x 256 at Q8_0: 34 bytes a block of 32) is an input embedding, with token_embd
        // (llama.cpp keeps it on the CPU), not with the output.
        const int64_t table = 262144LL * 35 * 256 / 32 * 34;
        const json j = json::parse(summary);
        CHECK(j["bytes"]["token_embd"] == 262144LL * 1536 / 32 * 34 + table);
        CHECK(j["bytes"]["output"].get<int64_t>() < table / 100);
    }
    SECTION("26B-A4B: 25 sliding layers of 8 KV heads x 256, 5 global of 2 x 512, 128 experts beside the dense MLP") {
        const std::string cfg = repo_file("core/data/hf/google/gemma-4-26B-A4B/config.json");
        REQUIRE(!cfg.empty());
        const Model file = model_from_gguf_summary(summary_of(gemma4_header(json::parse(cfg))));
        INFO(file.unknown);
        CHECK(file.unknown.empty());
        const Model config = model_from_hf_config(cfg);
        CHECK(file.n_expert == 128);
        CHECK(file.n_expert_used == 8);
        CHECK(file.n_ff_expert == config.n_ff_expert);
        CHECK(file.n_ff_shared == config.n_ff_shared);
        CHECK(file.router_scales);
        same_kv_as_config(file, config, {4096, 131072});
        CHECK(size_kv(file, 131072).memory.kv_cache_bytes == 2894069760);   // tests/test_arch.cpp, from the config
    }
    SECTION("E4B: 24 layers cache, 18 KV-shared") {
        const std::string cfg = repo_file("core/data/hf/google/gemma-4-E4B-it/config.json");
        REQUIRE(!cfg.empty());
        const Model file = model_from_gguf_summary(summary_of(gemma4_header(json::parse(cfg))));
        INFO(file.unknown);
        CHECK(file.unknown.empty());
        same_kv_as_config(file, model_from_hf_config(cfg), {4096, 131072});
    }
    SECTION("what the reader does not understand is said: an unknown key, no sliding pattern") {
        const std::string cfg = repo_file("core/data/hf/google/gemma-4-31B-it/config.json");
        REQUIRE(!cfg.empty());
        Writer w = gemma4_header(json::parse(cfg));
        w.u32("gemma4.attention.new_shape_key", 3);
        const Report r = evaluate_gguf(summary_of(w));
        CHECK(has_warning(r, "unknown_architecture"));
        CHECK(r.model.unknown.find("'gemma4.attention.new_shape_key'") != std::string::npos);

        // Without attention.sliding_window_pattern (llama.cpp requires it) the layers are sized as full attention and
        // said: more cache, never less.
        {
            const Writer full = gemma4_header(json::parse(cfg));
            GgufRead read = read_gguf(full.header(), full.file_bytes());
            REQUIRE(read.complete());
            json s = json::parse(gguf_summary(read.file, "x.gguf"));
            s["shape"].erase("sliding_window_pattern");
            const Model m = model_from_gguf_summary(s.dump());
            CHECK(m.unknown.find("sliding-window layers") != std::string::npos);
            CHECK(m.n_layer_swa == 0);
            CHECK(size_kv(m, 131072).memory.kv_cache_bytes > 11576279040);
            // A link could carry anything: the Gemma keys are range-checked like the others.
            for (const auto& [key, value] : {std::pair<const char*, json>{"shared_kv_layers", 60}, {"sliding_window_pattern", json::array({2})},
                                             {"key_length_swa", -1}, {"feed_forward_length_per_layer", json::array({"wide"})}}) {
                INFO(key);
                json t = json::parse(gguf_summary(read.file, "x.gguf"));
                t["shape"][key] = value;
                CHECK(error_of(json{{"gguf", t}, {"gpu", "h100-sxm"}}.dump()) != "<none>");
            }
        }
    }
}

TEST_CASE("gguf sizing: a Gemma 3n header sizes the cache as its config.json does", "[gguf][sizing][gemma]") {
    // gemma-3n-E2B-it's config (core/data/hf/google/gemma-3n-E2B-it) written as conversion/gemma.py Gemma3NModel does
    // (Gemma3Model's keys: one key_length 256 and head_count_kv 2; then altup.*, embedding_length_per_layer_input,
    // shared_kv_layers, activation_sparsity_scale, sliding_window_pattern from layer_types), with the tensors of
    // src/models/gemma3n.cpp load_arch_tensors (every layer keeps its k/v weights; AltUp and LAuReL per layer).
    const std::string cfg = repo_file("core/data/hf/google/gemma-3n-E2B-it/config.json");
    REQUIRE(!cfg.empty());
    const json root = json::parse(cfg);
    const json& c = root.contains("text_config") ? root["text_config"] : root;
    const int L = c["num_hidden_layers"], d = c["hidden_size"], p = c["hidden_size_per_layer_input"], n_alt = c["altup_num_inputs"];
    const int r_l = c["laurel_rank"], V = c["vocab_size"];
    std::vector<bool> swa;
    std::vector<int32_t> ffs;
    std::vector<float> sparsity;
    for (const json& t : c["layer_types"]) swa.push_back(t == "sliding_attention");
    for (const json& f : c["intermediate_size"]) ffs.push_back(int32_t(f));
    for (const json& s : c["activation_sparsity_pattern"]) sparsity.push_back(s.get<float>() > 0 ? 1.6449f : 0.0f);
    const std::string a = "gemma3n.";
    // Early conversions wrote shared_kv_layers as a float32 (llama.cpp PR #14450 made it a uint32): read the same.
    const bool f32_shared = GENERATE(false, true);
    Writer w;
    w.str("general.architecture", "gemma3n").u32("general.file_type", 7).u32(a + "context_length", uint32_t(c["max_position_embeddings"]));
    w.u32(a + "embedding_length", uint32_t(d)).u32(a + "block_count", uint32_t(L));
    put_u32_or_i32s(w, a + "feed_forward_length", ffs);
    w.u32(a + "attention.head_count", 8).u32(a + "attention.head_count_kv", 2);
    w.u32(a + "attention.key_length", 256).u32(a + "attention.value_length", 256);
    put_f32(w, a + "attention.layer_norm_rms_epsilon", 1e-6f);
    put_f32(w, a + "rope.freq_base", 1e6f);
    put_f32(w, a + "rope.freq_base_swa", 1e4f);
    put_f32(w, a + "final_logit_softcapping", 30.0f);
    w.u32(a + "attention.sliding_window", uint32_t(c["sliding_window"]));
    w.u32(a + "altup.active_idx", 0).u32(a + "altup.num_inputs", uint32_t(n_alt));
    w.u32(a + "embedding_length_per_layer_input", uint32_t(p));
    if (f32_shared) put_f32(w, a + "attention.shared_kv_layers", float(c["num_kv_shared_layers"]));
    else w.u32(a + "attention.shared_kv_layers", uint32_t(c["num_kv_shared_layers"]));
    put_f32s(w, a + "activation_sparsity_scale", sparsity);
    put_bools(w, a + "attention.sliding_window_pattern", swa);
    w.tensor("token_embd.weight", Q8_0, {d, V}).tensor("output_norm.weight", F32, {d});
    w.tensor("altup_proj.weight", Q8_0, {d, d, n_alt - 1}).tensor("altup_unembd_proj.weight", Q8_0, {d, d, n_alt - 1});
    w.tensor("per_layer_token_embd.weight", Q8_0, {int64_t(p) * L, int64_t(c["vocab_size_per_layer_input"])});
    w.tensor("per_layer_model_proj.weight", Q8_0, {d, int64_t(p) * L}).tensor("per_layer_proj_norm.weight", F32, {p});
    for (int il = 0; il < L; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        const int64_t f = ffs[size_t(il)];
        w.tensor(b + "attn_norm.weight", F32, {d}).tensor(b + "attn_q.weight", Q8_0, {d, 8 * 256}).tensor(b + "attn_k.weight", Q8_0, {d, 2 * 256});
        w.tensor(b + "attn_v.weight", Q8_0, {d, 2 * 256}).tensor(b + "attn_output.weight", Q8_0, {8 * 256, d});
        w.tensor(b + "attn_q_norm.weight", F32, {256}).tensor(b + "attn_k_norm.weight", F32, {256}).tensor(b + "post_attention_norm.weight", F32, {d});
        w.tensor(b + "ffn_norm.weight", F32, {d}).tensor(b + "ffn_gate.weight", Q8_0, {d, f}).tensor(b + "ffn_up.weight", Q8_0, {d, f});
        w.tensor(b + "ffn_down.weight", Q8_0, {f, d}).tensor(b + "post_ffw_norm.weight", F32, {d});
        w.tensor(b + "inp_gate.weight", Q8_0, {d, p}).tensor(b + "proj.weight", Q8_0, {p, d}).tensor(b + "post_norm.weight", F32, {d});
        w.tensor(b + "altup_correct_coef.weight", F32, {n_alt, n_alt}).tensor(b + "altup_correct_scale.weight", F32, {d});
        w.tensor(b + "altup_predict_coef.weight", F32, {n_alt, n_alt * n_alt}).tensor(b + "altup_router.weight", F32, {d, n_alt});
        w.tensor(b + "altup_router_norm.weight", F32, {d}).tensor(b + "laurel_l.weight", F32, {d, r_l});
        w.tensor(b + "laurel_r.weight", F32, {r_l, d}).tensor(b + "laurel_post_norm.weight", F32, {d});
    }
    const Model file = model_from_gguf_summary(summary_of(w, "gemma-3n-E2B-it-Q8_0.gguf"));
    INFO(file.unknown);
    CHECK(file.unknown.empty());
    CHECK(file.kv_shared_weights);   // Gemma 3n's KV-shared layers keep their k/v weights
    CHECK(file.altup_n == 4);
    CHECK(file.laurel_rank == 64);
    same_kv_as_config(file, model_from_hf_config(cfg), {4096, 32768});
    // docs/sizing.md "Gemma 3n": 4 global + 16 sliding layers cache, 2,048 bytes a token and layer at f16.
    CHECK(size_kv(file, 4096).memory.kv_cache_bytes == 50331648);
    CHECK(size_kv(file, 32768).memory.kv_cache_bytes == 285212672);
    // Its per-layer table (262144 x 30 x 256 at Q8_0) is looked up a row a token, as from the config; the head is
    // token_embd (no output.weight: tied), read whole. A decode step reads the same bytes from both, but for the F32
    // LAuReL and AltUp matrices written here (Q8_0 in the estimate): 2,647,914,879 against 2,624,091,519 bytes. Before,
    // the file was taken as untied (its output group, 43 MB of projections, over 1/64 of token_embd and the table) and
    // read no head: 2,076,932,479 bytes.
    CHECK(file.tied_embeddings);
    CHECK(file.file->token_embd_lookup == 262144LL * 30 * 256 / 32 * 34);
    const Speed from_file = decode_q8(file), from_config = decode_q8(model_from_hf_config(cfg));
    INFO("bytes a token: file " << from_file.bytes_per_token << ", config " << from_config.bytes_per_token);
    CHECK(std::abs(double(from_file.bytes_per_token) / double(from_config.bytes_per_token) - 1) < 0.02);
}

namespace {

// A small lfm2 as llama.cpp's converter and loader lay it out (src/models/lfm2.cpp load_arch_tensors): layers with KV
// heads attend (attn_q/k/v/output and q/k norms), the others hold a short convolution (shortconv.conv {l_cache,
// n_embd}, in_proj {n_embd, 3 n_embd}, out_proj); every layer a dense MLP; the final norm under the name
// token_embd_norm; no output.weight (tied). l_cache 0: the key left out.
Writer lfm2_header(uint32_t l_cache) {
    Writer w;
    const int64_t d = 256, ff = 768, V = 4096, hd = 32;
    const std::vector<int32_t> kv = {0, 0, 2, 0};
    w.str("general.architecture", "lfm2").str("general.name", "Tiny LFM2").u32("general.file_type", 1);
    w.u32("lfm2.block_count", 4).u32("lfm2.context_length", 32768).u32("lfm2.embedding_length", uint32_t(d));
    w.u32("lfm2.feed_forward_length", uint32_t(ff)).u32("lfm2.attention.head_count", 8).i32s("lfm2.attention.head_count_kv", kv);
    w.u32("lfm2.vocab_size", uint32_t(V));
    if (l_cache) w.u32("lfm2.shortconv.l_cache", l_cache);
    w.tensor("token_embd.weight", F16, {d, V}).tensor("token_embd_norm.weight", F32, {d});
    for (int il = 0; il < 4; ++il) {
        const std::string p = "blk." + std::to_string(il) + ".";
        w.tensor(p + "ffn_norm.weight", F32, {d}).tensor(p + "ffn_gate.weight", F16, {d, ff});
        w.tensor(p + "ffn_down.weight", F16, {ff, d}).tensor(p + "ffn_up.weight", F16, {d, ff});
        w.tensor(p + "attn_norm.weight", F32, {d});
        if (kv[size_t(il)] > 0) {
            w.tensor(p + "attn_q_norm.weight", F32, {hd}).tensor(p + "attn_k_norm.weight", F32, {hd});
            w.tensor(p + "attn_q.weight", F16, {d, d}).tensor(p + "attn_k.weight", F16, {d, 2 * hd});
            w.tensor(p + "attn_v.weight", F16, {d, 2 * hd}).tensor(p + "attn_output.weight", F16, {d, d});
        } else {
            w.tensor(p + "shortconv.conv.weight", F32, {l_cache ? l_cache : 3, d});
            w.tensor(p + "shortconv.in_proj.weight", F16, {d, 3 * d}).tensor(p + "shortconv.out_proj.weight", F16, {d, d});
        }
    }
    return w;
}

}  // namespace

TEST_CASE("gguf sizing: lfm2's short-convolution width from shortconv.l_cache, its final norm with the output", "[gguf][sizing]") {
    SECTION("the key read: no unknown note, the convolution state as llama.cpp sizes it") {
        const std::string summary = summary_of(lfm2_header(4));
        CHECK(json::parse(summary)["shape"]["shortconv_l_cache"] == 4);
        const Report r = evaluate_gguf(summary, json{{"engine", "llama.cpp"}});
        INFO(r.model.unknown);
        CHECK(r.model.unknown.empty());
        CHECK(!has_warning(r, "unknown_architecture"));
        CHECK(r.model.layer_mixer == "CCAC");
        CHECK(r.model.conv_kernel == 4);
        // llama.cpp (llama-hparams.cpp n_embd_r: n_embd x (n_shortconv_l_cache - 1), F32, the recurrent layers only):
        // 3 convolution layers x 256 x 3 x 4 bytes a sequence.
        CHECK(r.memory.state_bytes == 3 * 256 * 3 * 4);
        // One attention layer of 2 KV heads x 32, F16 K and V, for every token.
        CHECK(r.memory.kv_cache_bytes == 4096LL * 2 * 2 * 32 * 2);
    }
    SECTION("without the key: 3 assumed and said") {
        const Report r = evaluate_gguf(summary_of(lfm2_header(0)), json{{"engine", "llama.cpp"}});
        CHECK(has_warning(r, "unknown_architecture"));
        CHECK(r.model.unknown.find("shortconv.l_cache") != std::string::npos);
        CHECK(r.model.conv_kernel == 3);
        CHECK(r.memory.state_bytes == 3 * 256 * 2 * 4);
    }
    SECTION("token_embd_norm is lfm2's final norm: with the output, not the embedding (elsewhere it stays an input norm)") {
        const Writer w = lfm2_header(3);
        GgufRead read = read_gguf(w.header(), w.file_bytes());
        REQUIRE(read.complete());
        CHECK(read.file.bytes.token_embd == 256LL * 4096 * 2);
        CHECK(read.file.bytes.output == 256 * 4);
        CHECK(read.file.shape.shortconv_l_cache == 3);
        // The fixture of a real file (tests/data/gguf/lfm2.5-audio-1.5b-q4_0.gguf): token_embd 2048 x 65536 Q6_K, the
        // final norm 2048 x F32.
        std::ifstream in(fs::path(HEADROOM_TEST_DATA) / "gguf" / "lfm2.5-audio-1.5b-q4_0.gguf", std::ios::binary);
        const std::string header((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        REQUIRE(!header.empty());
        GgufRead fx = read_gguf(header, int64_t(header.size()) + (int64_t(1) << 32));
        REQUIRE(fx.complete());
        CHECK(fx.file.bytes.token_embd == 110100480);
        CHECK(fx.file.bytes.output == 8192);
        CHECK(fx.file.shape.shortconv_l_cache == 3);
        const Model m = model_from_gguf_summary(gguf_summary(fx.file, "LFM2.5-Audio-1.5B-Q4_0.gguf"));
        INFO(m.unknown);
        CHECK(m.unknown.empty());
        CHECK(m.tied_embeddings);
        CHECK(m.layer_mixer == "CCACCACCACACACAC");
    }
}

TEST_CASE("gguf sizing: Gemma 4 E2B's per-layer table is looked up, not read, by a decode step from the header as from the config", "[gguf][sizing][gemma]") {
    const std::string cfg = repo_file("core/data/hf/google/gemma-4-E2B-it/config.json");
    REQUIRE(!cfg.empty());
    const std::string summary = summary_of(gemma4_header(json::parse(cfg)), "gemma-4-E2B-it-Q8_0.gguf");
    const Model file = model_from_gguf_summary(summary);
    REQUIRE(file.file != nullptr);
    // The table: 262144 rows x 35 layers x 256 at Q8_0 (34 bytes a block of 32).
    const int64_t table = 262144LL * 35 * 256 / 32 * 34;
    CHECK(file.file->token_embd_lookup == table);
    const Model config = model_from_hf_config(cfg);
    const Speed from_file = decode_q8(file), from_config = decode_q8(config);
    // Before: the file's whole table was read with the tied head each token.
    Model before = file;
    auto fw = std::make_shared<FileWeights>(*file.file);
    fw->token_embd_lookup = 0;
    before.file = fw;
    const Speed old = decode_q8(before);
    INFO("decode tok/s: file " << from_file.decode_tokens_per_s << " (before " << old.decode_tokens_per_s << "), config "
                               << from_config.decode_tokens_per_s << "; bytes a token: file " << from_file.bytes_per_token
                               << " (before " << old.bytes_per_token << "), config " << from_config.bytes_per_token);
    CHECK(old.bytes_per_token - from_file.bytes_per_token == table);
    // The file's exact bytes and the config's Q8_0 estimate: 2,437,056,651 and 2,437,055,627 bytes a token on an
    // H100 SXM at 4096 tokens, 224.0 tokens/s both; the file read 4,932,667,531 bytes a token before, 179.8 tokens/s.
    CHECK(std::abs(double(from_file.bytes_per_token) / double(from_config.bytes_per_token) - 1) < 0.01);
    CHECK(std::abs(from_file.decode_tokens_per_s / from_config.decode_tokens_per_s - 1) < 0.01);
    CHECK(old.decode_tokens_per_s < 0.9 * from_config.decode_tokens_per_s);
    // A summary that claims more lookup bytes than the embeddings hold is refused.
    json t = json::parse(summary);
    t["bytes"]["token_embd_lookup"] = t["bytes"]["token_embd"].get<int64_t>() + 1;
    CHECK(error_of(json{{"gguf", t}, {"gpu", "h100-sxm"}}.dump()) != "<none>");
}
