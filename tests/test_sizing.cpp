#include <algorithm>
// Golden numbers: the seeds' arithmetic, exact KV-cache sizes, published GGUF file sizes.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
using Catch::Matchers::WithinRel;

using test_support::make;

TEST_CASE("KV cache: exact sizes for GQA, MHA, MLA and sliding windows") {
    SECTION("Llama-3.1-8B, f16, 8192 tokens: 32 layers x 8 KV heads x 128 x 2 (K,V) x 2 bytes x 8192") {
        CHECK(evaluate(make("llama-3.1-8b", "q4_k_m")).memory.kv_cache_bytes == 1073741824);
    }
    SECTION("Llama-2-7B is full MHA: 32 x 32 x 128 x 2 x 2 = 512 KiB per token") {
        CHECK(evaluate(make("llama-2-7b", "f16", 4096)).memory.kv_cache_bytes == int64_t(524288) * 4096);
    }
    SECTION("DeepSeek-V3 MLA caches the latent: 61 layers x (512 + 64) x 2 bytes = 70,272 bytes per token") {
        Scenario s = make("deepseek-v3", "q4_k_m", 1);
        s.engine = Engine::vllm;
        CHECK(evaluate(s).memory.kv_cache_bytes == 70272);
        s.engine = Engine::llama_cpp;
        CHECK(evaluate(s).memory.kv_cache_bytes == 70272);
        // transformers expands per head: 61 x 128 x (192 + 128) x 2 bytes
        s.engine = Engine::transformers;
        CHECK(evaluate(s).memory.kv_cache_bytes == int64_t(61) * 128 * 320 * 2);
    }
    SECTION("Gemma-3-27B: 52 of 62 layers slide over 1024 tokens") {
        const int64_t per_layer_token = 2 * 16 * 128 * 2;
        // llama.cpp keeps the window and one micro-batch, padded to 256 (llama-kv-cache-iswa.cpp): 1024 + 512 cells,
        // 1024 + 2048 at -ub 2048; vLLM the window.
        Scenario s = make("gemma-3-27b", "q4_k_m", 32768);
        CHECK(evaluate(s).memory.kv_cache_bytes == per_layer_token * (10 * 32768 + 52 * 1536));
        s.ubatch = 2048;
        CHECK(evaluate(s).memory.kv_cache_bytes == per_layer_token * (10 * 32768 + 52 * 3072));
        s.engine = Engine::vllm;
        CHECK(evaluate(s).memory.kv_cache_bytes == per_layer_token * (10 * 32768 + 52 * 1024));
        // ik_llama.cpp gives every layer the whole context (issue #1607).
        s.engine = Engine::ik_llama_cpp;
        CHECK(evaluate(s).memory.kv_cache_bytes == per_layer_token * 62 * 32768);
        // llama.cpp keeps the sliding layers in F16 under a quantized cache (PR #21277): q8_0 (8.5 bits) on the 10
        // global layers only.
        s.engine = Engine::llama_cpp;
        s.ubatch.reset();
        s.kv_quant = "q8_0";
        CHECK(evaluate(s).memory.kv_cache_bytes == per_layer_token / 16 * 17 / 2 * 10 * 32768 + per_layer_token * 52 * 1536);
        CHECK(evaluate(make("gemma-3-27b", "q4_k_m", 512)).memory.kv_cache_bytes == per_layer_token * 62 * 512);
    }
    SECTION("gpt-oss-20b alternates 128-token windows and full attention") {
        // The 12 windowed layers in llama.cpp: "18.00 MiB (768 cells, 12 layers)" in the load log of ggml-org's
        // gpt-oss-20b-mxfp4.gguf at -c 131072 (ik_llama.cpp issue #822; tests/data/gguf/gpt-oss-20b-mxfp4.json).
        CHECK(evaluate(make("gpt-oss-20b", "mxfp4", 131072)).memory.kv_cache_bytes == int64_t(2 * 8 * 64 * 2) * (12 * 131072 + 12 * 768));
        CHECK(int64_t(2 * 8 * 64 * 2) * 12 * 768 == 18 * 1024 * 1024);
    }
    SECTION("KV quantization and batch scale it exactly") {
        Scenario s = make("llama-3.1-8b", "q4_k_m");
        s.kv_quant = "q8_0";   // 34 bytes per 32 elements
        CHECK(evaluate(s).memory.kv_cache_bytes == int64_t(1073741824) / 2 * 34 / 32);
        s.kv_quant = "q4_0";   // 18 bytes per 32
        CHECK(evaluate(s).memory.kv_cache_bytes == int64_t(1073741824) / 2 * 18 / 32);
        s.kv_quant = "f16";
        s.batch = 4;
        CHECK(evaluate(s).memory.kv_cache_bytes == int64_t(4) * 1073741824);
    }
}

