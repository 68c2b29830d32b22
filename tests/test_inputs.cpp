// Outside input: config.json, specs, scenario JSON. Every failure names its field; nothing crashes.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
using test_support::all_finite;
using test_support::field_of;

namespace {

// A HF config.json equal to a catalog entry's shape, to compare the two paths.
const char* kLlama31_8b = R"({"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":4096,
  "intermediate_size":14336,"num_attention_heads":32,"num_hidden_layers":32,"num_key_value_heads":8,
  "vocab_size":128256,"max_position_embeddings":131072,"tie_word_embeddings":false,"rms_norm_eps":1e-05})";
// DeepSeek-V3 config.json (deepseek-ai/DeepSeek-V3, keys that matter for the shape)
const char* kDeepseekV3 = R"({"model_type":"deepseek_v3","hidden_size":7168,"intermediate_size":18432,
  "moe_intermediate_size":2048,"n_routed_experts":256,"n_shared_experts":1,"num_experts_per_tok":8,
  "first_k_dense_replace":3,"num_hidden_layers":61,"num_attention_heads":128,"num_key_value_heads":128,
  "q_lora_rank":1536,"kv_lora_rank":512,"qk_nope_head_dim":128,"qk_rope_head_dim":64,"v_head_dim":128,
  "vocab_size":129280,"max_position_embeddings":163840,"tie_word_embeddings":false})";
// google/gemma-3-27b-it config.json: the language model sits in text_config
const char* kGemma3 = R"({"architectures":["Gemma3ForConditionalGeneration"],"model_type":"gemma3",
  "text_config":{"model_type":"gemma3_text","hidden_size":5376,"intermediate_size":21504,"num_attention_heads":32,
  "num_hidden_layers":62,"num_key_value_heads":16,"head_dim":128,"sliding_window":1024,"sliding_window_pattern":6,
  "vocab_size":262208,"max_position_embeddings":131072},"tie_word_embeddings":true})";
// openai/gpt-oss-20b config.json (shape keys)
const char* kGptOss = R"({"model_type":"gpt_oss","hidden_size":2880,"intermediate_size":2880,"num_local_experts":32,
  "num_experts_per_tok":4,"num_hidden_layers":24,"num_attention_heads":64,"num_key_value_heads":8,"head_dim":64,
  "vocab_size":201088,"sliding_window":128,"attention_bias":true,"tie_word_embeddings":false,"max_position_embeddings":131072,
  "layer_types":["sliding_attention","full_attention","sliding_attention","full_attention","sliding_attention","full_attention",
  "sliding_attention","full_attention","sliding_attention","full_attention","sliding_attention","full_attention",
  "sliding_attention","full_attention","sliding_attention","full_attention","sliding_attention","full_attention",
  "sliding_attention","full_attention","sliding_attention","full_attention","sliding_attention","full_attention"]})";
}  // namespace

TEST_CASE("config.json gives the same shape as the catalog") {
    const Model a = model_from_hf_config(kLlama31_8b);
    CHECK(params_total(a) == params_total(*catalog().find_model("llama-3.1-8b")));
    const Model d = model_from_hf_config(kDeepseekV3);
    CHECK(params_total(d) == 671026419200);
    CHECK(params_active(d) == 37552297472);
    CHECK(d.is_mla());
    const Model g = model_from_hf_config(kGemma3);
    CHECK(g.n_layer_swa == 52);
    CHECK(g.swa_window == 1024);
    CHECK(params_total(g) == params_total(*catalog().find_model("gemma-3-27b")));
    const Model o = model_from_hf_config(kGptOss);
    CHECK(o.n_layer_swa == 12);
    CHECK(params_total(o) == params_total(*catalog().find_model("gpt-oss-20b")));

    Scenario s;
    s.custom_model = model_from_hf_config(kLlama31_8b);
    s.custom_model_origin = "config";
    CHECK(evaluate(s).memory.total_bytes == evaluate(Scenario{}).memory.total_bytes);
}

