// Sizing from a downloaded Hugging Face repository (core/src/hf_repo.cpp, native-cli/hf_dir.cpp, docs/hf-repo.md):
// real config.json and model.safetensors.index.json files of published repositories (tests/data/hf, SOURCES.md),
// safetensors headers written here for a tiny model (the tensor data a sparse file), hostile headers, and summaries
// tampered with as a link could be.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../native-cli/hf_dir.hpp"
#include "headroom/headroom.hpp"

using namespace headroom;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    REQUIRE(f);
    return std::string(std::istreambuf_iterator<char>(f), {});
}
fs::path fixture(const std::string& repo) { return fs::path(HEADROOM_TEST_DATA) / "hf" / repo; }

json summary_of_fixture(const std::string& repo) {
    return json::parse(cli::hf_repo_summary_of_dir(fixture(repo).string()));
}

Report evaluate_config(const std::string& config_value, json extra = json::object()) {
    extra["config"] = config_value;
    if (!extra.contains("gpu")) extra["gpu"] = "h100-sxm";
    if (!extra.contains("ctx")) extra["ctx"] = 4096;
    return evaluate(scenario_from_json(extra.dump()));
}

int64_t sum_layers(const json& b) {
    int64_t s = 0;
    for (const json& x : b["layer"]) s += x.get<int64_t>();
    return s;
}
int64_t groups_total(const json& b) {
    return b["token_embd"].get<int64_t>() + b["output"].get<int64_t>() + b["mtp"].get<int64_t>() + b["vision"].get<int64_t>() + sum_layers(b);
}

bool has_warning(const Report& r, const std::string& code) {
    for (const Warning& w : r.warnings)
        if (w.code == code) return true;
    return false;
}

// A safetensors header: 8 bytes little-endian length, then the JSON (tensors in the order given, data back to back).
struct Header {
    json j = json::object();
    int64_t data = 0;
    void add(const std::string& name, const std::string& dtype, std::vector<int64_t> shape, int64_t bytes_per_x2) {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        const int64_t bytes = n * bytes_per_x2 / 2;
        j[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {data, data + bytes}}};
        data += bytes;
    }
    std::string bytes() const { return raw(j.dump()); }
    static std::string raw(const std::string& text, uint64_t len_override = 0) {
        const uint64_t n = len_override ? len_override : text.size();
        std::string out(8, '\0');
        for (int i = 0; i < 8; ++i) out[size_t(i)] = char((n >> (8 * i)) & 0xff);
        return out + text;
    }
    int64_t file_size() const { return int64_t(bytes().size()) + data; }
};

// A tiny Qwen3-MoE: 2 layers of 4 experts, a vision tower, an MTP layer stored as layer 2 (DeepSeek's way).
const char* kTinyConfig = R"({"model_type":"qwen3_moe","num_hidden_layers":2,"hidden_size":64,"num_attention_heads":4,
  "num_key_value_heads":2,"head_dim":16,"vocab_size":128,"intermediate_size":128,"moe_intermediate_size":32,"num_experts":4,
  "num_experts_per_tok":2,"max_position_embeddings":4096,"tie_word_embeddings":false,"torch_dtype":"bfloat16",
  "num_nextn_predict_layers":1})";

Header tiny_header() {
    Header h;
    h.add("model.embed_tokens.weight", "BF16", {128, 64}, 4);
    for (int il = 0; il < 3; ++il) {   // layer 2 is the MTP layer
        const std::string p = "model.layers." + std::to_string(il) + ".";
        h.add(p + "self_attn.q_proj.weight", "BF16", {64, 64}, 4);
        h.add(p + "self_attn.k_proj.weight", "BF16", {32, 64}, 4);
        h.add(p + "input_layernorm.weight", "F32", {64}, 8);
        h.add(p + "mlp.gate.weight", "BF16", {4, 64}, 4);
        for (int e = 0; e < 4; ++e) h.add(p + "mlp.experts." + std::to_string(e) + ".down_proj.weight", "F8_E4M3", {64, 32}, 2);
    }
    h.add("model.visual.patch_embed.proj.weight", "BF16", {64, 48}, 4);
    h.add("model.norm.weight", "F32", {64}, 8);
    h.add("lm_head.weight", "BF16", {128, 64}, 4);
    return h;
}

std::string error_field_and_message(const std::function<void()>& fn, std::string* message) {
    try {
        fn();
    } catch (const InputError& e) {
        *message = e.message;
        return e.field;
    }
    return "<none>";
}

}  // namespace