TEST_CASE("rule of thumb reproduces the seed articles' arithmetic exactly") {
    // source: seeds/003 (7B FP16 = 14 GB, x1.3 = 18.2 GB; 13B INT8 16.9 GB) and seeds/001 + 002 (70B INT4 = 35 GB, 45.5 GB)
    struct Row { const char* model; const char* quant; int64_t weights, total; };
    const Row rows[] = {{"llama-2-7b", "f16", 14'000'000'000, 18'200'000'000},
                        {"llama-2-70b", "int4", 35'000'000'000, 45'500'000'000},
                        {"llama-2-13b", "int8", 13'000'000'000, 16'900'000'000}};
    for (const Row& r : rows) {
        INFO(r.model << " " << r.quant);
        Scenario s = make(r.model, r.quant, 4096, "rtx-4090");
        s.method = Method::rule_of_thumb;
        const Report rep = evaluate(s);
        CHECK(rep.memory.weights_bytes == r.weights);
        CHECK(rep.memory.total_bytes == r.total);
        // and says what the detailed model gives
        REQUIRE(!rep.warnings.empty());
        CHECK(rep.warnings[0].code == "rule_of_thumb");
    }
    SECTION("a bare parameter count works the same way") {
        Scenario s = make("x", "f16", 4096, "rtx-4090");
        s.custom_model = model_from_params_b(7);
        s.custom_model_origin = "params_b";
        s.params_b = 7;
        s.method = Method::rule_of_thumb;
        CHECK(evaluate(s).memory.total_bytes == 18'200'000'000);
    }
    SECTION("seed claim: a 32 GB card holds the 70B INT4 model the rule of thumb puts at 45.5 GB? No") {
        Scenario s = make("llama-2-70b", "int4", 4096, "rtx-5090");
        s.method = Method::rule_of_thumb;
        s.placement = Placement::gpu;
        CHECK_FALSE(evaluate(s).fit.fits);
        s.method = Method::detailed;
        CHECK_FALSE(evaluate(s).fit.fits);
    }
}

TEST_CASE("GGUF weight sizes are within 2% of published files") {
    // source: tests/data/gguf_file_sizes.json (each row cites its file listing, llama-bench table or README)
    std::ifstream f(HEADROOM_TEST_DATA "/gguf_file_sizes.json");
    REQUIRE(f);
    const auto data = nlohmann::json::parse(f);
    int checked = 0;
    for (const auto& row : data.at("rows")) {
        if (row.contains("excluded")) continue;
        const std::string model = row.at("model"), quant = row.at("quant");
        double ref = 0;
        if (row.contains("size_bytes")) ref = row["size_bytes"].get<double>();
        else if (row.contains("size_gib")) ref = row["size_gib"].get<double>() * 1073741824.0;
        else ref = row.at("size_gb").get<double>() * 1e9;
        INFO(model << " " << quant << " " << row.at("source").get<std::string>());
        const Report r = evaluate(make(model.c_str(), quant.c_str(), 512));
        CHECK_THAT(double(r.memory.weights_bytes), WithinRel(ref, 0.02));
        ++checked;
    }
    CHECK(checked >= 30);
}

TEST_CASE("grouped formats: exact bits per weight of the layouts") {
    const Model& m = *catalog().find_model("llama-2-7b");
    const int64_t linear = params_total(m) - 2 * int64_t(m.n_vocab) * m.n_embd - int64_t(m.n_layer * 2 + 1) * m.n_embd;
    const int64_t keep16 = 2 * (2 * int64_t(m.n_vocab) * m.n_embd + int64_t(m.n_layer * 2 + 1) * m.n_embd);
    SECTION("AWQ g128: 4 + 16/128 + 4/128 = 4.15625 bits on linear weights, 16 bits elsewhere") {
        CHECK(evaluate(make("llama-2-7b", "awq")).memory.weights_bytes == int64_t(std::ceil(linear * 4.15625 / 8)) + keep16);
    }
    SECTION("NF4 without double quantization: 4.5 bits") {
        // per-tensor rounding up to whole bytes: at most one byte per tensor
        const int64_t expect = int64_t(linear * 4.5 / 8) + keep16;
        CHECK(std::llabs(evaluate(make("llama-2-7b", "nf4")).memory.weights_bytes - expect) <= 7 * 32 + 2);
    }
}

TEST_CASE("memory grows with context, batch and bits, placements behave") {
    Scenario s = make("qwen2.5-14b", "q4_k_m", 4096, "rtx-4090");
    const int64_t base = evaluate(s).memory.total_bytes;
    s.ctx = 16384;
    CHECK(evaluate(s).memory.total_bytes > base);
    s.batch = 4;
    const int64_t b4 = evaluate(s).memory.total_bytes;
    s.quant = "q8_0";
    CHECK(evaluate(s).memory.total_bytes > b4);

    SECTION("70B Q4_K_M on a 4 GB laptop card: auto offloads some layers") {
        Scenario t = make("llama-3.1-70b", "q4_k_m", 4096, "rtx-3050-laptop-4gb");
        const Report r = evaluate(t);
        CHECK(r.fit.fits);
        CHECK(r.fit.placement == Placement::offload);
        CHECK(r.fit.gpu_layers >= 1);
        CHECK(r.fit.gpu_layers < 80);
        CHECK(r.memory.host_bytes > 30'000'000'000);
        CHECK(r.memory.per_device[0].used_bytes <= r.memory.per_device[0].capacity_bytes);
    }
    SECTION("layer streaming holds two layer slots, not the model") {
        Scenario t = make("llama-3.1-70b", "f16", 2048, "rtx-3050-laptop-4gb");
        t.placement = Placement::stream;
        t.host.ram_gb = 256;
        const Report r = evaluate(t);
        CHECK(r.fit.fits);
        CHECK(r.memory.per_device[0].used_bytes < 4'000'000'000);
        CHECK(r.memory.host_bytes == r.memory.weights_bytes);
    }
    SECTION("vLLM tensor parallel splits weights across devices") {
        Scenario t = make("llama-3.1-70b", "bf16", 8192, "h100-sxm");
        t.engine = Engine::vllm;
        t.placement = Placement::gpu;
        t.gpus = 1;
        CHECK_FALSE(evaluate(t).fit.fits);
        t.gpus = 2;
        const Report r = evaluate(t);
        CHECK(r.fit.fits);
        REQUIRE(r.memory.per_device.size() == 2);
        CHECK(r.memory.per_device[0].used_bytes < r.memory.weights_bytes / 2 + 10'000'000'000);
    }
    SECTION("Apple unified memory: the GPU gets 3/4 of a 192 GB machine, 2/3 of a 16 GB one") {
        const Report r = evaluate(make("llama-3.1-70b", "q8_0", 8192, "m2-ultra-192gb"));
        CHECK(r.memory.per_device[0].capacity_bytes == int64_t(192) * 1073741824 / 4 * 3);
        CHECK(evaluate(make("llama-3.1-8b", "q4_k_m", 8192, "m1-16gb")).memory.per_device[0].capacity_bytes ==
              int64_t(16) * 1073741824 / 3 * 2);
        CHECK(r.fit.fits);
    }
}

TEST_CASE("cpu-moe: routed experts in host RAM, everything else on the GPU (llama.cpp --n-cpu-moe)") {
    Scenario s = make("gpt-oss-120b", "mxfp4_moe", 8192, "rtx-4090");
    s.engine = Engine::llama_cpp;
    const Report all_gpu = [&] { Scenario g = s; g.placement = Placement::gpu; return evaluate(g); }();
    REQUIRE_FALSE(all_gpu.fit.fits);

    SECTION("auto picks cpu-moe for a mixture of experts, with the fewest expert layers off the GPU") {
        const Report r = evaluate(s);
        REQUIRE(r.fit.fits);
        CHECK(r.fit.placement == Placement::cpu_moe);
        CHECK(r.fit.gpu_layers == 36);
        const int n = r.fit.n_cpu_moe;
        CHECK(n > 0);
        CHECK(n < 36);
        // minimal: one layer fewer does not fit
        Scenario fewer = s;
        fewer.n_cpu_moe = n - 1;
        const Report f = evaluate(fewer);
        CHECK(f.fit.placement == Placement::cpu_moe);
        CHECK_FALSE(f.fit.fits);
        // the GPU holds everything but the moved experts: weights + KV + buffers - host = GPU demand
        CHECK(r.memory.per_device[0].used_bytes == r.memory.total_bytes - r.memory.host_bytes);
        CHECK(r.memory.host_bytes > 30'000'000'000);
        CHECK(std::any_of(r.warnings.begin(), r.warnings.end(), [](const Warning& w) { return w.code == "auto_cpu_moe"; }));
    }
    SECTION("per byte moved off the GPU it beats layer offload: a token reads only k/E of the moved experts") {
        const Report moe = evaluate(s);
        Scenario o = s;
        o.placement = Placement::offload;
        const Report off = evaluate(o);
        REQUIRE(off.fit.fits);
        CHECK(moe.speed.decode_tokens_per_s > 1.3 * off.speed.decode_tokens_per_s);
        CHECK(moe.speed.host_bytes_per_token < off.speed.host_bytes_per_token);
        // host bytes per token: the experts of the CPU layers x 4/128 at batch 1 (host_bytes also holds the
        // input embedding, which llama.cpp keeps in host RAM and reads one row of)
        CHECK(double(moe.speed.host_bytes_per_token) < double(moe.memory.host_bytes) * 4 / 128);
        CHECK(double(moe.speed.host_bytes_per_token) > double(moe.memory.host_bytes) * 4 / 128 * 0.97);
        CHECK(moe.speed.decode_bound == Bound::host_memory);
        CHECK(moe.speed.host_efficiency > 0);
    }
    SECTION("--n-cpu-moe N is taken as given; with placement auto it selects cpu-moe, as in llama.cpp") {
        Scenario g = s;
        g.n_cpu_moe = 36;   // --cpu-moe: all of them (61 GB of experts: more than 90% of 64 GB of RAM)
        CHECK_FALSE(evaluate(g).fit.fits);
        g.host.ram_gb = 128;
        const Report r = evaluate(g);
        CHECK(r.fit.placement == Placement::cpu_moe);
        CHECK(r.fit.n_cpu_moe == 36);
        CHECK(r.fit.fits);
        g.n_cpu_moe = 1000;   // more than the model has: all of them
        CHECK(evaluate(g).fit.n_cpu_moe == 36);
    }
    SECTION("host RAM must hold the experts") {
        Scenario g = s;
        g.host.ram_gb = 16;
        g.placement = Placement::cpu_moe;
        const Report r = evaluate(g);
        CHECK_FALSE(r.fit.fits);
        CHECK(r.fit.headroom_bytes < 0);
        CHECK_FALSE(r.has_speed);
    }
    SECTION("the 2 published cpu-moe measurements: Qwen3-30B-A3B, --n-cpu-moe 36, RTX 2080 + 102 GB/s DDR4") {
        // source: llmfit PR #755 (tests/data/speed_measurements.json): 36.7 tokens/s from the llama.cpp server
        Scenario q = make("qwen3-30b-a3b", "q4_k_m", 128, "rtx-2080");
        q.engine = Engine::llama_cpp;
        q.host = parse_host_spec("ram_gb=62,ram_bw_gbps=102");
        q.n_cpu_moe = 36;
        q.task_in_tokens = 0;
        q.task_out_tokens = 128;
        const Report r = evaluate(q);
        REQUIRE(r.has_speed);
        CHECK_THAT(r.speed.decode_tokens_per_s, Catch::Matchers::WithinRel(36.7, 0.10));
    }
}

TEST_CASE("tensor parallel all-reduces over NVLink / Infinity Fabric where the part has it, else over PCIe") {
    Scenario s = make("llama-3.1-70b", "bf16", 4096, "h100-sxm");
    s.engine = Engine::vllm;
    s.gpus = 8;
    const Report nvlink = evaluate(s);
    REQUIRE(nvlink.has_speed);
    CHECK(nvlink.device.p2p_gbps == 450);   // NVLink 4: 900 GB/s both ways (datasheet)
    // the same part without its NVLink: 2 x 80 all-reduces a token at 25 us over PCIe instead of 8 us, each
    // moving 2 x 7/8 of the 8192 bf16 hidden state at 25 GB/s (the default host's PCIe) instead of 450
    Scenario pcie = s;
    Device d = nvlink.device;
    d.p2p_gbps = 0;
    pcie.custom_device = d;
    pcie.gpu_spec = "vendor=nvidia";
    const Report r = evaluate(pcie);
    REQUIRE(r.has_speed);
    const double dt = 1 / r.speed.decode_tokens_per_s - 1 / nvlink.speed.decode_tokens_per_s;
    const double ring_bytes = 2.0 * 7 / 8 * 8192 * 2;
    CHECK_THAT(dt, Catch::Matchers::WithinRel(2 * 80 * ((25e-6 - 8e-6) + ring_bytes * (1 / 25e9 - 1 / 450e9)), 0.01));
    // a PCIe card has no such link
    CHECK(evaluate(make("llama-3.1-8b", "bf16", 4096, "h100-pcie")).device.p2p_gbps == 0);
}

TEST_CASE("fine-tuning memory") {
    SECTION("full fine-tuning: 16 bytes per parameter before activations (ZeRO paper)") {
        Scenario s = make("llama-3.1-8b", "bf16", 2048);
        s.mode = Mode::full;
        const Report r = evaluate(s);
        CHECK(r.memory.weights_bytes + r.memory.gradients_bytes + r.memory.optimizer_bytes == 16 * r.params_total);
    }
    SECTION("LoRA r=16 on all linear layers of Llama-2-7B trains 39,976,960 parameters") {
        // source: PEFT print_trainable_parameters() for meta-llama/Llama-2-7b-hf, r=16, q/k/v/o/gate/up/down
        Scenario s = make("llama-2-7b", "bf16", 2048);
        s.mode = Mode::lora;
        CHECK(evaluate(s).memory.gradients_bytes == int64_t(4) * 39976960);
    }
    SECTION("QLoRA quantizes the base to NF4 and fits a 7B model on a 24 GB card") {
        Scenario s = make("llama-2-7b", "bf16", 2048, "rtx-4090");
        s.mode = Mode::qlora;
        const Report r = evaluate(s);
        CHECK(r.scenario.quant == "nf4-dq");
        CHECK(r.fit.fits);
        CHECK(r.memory.weights_bytes < 5'000'000'000);
    }
    SECTION("gradient checkpointing cuts activations") {
        Scenario s = make("llama-3.1-8b", "bf16", 4096);
        s.mode = Mode::lora;
        const int64_t with = evaluate(s).memory.activations_bytes;
        s.grad_checkpointing = false;
        CHECK(evaluate(s).memory.activations_bytes > 4 * with);
    }
}

TEST_CASE("check: the seed articles' speed claims get a verdict") {
    // source: seeds/000 (a 24 GB card runs 70B at 20-30 tokens/s; A100 80GB runs 70B at 20-30 tokens/s)
    Scenario s;
    s.model = "llama-3.1-70b";
    s.quant = "q4_k_m";
    s.gpu = "rtx-4090";
    s.claim_tokens_per_s = 25;
    const Report r = evaluate(s);
    REQUIRE(r.has_verdict);
    CHECK(r.verdict.verdict == "impossible");     // half the layers run from host RAM
    CHECK(r.verdict.ratio_to_bound > 1);
    s.gpu = "a100-80gb-sxm";
    const Report a = evaluate(s);
    CHECK(a.verdict.verdict != "impossible");
    CHECK(a.verdict.estimate_tokens_per_s > 20);
    s.claim_tokens_per_s = a.verdict.estimate_tokens_per_s;
    CHECK(evaluate(s).verdict.verdict == "plausible");

    SECTION("seeds/002: a 32 GB card holds the 45.5 GB of a 70B INT4 model? It does not fit") {
        Scenario c;
        c.model = "llama-2-70b";
        c.quant = "int4";
        c.gpu = "rtx-5090";
        c.placement = Placement::gpu;
        c.claim_fits = true;
        CHECK(evaluate(c).verdict.verdict == "impossible");
    }
    SECTION("seeds/001: Mixtral 'MoE 56B deploys like a 13B' computes like one but must store all 46.7B") {
        Scenario mx = make("mixtral-8x7b", "q4_k_m", 8192, "rtx-4090");
        Scenario dense = make("llama-2-13b", "q4_k_m", 4096, "rtx-4090");
        mx.placement = dense.placement = Placement::gpu;
        const Report m = evaluate(mx), d = evaluate(dense);
        CHECK(m.params_active < int64_t(13'000'000'000));            // computes like a 13B
        CHECK(m.memory.weights_bytes > 3 * d.memory.weights_bytes);   // stores 3.6x a 13B
        CHECK(d.fit.fits);
        CHECK_FALSE(m.fit.fits);                                       // a 13B fits a 4090, Mixtral does not
        mx.placement = Placement::auto_;
        const Report a = evaluate(mx);                                 // unless experts go to host RAM
        CHECK(a.fit.fits);
        CHECK(a.fit.placement == Placement::cpu_moe);
    }
    SECTION("seeds/000: layer-wise 70B on a 4 GB card at 0.7 tokens/minute is slower than physics requires") {
        Scenario c;
        c.model = "llama-3.1-70b";
        c.quant = "f16";
        c.gpu = "rtx-3050-laptop-4gb";
        c.placement = Placement::stream;
        c.ctx = 2048;
        c.claim_tokens_per_s = 0.7 / 60;
        CHECK(evaluate(c).verdict.verdict == "conservative");
    }
}

TEST_CASE("recommend: searches over scenarios") {
    SECTION("hardware for a model: every result fits and reaches the target, cheapest first") {
        Scenario s;
        s.model = "llama-3.1-70b";
        s.target_tokens_per_s = 10;
        const auto recs = recommend(s, RecommendFor::model, 20);
        REQUIRE(recs.size() >= 5);
        double last_price = 0;
        for (const Report& r : recs) {
            INFO(r.device.id << " x" << r.scenario.gpus);
            CHECK(r.fit.fits);
            CHECK(r.speed.decode_tokens_per_s >= 10);
            const double price = r.cost.price;   // what recommend ranks by: the market's price (street, else launch)
            if (price > 0) {
                CHECK(price >= last_price);
                last_price = price;
            }
        }
    }
    SECTION("within a budget: fastest first, nothing over budget") {
        Scenario s;
        s.model = "qwen3-30b-a3b";
        s.budget_usd = 2000;
        const auto recs = recommend(s, RecommendFor::model, 10);
        REQUIRE(!recs.empty());
        for (size_t i = 0; i < recs.size(); ++i) {
            CHECK(recs[i].device.price_usd * double(recs[i].scenario.gpus) <= 2000);
            if (i) CHECK(recs[i].speed.decode_tokens_per_s <= recs[i - 1].speed.decode_tokens_per_s);
        }
    }
    SECTION("without a target, 'runs well' means 10 tokens/s: no slow offload setups") {
        Scenario s;
        s.model = "llama-3.1-70b";
        for (const Report& r : recommend(s, RecommendFor::model, 10)) CHECK(r.speed.decode_tokens_per_s >= 10);
    }
    SECTION("fine-tuning: no speed target, fits only") {
        Scenario s;
        s.gpu = "h100-sxm";
        s.mode = Mode::lora;
        s.quant = "bf16";
        CHECK(!recommend(s, RecommendFor::device, 5).empty());
    }
    SECTION("models for a device: the largest that run well") {
        Scenario s;
        s.gpu = "m2-ultra-192gb";
        const auto recs = recommend(s, RecommendFor::device, 10);
        REQUIRE(!recs.empty());
        for (size_t i = 0; i < recs.size(); ++i) {
            CHECK(recs[i].fit.fits);
            CHECK(recs[i].speed.decode_tokens_per_s >= 10);
            if (i) CHECK(recs[i].params_total <= recs[i - 1].params_total);
        }
    }
}

TEST_CASE("a scenario that does not fit has no speed") {
    Scenario s;
    s.model = "llama-3.1-70b";
    s.ctx = 131072;   // 43 GB of KV cache: neither the 4090 nor 64 GB of host RAM can hold it with the weights
    const Report r = evaluate(s);
    CHECK_FALSE(r.fit.fits);
    CHECK_FALSE(r.has_speed);
    CHECK_FALSE(r.has_cost);
    s.claim_tokens_per_s = 1;
    CHECK(evaluate(s).verdict.verdict == "impossible");
}
