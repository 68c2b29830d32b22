// llama.cpp's --split-mode (issue 15): the scenario field, where it is refused, the launch command, the memory rule
// (ik_llama.cpp's row split keeps the KV cache on the main GPU) and the speed warning (row and tensor not modelled).
#include "support.hpp"

#include "headroom/schema.hpp"

using namespace headroom;
using test_support::has_warning;
using test_support::refusal;

namespace {

Scenario two_gpus(const std::string& mode, Engine e = Engine::llama_cpp) {
    Scenario s;
    s.model = "qwen3-32b";
    s.quant = "q4_k_m";
    s.gpu = "rtx-3090";
    s.gpus = 2;
    s.ctx = 32768;
    s.engine = e;
    s.split_mode = mode;
    return s;
}

std::string param(const Report& r, const std::string& code, const std::string& key) {
    for (const Warning& w : r.warnings)
        if (w.code == code)
            for (const Param& p : w.params)
                if (p.name == key) return p.value;
    return "";
}

}  // namespace

TEST_CASE("split_mode: the schema's values, read from JSON and echoed when not the default") {
    const Field* f = find_field("split_mode");
    REQUIRE(f);
    CHECK(f->values == "layer,row,tensor");
    const Scenario s = scenario_from_json(R"({"model":"qwen3-32b","gpu":"rtx-3090","gpus":2,"engine":"llama.cpp","split_mode":"ROW"})");
    CHECK(s.split_mode == "row");
    Scenario bad = two_gpus("layer");
    bad.split_mode = "pipeline";
    const auto e = validate(bad);
    REQUIRE(e);
    CHECK(e->field == "split_mode");
    CHECK(e->message.find("layer, row, tensor") != std::string::npos);
    const auto row = nlohmann::json::parse(scenario_to_json(two_gpus("row")));
    CHECK(row.value("split_mode", "") == "row");
    const auto layer = nlohmann::json::parse(scenario_to_json(two_gpus("layer")));
    CHECK_FALSE(layer.contains("split_mode"));   // the default is not listed
    CHECK(scenario_from_json(scenario_to_json(two_gpus("tensor"))).split_mode == "tensor");   // a report's scenario reopens
}

TEST_CASE("split_mode: refused outside llama.cpp's family, with one GPU, and off the GPUs") {
    CHECK(refusal(two_gpus("row")) == "");
    CHECK(refusal(two_gpus("tensor")) == "");
    CHECK(refusal(two_gpus("row", Engine::generic)) == "");
    CHECK(refusal(two_gpus("row", Engine::ik_llama_cpp)) == "");
    CHECK(refusal(two_gpus("tensor", Engine::ik_llama_cpp)) == "split_mode split_mode_engine");
    for (Engine e : {Engine::vllm, Engine::sglang, Engine::ollama, Engine::transformers}) {
        CHECK(refusal(two_gpus("row", e)) == "split_mode split_mode_engine");
        CHECK(refusal(two_gpus("layer", e)) == "");   // the default stays accepted everywhere
    }
    const auto e = validate(two_gpus("tensor", Engine::vllm));
    REQUIRE(e);
    CHECK(e->message.find("split_mode tensor") != std::string::npos);   // names the field, the value and what is accepted
    CHECK(e->message.find("row with llama.cpp, ik_llama.cpp or generic") != std::string::npos);
    Scenario q8 = two_gpus("tensor");   // llama.cpp's docs/multi-gpu.md: tensor takes f32, f16, bf16 KV only
    q8.kv_quant = "q8_0";
    CHECK(refusal(q8) == "kv_quant split_mode_tensor_kv");
    q8.split_mode = "row";
    CHECK(refusal(q8) == "");
    q8.split_mode = "tensor";
    q8.kv_quant = "bf16";
    CHECK(refusal(q8) == "");
    Scenario one = two_gpus("row");
    one.gpus = 1;
    CHECK(refusal(one) == "split_mode split_mode_one_gpu");
    Scenario mixed = two_gpus("row");
    mixed.gpus = 1;
    mixed.gpu = "rtx-4090+rtx-3090";
    CHECK(refusal(mixed) == "");
    Scenario off = two_gpus("row");
    off.placement = Placement::offload;
    CHECK(refusal(off) == "split_mode split_mode_placement");
}