TEST_CASE("hf repo: real indexes give their total_size exactly, split by group, and the declared format", "[hf_repo]") {
    struct Case {
        const char* repo;
        int64_t total_size;
        const char* quant;
        bool vision, mtp, experts;
    };
    const Case cases[] = {
        {"qwen3-1.7b-bf16", 3441149952, "bf16", false, false, false},         // dense, tied embeddings
        {"qwen3-14b-mlx-4bit", 8307783680, "int4", false, false, false},      // MLX quantization {bits 4, group_size 64}
        {"llama-3.1-8b-bnb-int8", 9086705888, "int8", false, false, false},   // bitsandbytes load_in_8bit
        {"wizardlm-2-8x22b", 281241268224, "bf16", false, false, true},       // Mixtral MoE, block_sparse_moe.experts
        {"medgemma-27b-it", 54864813280, "bf16", true, false, false},         // Gemma 3 vision_tower + multi_modal_projector
        {"mimo-7b", 15666819072, "bf16", false, true, false},                 // MiMo model.mtp_layers.0
    };
    for (const Case& c : cases) {
        INFO(c.repo);
        const json s = summary_of_fixture(c.repo);
        CHECK(s["format"] == "headroom.hf/1");
        CHECK(s["bytes_from"] == "index");
        CHECK(s["quant"] == c.quant);
        CHECK(s["total_size"] == c.total_size);
        CHECK(s["bytes"]["total"] == c.total_size);
        CHECK(groups_total(s["bytes"]) == c.total_size);
        CHECK((s["bytes"]["vision"].get<int64_t>() > 0) == c.vision);
        CHECK((s["bytes"]["mtp"].get<int64_t>() > 0) == c.mtp);
        int64_t experts = 0;
        for (const json& x : s["bytes"]["layer_experts"]) experts += x.get<int64_t>();
        CHECK((experts > 0) == c.experts);
        CHECK(s["types"].empty());   // bytes per dtype only from headers

        // Carried in a scenario: the format replaces quant, weights are the index's bytes less MTP and vision.
        const Report r = evaluate_config(s.dump(), json{{"quant", "q4_k_m"}});
        CHECK(r.scenario.quant == c.quant);
        CHECK(r.memory.weights_bytes == c.total_size - s["bytes"]["mtp"].get<int64_t>() - s["bytes"]["vision"].get<int64_t>());
        REQUIRE(r.model.file);
        CHECK(r.model.file->types.empty());
        CHECK(r.model.name == std::string(c.repo));
    }
}

TEST_CASE("hf repo: the MoE's experts are most of its bytes, the VLM's tower its encoder", "[hf_repo]") {
    const json w = summary_of_fixture("wizardlm-2-8x22b");
    REQUIRE(w["bytes"]["layer_experts"].size() == 56);
    // 8 experts of 3 x 6144 x 16384 against attention 2 x 6144 x (6144 + 1024): experts are ~96% of a layer.
    const double share = w["bytes"]["layer_experts"][0].get<double>() / w["bytes"]["layer"][0].get<double>();
    CHECK(share > 0.9);
    CHECK(share < 0.99);
    // MLX quantizes the embeddings too (its index holds embed_tokens.scales / .biases): estimated at the format's
    // width, not 16 bits. mx.quantize's layout at bits 4, group 64: a uint32 per 8 weights, a bf16 scale and bias
    // per 64 -> 151936 x 5120 x (4 + 32/64) / 8 = 437,575,680 bytes.
    const json mlx = summary_of_fixture("qwen3-14b-mlx-4bit");
    CHECK(mlx["bytes"]["token_embd"].get<double>() == Approx(437575680.0).epsilon(0.01));
    // With images the encoder is loaded as the repository holds it.
    const json g = summary_of_fixture("medgemma-27b-it");
    const Report r = evaluate_config(g.dump(), json{{"images", true}});
    CHECK(r.memory.vision_bytes == g["bytes"]["vision"].get<int64_t>());
}

TEST_CASE("hf repo: an index without total_size falls back to the shape, said", "[hf_repo]") {
    const json s = summary_of_fixture("cosmos-reason2-8b");   // Qwen3-VL: metadata.total_size 0
    CHECK(s["bytes_from"] == "shape");
    CHECK(s["quant"] == "bf16");   // text_config.dtype
    CHECK(s["bytes"]["vision"].get<int64_t>() > 0);
    CHECK(s["notes"].dump().find("total_size") != std::string::npos);
    const Model m = model_from_hf_repo_summary(s.dump());
    CHECK(m.verification.find("estimated") != std::string::npos);
}