TEST_CASE("hostile or malformed config.json is refused with the field named") {
    CHECK(field_of([] { model_from_hf_config("not json"); }) == "config");
    CHECK(field_of([] { model_from_hf_config("[1,2,3]"); }) == "config");
    CHECK(field_of([] { model_from_hf_config("{}"); }) == "config");
    CHECK(field_of([] { model_from_hf_config(R"({"num_hidden_layers":-3,"hidden_size":4096})"); }) == "config");
    CHECK(field_of([] { model_from_hf_config(R"({"num_hidden_layers":"32"})"); }) == "config");
    CHECK(field_of([] { model_from_hf_config(R"({"num_hidden_layers":1e300,"hidden_size":1})"); }) == "config");
    CHECK(field_of([] {
              model_from_hf_config(R"({"num_hidden_layers":2,"hidden_size":64,"num_attention_heads":6,"num_key_value_heads":4,"vocab_size":10,"intermediate_size":10})");
          }) == "config");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(field_of([&] { model_from_hf_config(deep); }) == "config");
    const std::string huge = "{\"a\":\"" + std::string(2 << 20, 'x') + "\"}";
    CHECK(field_of([&] { model_from_hf_config(huge); }) == "config");
}

TEST_CASE("device and host specs") {
    const Device d = parse_device_spec("vendor=nvidia,mem_gb=24,bw_gbps=1008,fp16_tflops=165");
    CHECK(d.mem_bytes == int64_t(24) * 1073741824);
    CHECK(d.mem_bw_gbps == 1008);
    CHECK(d.vendor == Vendor::nvidia);
    CHECK(parse_device_spec("vendor=apple,mem_gb=64,bw_gbps=400").unified_memory);
    CHECK(field_of([] { parse_device_spec("vendor=nvidia,mem_gb=24"); }) == "device");
    CHECK(field_of([] { parse_device_spec("vendor=nvidia,mem_gb=-1,bw_gbps=100"); }) == "device");
    CHECK(field_of([] { parse_device_spec("vendor=nvidia,mem_gb=nan,bw_gbps=100"); }) == "device");
    CHECK(field_of([] { parse_device_spec("vendor=foo,mem_gb=1,bw_gbps=100"); }) == "device");
    CHECK(field_of([] { parse_device_spec("mem_gb=1,bw_gbps=100,color=red"); }) == "device");
    const HostSpec h = parse_host_spec("ram_gb=128, pcie_gbps=50");
    CHECK(h.ram_gb == 128);
    CHECK(h.pcie_gbps == 50);
    CHECK(h.disk_gbps == HostSpec{}.disk_gbps);
    CHECK(field_of([] { parse_host_spec("ram_gb=0"); }) == "host");
    CHECK(field_of([] { parse_host_spec("ram_gb"); }) == "host");
}

TEST_CASE("scenario validation names the field") {
    auto bad = [](const char* json) { return test_support::scenario_field(json); };
    CHECK(bad(R"({"model":"nope"})") == "model");
    CHECK(bad(R"({"gpu":"gtx-9999"})") == "gpu");
    CHECK(bad(R"({"quant":"q9_z"})") == "quant");
    CHECK(bad(R"({"kv_quant":"int3"})") == "kv_quant");
    CHECK(bad(R"({"ctx":0})") == "ctx");
    CHECK(bad(R"({"ctx":-5})") == "ctx");
    CHECK(bad(R"({"ctx":1e30})") == "ctx");
    CHECK(bad(R"({"ctx":"abc"})") == "ctx");
    CHECK(bad(R"({"ctx":4096.5})") == "ctx");
    CHECK(bad(R"({"batch":0})") == "batch");
    CHECK(bad(R"({"gpus":100000})") == "gpus");
    CHECK(bad(R"({"engine":"koboldcpp"})") == "engine");   // an engine headroom does not model (ollama became one, issue 15)
    CHECK(bad(R"({"placement":"moon"})") == "placement");
    CHECK(bad(R"({"params_b":-7})") == "params_b");
    CHECK(bad(R"({"params_b":"<script>"})") == "params_b");
    CHECK(bad(R"({"colour":"red"})") == "colour");
    CHECK(bad(R"({"mode":"full","method":"rule-of-thumb"})") == "method");
    CHECK(bad(R"({"gpu":"m2-ultra-192gb","placement":"offload"})") == "placement");
    // cpu-moe: a mixture of experts on a discrete GPU with llama.cpp; n_cpu_moe only with cpu-moe or auto
    CHECK(bad(R"({"model":"llama-3.1-8b","placement":"cpu-moe"})") == "placement");
    CHECK(bad(R"({"model":"llama-3.1-8b","n_cpu_moe":4})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","engine":"vllm","n_cpu_moe":4})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","gpu":"m2-ultra-192gb","placement":"cpu-moe"})") == "placement");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","placement":"offload","n_cpu_moe":4})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","n_cpu_moe":-2})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","n_cpu_moe":"x"})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","mode":"lora","n_cpu_moe":4})") == "n_cpu_moe");
    CHECK(bad(R"({"model":"qwen3-30b-a3b","n_cpu_moe":4})") == "<none>");
    CHECK(bad("[]") == "scenario");
}

