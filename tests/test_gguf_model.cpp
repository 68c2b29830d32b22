// Sizing from a GGUF header (core/src/gguf_model.cpp, docs/gguf.md "Sizing from the header"): headers written
// here byte by byte, read, summarized, carried in a scenario's `gguf` field and evaluated; the CLI's reading of a
// file on disk (native-cli/gguf_file.cpp), split shards included; summaries tampered with as a link could be.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
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
        CHECK(r.memory.kv_cache_bytes == (2 * 32768 + 10 * 1024) * 2 * 2 * 64 * 2);
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

TEST_CASE("gguf sizing: an encoder inside the file counts with images; MTP layers stay out", "[gguf][sizing]") {
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