TEST_CASE("hf repo: safetensors headers give each tensor's bytes, grouped", "[hf_repo]") {
    const Header h = tiny_header();
    const std::string summary = hf_repo_summary(kTinyConfig, "", {h.bytes()}, "tiny", {h.file_size()});
    const json s = json::parse(summary);
    CHECK(s["bytes_from"] == "headers");
    CHECK(s["tensors"] == 2 + 3 * 8 + 2);
    const json& b = s["bytes"];
    CHECK(b["total"] == h.data);
    CHECK(s["total_size"] == h.data);
    CHECK(b["token_embd"] == 128 * 64 * 2);
    CHECK(b["output"] == 128 * 64 * 2 + 64 * 4);
    CHECK(b["vision"] == 64 * 48 * 2);
    const int64_t layer = (64 * 64 + 32 * 64 + 4 * 64) * 2 + 64 * 4 + 4 * 64 * 32;
    CHECK(b["mtp"] == layer);
    CHECK(b["layer"] == json::array({layer, layer}));
    CHECK(b["layer_experts"] == json::array({4 * 64 * 32, 4 * 64 * 32}));
    CHECK(s["types"]["BF16"] == (128 * 64 * 2) * 2 + 3 * (64 * 64 + 32 * 64 + 4 * 64) * 2 + 64 * 48 * 2);
    CHECK(s["types"]["F8_E4M3"] == 3 * 4 * 64 * 32);
    // Parameters: every element outside MTP and vision (no packed storage here); experts 2 layers x 4 x 64 x 32.
    CHECK(s["params"]["from"] == "headers");
    CHECK(s["params"]["experts"] == 2 * 4 * 64 * 32);
    CHECK(s["quant"] == "bf16");

    const Report r = evaluate_config(summary);
    CHECK(r.memory.weights_bytes == h.data - layer - 64 * 48 * 2);
    REQUIRE(r.model.file);
    CHECK(!r.model.file->types.empty());
    CHECK(!has_warning(r, "repo_bytes_estimated_split"));
    CHECK(r.params_total == s["params"]["total"].get<int64_t>());
}