TEST_CASE("evaluate_json: errors as values, and a round trip of the scenario") {
    auto bad = nlohmann::json::parse(evaluate_json(R"({"model":"nope"})"));
    CHECK(bad["ok"] == false);
    CHECK(bad["error"]["field"] == "model");
    auto good = nlohmann::json::parse(evaluate_json(R"({"model":"qwen3-30b-a3b","quant":"q8_0","ctx":"32768"})"));
    REQUIRE(good["ok"] == true);
    const auto& sc = good["report"]["scenario"];
    CHECK(sc["ctx"] == 32768);
    // scenario -> JSON -> scenario gives the same report
    const std::string again = evaluate_json(sc.dump());
    CHECK(nlohmann::json::parse(again)["report"] == good["report"]);
}

TEST_CASE("token counts read 32k as 32768 tokens, as context lengths are named, and other counts take no K") {
    const auto field_value = [](const char* key, const char* text) {
        const auto r = nlohmann::json::parse(evaluate_json(nlohmann::json{{key, text}}.dump()));
        return r["ok"] == true ? r["report"]["scenario"][key] : r["error"]["code"];
    };
    CHECK(field_value("ctx", "32k") == 32768);
    CHECK(field_value("ctx", "128K") == 131072);
    CHECK(field_value("ctx", "1.5k") == 1536);
    CHECK(field_value("task_in_tokens", "2k") == 2048);
    CHECK(field_value("ctx", "1.1k") == "not_integer");   // 1126.4 tokens
    CHECK(field_value("ctx", "k") == "not_integer");
    CHECK(field_value("ctx", "32kk") == "not_integer");
    // The message names what was typed, not what was left after the K.
    CHECK(nlohmann::json::parse(evaluate_json(R"({"ctx":"32kk"})"))["error"]["params"]["got"] == "32kk");
    CHECK(field_value("batch", "2k") == "not_integer");  // sequences, not tokens
    CHECK(field_value("ctx", "99999k") == "out_of_range");
}

TEST_CASE("no nan or inf anywhere over the catalog") {
    for (const Model& m : test_support::sweep_models())
        for (const char* q : {"f16", "q4_k_m", "iq2_xxs", "gptq", "mxfp4", "fp8"}) {
            Scenario s;
            s.model = m.id;
            s.quant = q;
            s.ctx = 131072;
            s.gpu = "rtx-3060-12gb";
            // nlohmann writes NaN and infinities as null: a report must have neither, and every number finite.
            const auto j = nlohmann::json::parse(report_to_json(evaluate(s)));
            INFO(m.id << " " << q);
            CHECK(all_finite(j));
            const Report r = evaluate(s);
            CHECK(r.memory.total_bytes > 0);
            CHECK(r.memory.weights_bytes > 0);
        }
}

TEST_CASE("calibrate from a claims file") {
    // A synthetic document in the headroom.claims/1 shape (not a measurement: never committed as a file).
    const std::string claims = R"({"schema":"headroom.claims/1","backend":"cuda","ok":true,
      "machine":{"device":{"name":"synthetic test GPU"}},"links":{"h2d_pinned_gbps":53.2,"disk_read_gbps":6.8}})";
    Scenario s;
    s.placement = Placement::stream;
    const double before = evaluate(s).speed.decode_tokens_per_s;
    apply_claims(s, claims);
    CHECK(s.host.pcie_gbps == 53.2);
    CHECK(s.host.disk_gbps == 6.8);
    CHECK(s.claims_applied.find("synthetic test GPU") != std::string::npos);
    CHECK(evaluate(s).speed.decode_tokens_per_s > before);   // a faster link streams faster
    auto field = [](const std::string& text) {
        Scenario t;
        return field_of([&] { apply_claims(t, text); });
    };
    CHECK(field("nope") == "claims");
    CHECK(field(R"({"schema":"headroom.claims/1","backend":"cpu","ok":true,"links":{}})") == "claims");
    CHECK(field(R"({"schema":"headroom.claims/1","backend":"cuda","ok":true,"links":{"h2d_pinned_gbps":-1,"disk_read_gbps":1}})") == "claims");
    CHECK(field(R"({"schema":"other","backend":"cuda"})") == "claims");
}