TEST_CASE("split_mode: the launch command passes --split-mode") {
    for (const char* mode : {"layer", "row", "tensor"}) {
        const Report r = evaluate(two_gpus(mode));
        INFO(r.launch.command);
        CHECK(r.launch.command.find(std::string(" --split-mode ") + mode + " --tensor-split ") != std::string::npos);
    }
    // Ollama has no split-mode setting: its alternative goes with a row or tensor split.
    auto has_ollama = [](const Report& r) {
        for (const LaunchAlt& a : r.launch.others)
            if (a.tool == "ollama") return true;
        return false;
    };
    CHECK(has_ollama(evaluate(two_gpus("layer"))));
    CHECK_FALSE(has_ollama(evaluate(two_gpus("row"))));
    const Report ik = evaluate(two_gpus("row", Engine::ik_llama_cpp));
    CHECK(ik.launch.command.find(" --split-mode row ") != std::string::npos);
}

TEST_CASE("split_mode: ik_llama.cpp's row split keeps the KV cache on the main GPU, llama.cpp's spreads it by layer") {
    const Report layer = evaluate(two_gpus("layer", Engine::ik_llama_cpp));
    const Report row = evaluate(two_gpus("row", Engine::ik_llama_cpp));
    REQUIRE(layer.memory.per_device.size() == 2);
    REQUIRE(row.memory.per_device.size() == 2);
    const int64_t kv = row.memory.kv_cache_bytes;
    REQUIRE(kv > 0);
    CHECK(kv == layer.memory.kv_cache_bytes);
    // Each layer's KV share moves from its device to device 0: the second device loses exactly what it held.
    const int64_t per_layer = int64_t(double(kv) / row.model.n_layer);
    const int64_t moved = layer.memory.per_device[1].used_bytes - row.memory.per_device[1].used_bytes;
    CHECK(moved > 0);
    CHECK(moved % per_layer == 0);
    CHECK(row.memory.per_device[0].used_bytes - layer.memory.per_device[0].used_bytes == moved);
    CHECK(row.memory.total_bytes == layer.memory.total_bytes);
    // Mainline llama.cpp assigns each layer (and its KV) to a device by the split points in the layer and row splits; the
    // tensor split gives every GPU an even share of every layer's weights and KV (docs/multi-gpu.md: "tensor splits tensor
    // segments evenly"), as a tensor-parallel engine does.
    const Report l = evaluate(two_gpus("layer")), r = evaluate(two_gpus("row")), t = evaluate(two_gpus("tensor"));
    REQUIRE(t.memory.per_device.size() == 2);
    for (size_t i = 0; i < 2; ++i) CHECK(r.memory.per_device[i].used_bytes == l.memory.per_device[i].used_bytes);
    CHECK(t.memory.per_device[0].used_bytes == t.memory.per_device[1].used_bytes);
    CHECK(l.memory.per_device[0].used_bytes != l.memory.per_device[1].used_bytes);   // the layer split is by whole layers
    const int64_t weights_half = (t.memory.weights_bytes + 1) / 2;
    CHECK(t.memory.per_device[0].used_bytes > weights_half);
    CHECK(t.memory.per_device[0].used_bytes < weights_half + t.memory.kv_cache_bytes + t.memory.activations_bytes + t.memory.overhead_bytes);
}

TEST_CASE("split_mode tensor: refused for the architectures llama.cpp does not split so, and on mixed cards") {
    // llama.cpp's docs/multi-gpu.md: "LLAMA_SPLIT_MODE_TENSOR not implemented for architecture" for DeepSeek2 (MLA), GLM-DSA,
    // the Mamba hybrids, LFM2-MoE, Gemma-3n, MiniMax-M2, OLMo2, ...
    for (const char* id : {"deepseek-v3", "kimi-k2", "glm-5", "nemotron-3-nano-30b-a3b", "gemma-3n-e2b", "minimax-m2.7", "olmo-2-7b"}) {
        REQUIRE(catalog().find_model(id));
        Scenario s = two_gpus("tensor");
        s.model = id;
        INFO(id);
        CHECK(refusal(s) == "split_mode split_mode_tensor_arch");
    }
    for (const char* id : {"llama-3.1-8b", "qwen3-32b", "qwen3-next-80b-a3b", "gpt-oss-20b", "qwen3-30b-a3b"}) {
        Scenario s = two_gpus("tensor");
        s.model = id;
        INFO(id);
        CHECK(refusal(s) == "");
    }
    const auto e = validate([] { Scenario s = two_gpus("tensor"); s.model = "deepseek-v3"; return s; }());
    REQUIRE(e);
    CHECK(e->message.find("deepseek2") != std::string::npos);
    Scenario mixed = two_gpus("tensor");
    mixed.gpu = "rtx-4090+rtx-3060-12gb";
    mixed.gpus = 1;
    CHECK(refusal(mixed) == "split_mode split_mode_tensor_mixed");
}