TEST_CASE("hf repo: the CLI reads a folder's headers from sparse files, never the data", "[hf_repo]") {
    const fs::path dir = fs::temp_directory_path() / "headroom-hf-test" / "tiny-repo";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "config.json") << kTinyConfig;
    // Two shards, as the index names them; 40 GB of tensor data in each as a sparse file.
    Header a, b;
    a.add("model.embed_tokens.weight", "BF16", {128, 64}, 4);
    for (int il = 0; il < 2; ++il) {
        Header& h = il == 0 ? a : b;
        const std::string p = "model.layers." + std::to_string(il) + ".";
        h.add(p + "self_attn.q_proj.weight", "BF16", {64, 64}, 4);
        h.add(p + "mlp.experts.0.down_proj.weight", "BF16", {64, 32}, 4);
    }
    b.add("lm_head.weight", "BF16", {128, 64}, 4);
    const int64_t big = int64_t(40) << 30;
    json index = {{"metadata", {{"total_size", a.data + b.data}}}, {"weight_map", json::object()}};
    for (const auto& [h, file] : {std::pair<const Header*, const char*>{&a, "model-00001-of-00002.safetensors"}, {&b, "model-00002-of-00002.safetensors"}}) {
        std::ofstream(dir / file, std::ios::binary) << h->bytes();
        fs::resize_file(dir / file, uint64_t(h->file_size() + big));
        for (const auto& [k, v] : h->j.items()) index["weight_map"][k] = file;
    }
    std::ofstream(dir / "model.safetensors.index.json") << index.dump(2);
    const json s = json::parse(cli::hf_repo_summary_of_dir(dir.string()));
    CHECK(s["name"] == "tiny-repo");
    CHECK(s["bytes_from"] == "headers");
    CHECK(s["shards"] == 2);
    CHECK(s["bytes"]["total"] == a.data + b.data);
    CHECK(s["file_bytes"] == a.file_size() + b.file_size() + 2 * big);
    CHECK(s["bytes"]["layer_experts"] == json::array({64 * 32 * 2, 64 * 32 * 2}));

    // A shard missing: the index alone, its total split by the shape and said in the report.
    fs::remove(dir / "model-00002-of-00002.safetensors");
    const json t = json::parse(cli::hf_repo_summary_of_dir(dir.string()));
    CHECK(t["bytes_from"] == "index");
    CHECK(t["bytes"]["total"] == a.data + b.data);
    // The report says so: FileWeights::types is empty (no bytes per dtype) and the model's verification says how.
    const Report r = evaluate_config(t.dump());
    REQUIRE(r.model.file);
    CHECK(r.model.file->types.empty());
    CHECK(r.model.verification.find("split") != std::string::npos);

    // No config.json: said, naming config.
    fs::remove(dir / "config.json");
    std::string msg;
    CHECK(error_field_and_message([&] { cli::hf_repo_summary_of_dir(dir.string()); }, &msg) == "config");
    CHECK(msg.find("config.json") != std::string::npos);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("hf repo: hostile safetensors headers are refused, naming config", "[hf_repo]") {
    const Header good = tiny_header();
    auto refused = [&](const std::string& header, int64_t size, const char* words) {
        std::string msg;
        INFO(words);
        CHECK(error_field_and_message([&] { hf_repo_summary(kTinyConfig, "", {header}, "x", {size}); }, &msg) == "config");
        INFO(msg);
        CHECK(msg.find(words) != std::string::npos);
    };
    refused("abc", 3, "shorter than the 8 bytes");
    refused(Header::raw("{}", 200'000'000), 300'000'000, "100 MB");
    refused(Header::raw("{}", 5000), 100, "beyond the file");
    refused(Header::raw("{}"), 3, "beyond the file");   // a size smaller than the bytes given
    refused(Header::raw("{\"a\": [1,"), 100, "not a JSON object");
    refused(Header::raw("[1,2]"), 100, "not a JSON object");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2],"data_offsets":[4,0]}})"), 100, "ends before it begins");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2],"data_offsets":[-4,0]}})"), 100, "negative");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[-2],"data_offsets":[0,4]}})"), 100, "negative");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"u":{"dtype":"BF16","shape":[2],"data_offsets":[2,6]}})"), 1000,
            "overlaps");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"u":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}})"), 1000,
            "hole");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[3],"data_offsets":[0,4]}})"), 100, "make 6");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2],"data_offsets":[0,4000]}})"), 100, "beyond the end");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[2]}})"), 100, "needs dtype, shape and data_offsets");
    refused(Header::raw(R"({"t":{"dtype":"BF16","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}})"), 100, "more elements");
    std::string deep(100, '[');
    refused(Header::raw("{\"t\":" + deep), 1000, "nested");
    // The good header passes with its true size, and is refused as beyond a file too small for its data.
    CHECK_NOTHROW(hf_repo_summary(kTinyConfig, "", {good.bytes()}, "x", {good.file_size()}));
    refused(good.bytes(), good.file_size() - 1, "beyond the end");
    // The same tensor in two files; an index naming a tensor no header holds.
    std::string msg;
    CHECK(error_field_and_message([&] { hf_repo_summary(kTinyConfig, "", {good.bytes(), good.bytes()}, "x", {}); }, &msg) == "config");
    CHECK(msg.find("two safetensors files") != std::string::npos);
    const std::string index = R"({"metadata":{"total_size":10},"weight_map":{"model.layers.9.absent.weight":"a.safetensors"}})";
    CHECK(error_field_and_message([&] { hf_repo_summary(kTinyConfig, index, {good.bytes()}, "x", {}); }, &msg) == "config");
    CHECK(msg.find("no safetensors header holds") != std::string::npos);
    CHECK(error_field_and_message([&] { hf_repo_summary(kTinyConfig, "{\"weight_map\":3}", {}, "x", {}); }, &msg) == "config");
    CHECK(error_field_and_message([&] { hf_repo_summary(kTinyConfig, "", {}, "x", {}); }, &msg) == "config");
    CHECK(msg.find("model.safetensors.index.json") != std::string::npos);
}

TEST_CASE("hf repo: quantization_config picks the weight format", "[hf_repo]") {
    // Each library's config as it writes it (docs/hf-repo.md, "Which format"), on the tiny model's index.
    const std::string index = slurp(fixture("qwen3-1.7b-bf16") / "model.safetensors.index.json");
    const std::string base = slurp(fixture("qwen3-1.7b-bf16") / "config.json");
    const std::pair<const char*, const char*> cases[] = {
        {R"({"quant_method":"awq","bits":4,"group_size":128,"zero_point":true,"version":"gemm"})", "awq"},
        {R"({"quant_method":"gptq","bits":4,"group_size":128,"desc_act":false,"sym":true})", "gptq"},
        {R"({"quant_method":"gptq","bits":8,"group_size":128})", "int8"},
        {R"({"quant_method":"fp8","activation_scheme":"dynamic","fmt":"e4m3","weight_block_size":[128,128]})", "fp8"},
        {R"({"quant_method":"compressed-tensors","format":"float-quantized","config_groups":{"group_0":{"targets":["Linear"],
            "weights":{"num_bits":8,"type":"float","strategy":"channel"}}}})", "fp8"},
        {R"({"quant_method":"compressed-tensors","format":"pack-quantized","config_groups":{"group_0":{"targets":["Linear"],
            "weights":{"num_bits":4,"type":"int","group_size":128,"strategy":"group"}}}})", "int4"},
        {R"({"quant_method":"compressed-tensors","format":"int-quantized","config_groups":{"group_0":{"targets":["Linear"],
            "weights":{"num_bits":8,"type":"int","strategy":"channel"}}}})", "int8"},
        {R"({"quant_method":"compressed-tensors","format":"nvfp4-pack-quantized","config_groups":{"group_0":{"targets":["Linear"],
            "weights":{"num_bits":4,"type":"float","group_size":16}}}})", "nvfp4"},
        {R"({"quant_method":"bitsandbytes","load_in_4bit":true,"bnb_4bit_quant_type":"nf4","bnb_4bit_use_double_quant":false})", "nf4"},
        {R"({"quant_method":"bitsandbytes","load_in_4bit":true,"bnb_4bit_quant_type":"nf4","bnb_4bit_use_double_quant":true})", "nf4-dq"},
        {R"({"quant_method":"bitsandbytes","load_in_8bit":true})", "int8"},
        {R"({"quant_method":"mxfp4"})", "mxfp4"},
        {R"({"quant_method":"modelopt","quant_algo":"NVFP4"})", "nvfp4"},
        {R"({"group_size":64,"bits":8})", "int8"},   // MLX mirrors "quantization" here
        {R"({"quant_method":"hqq"})", ""},           // unknown: the scenario's quant stays, and a note says so
    };
    for (const auto& [qc, want] : cases) {
        INFO(qc);
        json cfg = json::parse(base);
        cfg["quantization_config"] = json::parse(qc);
        const json s = json::parse(hf_repo_summary(cfg.dump(), index, {}, "q", {}));
        CHECK(s["quant"] == want);
        CHECK(s["bytes"]["total"] == 3441149952);
        if (std::string(want).empty()) CHECK(s["notes"].dump().find("hqq") != std::string::npos);
        const Report r = evaluate_config(s.dump(), json{{"quant", "q4_k_m"}, {"engine", "vllm"}});
        CHECK(r.scenario.quant == (std::string(want).empty() ? std::string("q4_k_m") : std::string(want)));
    }
    // torch_dtype float16 / float32.
    for (const auto& [dt, want] : {std::pair<const char*, const char*>{"float16", "f16"}, {"float32", "f32"}}) {
        json cfg = json::parse(base);
        cfg["torch_dtype"] = dt;
        CHECK(json::parse(hf_repo_summary(cfg.dump(), index, {}, "q", {}))["quant"] == want);
    }
}

TEST_CASE("hf repo: a plain config.json keeps working, and tampered summaries are refused naming config", "[hf_repo]") {
    const std::string cfg = slurp(fixture("qwen3-1.7b-bf16") / "config.json");
    CHECK(!is_hf_repo_summary(cfg));
    const Report plain = evaluate_config(cfg, json{{"quant", "q4_k_m"}});
    CHECK(plain.scenario.quant == "q4_k_m");
    CHECK(!plain.model.file);

    const json s = summary_of_fixture("qwen3-1.7b-bf16");
    CHECK(is_hf_repo_summary(s.dump()));
    auto refused = [&](json t, const char* words) {
        std::string msg;
        INFO(words);
        CHECK(error_field_and_message([&] { evaluate_config(t.dump()); }, &msg) == "config");
        INFO(msg);
        CHECK(msg.find(words) != std::string::npos);
    };
    json t = s;
    t["bytes"]["layer"][0] = t["bytes"]["layer"][0].get<int64_t>() + 1;
    refused(t, "do not add up");
    t = s;
    t["bytes"]["layer"].erase(0);
    refused(t, "one number per layer");
    t = s;
    t["bytes"]["layer_experts"][0] = t["bytes"]["layer"][0].get<int64_t>() + 1;
    refused(t, "exceed the layer");
    t = s;
    t["quant"] = "q9_z";
    refused(t, "not a weight format");
    t = s;
    t["bytes_from"] = "guess";
    refused(t, "bytes_from");
    t = s;
    t["bytes_from"] = 5;
    refused(t, "bytes_from");
    t = s;
    t["bytes"]["total"] = -5;
    refused(t, "out of range");
    t = s;
    t.erase("config");
    refused(t, "give --config the folder");
    t = s;
    t["config"]["num_hidden_layers"] = 0;
    refused(t, "num_hidden_layers");
}