TEST_CASE("split_mode: row's speed is the layer split's, said in a warning, tensor runs as tensor parallelism") {
    const Report l = evaluate(two_gpus("layer"));
    CHECK_FALSE(has_warning(l, "split_mode_speed"));
    const Report r = evaluate(two_gpus("row"));
    CHECK(has_warning(r, "split_mode_speed"));
    CHECK(param(r, "split_mode_speed", "split_mode") == "row");
    int n = 0;
    for (const Warning& w : r.warnings) n += w.code == "split_mode_speed";
    CHECK(n == 1);
    CHECK(r.speed.decode_tokens_per_s == Approx(l.speed.decode_tokens_per_s));
    CHECK(r.speed.prefill_tokens_per_s == Approx(l.speed.prefill_tokens_per_s));
    // Tensor: each GPU reads half of every layer a step (faster decode than the layer split, which reads them in turn),
    // plus the all-reduces; no warning that it is not modelled.
    Scenario ts = two_gpus("tensor");
    ts.kv_quant = "f16";
    const Report t = evaluate(ts);
    CHECK_FALSE(has_warning(t, "split_mode_speed"));
    CHECK(t.speed.decode_tokens_per_s > 1.3 * l.speed.decode_tokens_per_s);
    CHECK(t.speed.decode_tokens_per_s < 2.0 * l.speed.decode_tokens_per_s);
}

TEST_CASE("split_mode tensor against llama.cpp PR #19378's 4 x RTX 4090 table (out of sample: nothing fitted on it)") {
    // gpt-oss-120b MXFP4, -sm tensor, tg128: 179.79 tokens/s; Llama 3.2 1B F16: 409.87 (tests/data/speed_measurements.json).
    Scenario s;
    s.gpu = "rtx-4090";
    s.gpus = 4;
    s.engine = Engine::llama_cpp;
    s.split_mode = "tensor";
    s.kv_quant = "f16";
    s.ctx = 4096;
    s.model = "gpt-oss-120b";
    s.quant = "mxfp4";
    CHECK(evaluate(s).speed.decode_tokens_per_s == Approx(179.79).epsilon(0.15));
    s.model = "llama-3.2-1b";
    s.quant = "f16";
    CHECK(evaluate(s).speed.decode_tokens_per_s == Approx(409.87).epsilon(0.15));
    // Prefill (pp512): the micro-batch's all-reduces of an F32 hidden state over PCIe bound a small model's (18,753
    // tokens/s measured; 12x that without them, 3.1x with them: the host-staged copies of cards without PCIe peer-to-peer
    // are not modelled); a large one is compute-bound (gpt-oss-120b: 5,446 measured).
    s.task_in_tokens = 512;
    CHECK(evaluate(s).speed.prefill_tokens_per_s < 3.5 * 18753.4);
    s.model = "gpt-oss-120b";
    s.quant = "mxfp4";
    CHECK(evaluate(s).speed.prefill_tokens_per_s == Approx(5446.2).epsilon(0.15));
}

TEST_CASE("split_mode: row and tensor keep every layer on the GPUs, when they do not fit, auto says so instead of an offload") {
    for (const char* mode : {"row", "tensor"}) {
        Scenario s = two_gpus(mode);
        s.model = "llama-3.1-70b";
        s.gpu = "rtx-3060-12gb";
        s.kv_quant = "f16";
        INFO(mode);
        const Report r = evaluate(s);
        CHECK_FALSE(r.fit.fits);
        CHECK(r.fit.placement == Placement::gpu);
        CHECK(has_warning(r, "split_mode_no_offload"));
        s.split_mode = "layer";
        const Report l = evaluate(s);
        CHECK(l.fit.fits);   // the layer split offloads
        CHECK(l.fit.placement == Placement::offload);
        CHECK_FALSE(has_warning(l, "split_mode_no_offload"));
    }
}