TEST_CASE("hf repo: mutated headers and indexes give a summary or an error naming config, never a crash", "[hf_repo]") {
    // A fixed seed: 3000 headers and 1000 indexes with bytes overwritten, inserted or cut (run under ASan/UBSan too).
    const Header good = tiny_header();
    const std::string header = good.bytes();
    const std::string index = R"({"metadata":{"total_size":1000},"weight_map":{"model.embed_tokens.weight":"a","model.layers.0.mlp.experts.0.w":"a",)"
                              R"("model.layers.1.x":"b","model.visual.y":"b","lm_head.weight":"b"}})";
    std::mt19937 rng(13);
    auto mutate = [&](std::string t) {
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            const size_t at = rng() % t.size();
            switch (rng() % 3) {
                case 0: t[at] = char(rng() % 256); break;
                case 1: t.insert(at, 1, "{}[]\":,-0123456789e"[rng() % 19]); break;
                default: t.erase(at, 1 + rng() % 8); break;
            }
        }
        return t;
    };
    int refused = 0, passed = 0;
    for (int i = 0; i < 4000; ++i) {
        const bool hdr = i < 3000;
        const std::string h = hdr ? mutate(header) : header;
        const std::string ix = hdr ? std::string() : mutate(index);
        try {
            const std::string s = hdr ? hf_repo_summary(kTinyConfig, "", {h}, "m", {good.file_size()})
                                      : hf_repo_summary(kTinyConfig, ix, {}, "m", {});
            (void)model_from_hf_repo_summary(s);
            ++passed;
        } catch (const InputError& e) {
            CHECK(e.field == "config");
            ++refused;
        }
    }
    CHECK(refused > 0);
    CHECK(refused + passed == 4000);
}

TEST_CASE("hf repo: Gemma's per-layer embedding table is looked up, not read, each decode step", "[hf_repo]") {
    // Gemma 3n / 4 E-series keep a table of n_layer x per-layer width a token (embed_tokens_per_layer): an input
    // embedding, a row of it read per token. Before, its name fell to the output group and decode read it all.
    const Header plain = tiny_header();
    Header with = tiny_header();
    with.add("model.language_model.embed_tokens_per_layer.weight", "BF16", {128, 2 * 256}, 4);
    const int64_t table = 128 * 2 * 256 * 2;
    const json s = json::parse(hf_repo_summary(kTinyConfig, "", {with.bytes()}, "ple", {with.file_size()}));
    CHECK(s["bytes"]["token_embd"] == 128 * 64 * 2 + table);
    CHECK(s["bytes"]["token_embd_lookup"] == table);
    CHECK(s["bytes"]["output"] == 128 * 64 * 2 + 64 * 4);
    const Report a = evaluate_config(hf_repo_summary(kTinyConfig, "", {plain.bytes()}, "plain", {plain.file_size()}));
    const Report b = evaluate_config(s.dump());
    REQUIRE(a.has_speed);
    REQUIRE(b.has_speed);
    CHECK(b.memory.weights_bytes == a.memory.weights_bytes + table);   // held in memory
    CHECK(b.speed.decode_tokens_per_s == Approx(a.speed.decode_tokens_per_s).epsilon(0.001));   // but not read a step
    // A summary claiming more looked-up bytes than its embeddings is refused, naming config.
    json bad = s;
    bad["bytes"]["token_embd_lookup"] = s["bytes"]["token_embd"].get<int64_t>() + 1;
    std::string msg;
    CHECK(error_field_and_message([&] { (void)model_from_hf_repo_summary(bad.dump()); }, &msg) == "config");
}
