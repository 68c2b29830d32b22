// Properties over the whole catalog (docs/reliability.md): every number in every report is finite,
// memory grows with context, batch and bits per weight, decode speed never rises when a bandwidth
// falls, and scenario -> JSON -> scenario round-trips exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
using test_support::first_bad;
using test_support::make;

namespace {


// Formats spanning the kinds (float, grouped, gguf k-quants and i-quants, experts-only).
const std::vector<std::string> kFormats = {"f16", "bf16", "fp8", "int8", "int4", "nf4", "mxfp4", "q8_0", "q4_k_m", "q2_k", "iq2_xxs"};
// A 4 GB laptop card (offload/stream), a 24 GB card, a datacenter card, unified memory.
const std::vector<std::string> kDevices = {"rtx-3050-laptop-4gb", "rtx-4090", "h100-sxm", "m2-ultra-192gb"};

}  // namespace

TEST_CASE("no nan, inf or null in any report over the catalog", "[properties]") {
    const Catalog& cat = catalog();
    REQUIRE(cat.find_device("m2-ultra-192gb"));
    int n = 0;
    for (const Model& m : test_support::sweep_models()) {
        for (const std::string& q : kFormats)
            for (int64_t ctx : {int64_t(1), int64_t(4096), m.max_ctx})
                for (const std::string& d : kDevices) {
                    Scenario s = make(m.id, q, ctx, d);
                    s.batch = ctx == 1 ? 64 : 1;
                    const Report r = evaluate(s);
                    const std::string bad = first_bad(nlohmann::json::parse(report_to_json(r)));
                    if (!bad.empty()) FAIL(scenario_to_json(s) + ": " + bad);
                    ++n;
                }
    }
    // Fine-tuning, rule of thumb, forced placements, costs in CNY with comparisons, a claim to check.
    for (const Model& m : cat.models()) {
        std::vector<Scenario> extra;
        for (Mode mode : {Mode::lora, Mode::qlora, Mode::full}) {
            Scenario s = make(m.id, "bf16", 2048, "h100-sxm");
            s.mode = mode;
            extra.push_back(s);
        }
        Scenario rot = make(m.id, "q4_k_m", 8192, "rtx-4090");
        rot.method = Method::rule_of_thumb;
        extra.push_back(rot);
        for (Placement p : {Placement::gpu, Placement::offload, Placement::stream}) {
            Scenario s = make(m.id, "q4_k_m", 8192, "rtx-3050-laptop-4gb");
            s.placement = p;
            s.currency = "CNY";
            s.api_price_per_mtok = 2;
            s.cloud_gpu_per_hour = 1.5;
            s.claim_tokens_per_s = 25;
            s.turns = 4;
            extra.push_back(s);
        }
        for (const Scenario& s : extra) {
            const std::string out = evaluate_json(scenario_to_json(s));
            const auto j = nlohmann::json::parse(out);
            REQUIRE(j.contains("ok"));
            if (j["ok"] == false) {
                CHECK(j["error"]["field"] != "internal");
                continue;
            }
            const std::string bad = first_bad(j);
            if (!bad.empty()) FAIL(scenario_to_json(s) + ": " + bad);
            ++n;
        }
    }
    CHECK(n > (test_support::kSanitized ? 1200 : 5000));
}

TEST_CASE("memory grows with context and batch", "[properties]") {
    for (const Model& m : test_support::sweep_models())
        for (const std::string& q : {"q4_k_m", "bf16"})
            for (const std::string& d : {"rtx-4090", "h100-sxm"}) {
                int64_t prev_total = 0, prev_kv = 0;
                for (int64_t ctx : {1, 512, 2048, 4096, 8192, 32768, 131072, 1000000}) {
                    const Report r = evaluate(make(m.id, q, ctx, d));
                    INFO(m.id << " " << q << " " << d << " ctx " << ctx);
                    CHECK(r.memory.total_bytes >= prev_total);
                    CHECK(r.memory.kv_cache_bytes >= prev_kv);
                    prev_total = r.memory.total_bytes;
                    prev_kv = r.memory.kv_cache_bytes;
                }
                prev_total = prev_kv = 0;
                for (int64_t batch : {1, 2, 4, 16, 64, 256}) {
                    Scenario s = make(m.id, q, 4096, d);
                    s.batch = batch;
                    const Report r = evaluate(s);
                    INFO(m.id << " " << q << " " << d << " batch " << batch);
                    CHECK(r.memory.total_bytes >= prev_total);
                    CHECK(r.memory.kv_cache_bytes >= prev_kv);
                    prev_total = r.memory.total_bytes;
                    prev_kv = r.memory.kv_cache_bytes;
                }
            }
}

TEST_CASE("memory grows with bits per weight within a family of formats", "[properties]") {
    const std::vector<std::vector<std::string>> families = {{"q2_k", "q4_k_m", "q8_0", "f16"}, {"int4", "int8", "bf16"}};
    for (const Model& m : catalog().models())
        for (const auto& fam : families)
            for (Mode mode : {Mode::inference, Mode::lora}) {
                int64_t prev_w = 0, prev_total = 0;
                for (const std::string& q : fam) {
                    Scenario s = make(m.id, q, 8192, "h100-sxm");
                    s.mode = mode;
                    const Report r = evaluate(s);
                    INFO(m.id << " " << q << " mode " << to_string(mode));
                    CHECK(r.memory.weights_bytes > prev_w);
                    CHECK(r.memory.total_bytes > prev_total);
                    prev_w = r.memory.weights_bytes;
                    prev_total = r.memory.total_bytes;
                }
            }
}

TEST_CASE("decode speed never rises when a bandwidth falls", "[properties]") {
    const std::vector<double> bws = {8000, 3350, 1008, 500, 273, 100, 25, 1};
    for (const Model& m : test_support::sweep_models())
        for (const char* vendor : {"nvidia", "amd", "apple"})
            for (double mem_gb : {24.0, 2000.0}) {   // offloading / everything resident
                double prev = INFINITY;
                for (double bw : bws) {
                    Scenario s = make(m.id, "q4_k_m", 8192, "custom");
                    s.gpu_spec = std::string("vendor=") + vendor + ",mem_gb=" + std::to_string(mem_gb) +
                                    ",bw_gbps=" + std::to_string(bw) + ",fp16_tflops=200";
                    s.custom_device = parse_device_spec(s.gpu_spec);
                    const Report r = evaluate(s);
                    INFO(m.id << " " << s.gpu_spec);
                    CHECK(r.speed.decode_tokens_per_s <= prev);
                    if (r.fit.fits) CHECK(r.speed.decode_tokens_per_s > 0);   // unified memory that is too small: 0, does not run
                    prev = r.speed.decode_tokens_per_s;
                }
            }
    // The host side: RAM bandwidth under offload, PCIe and disk under streaming.
    for (const Model& m : catalog().models())
        for (Placement p : {Placement::offload, Placement::stream}) {
            double prev_ram = INFINITY, prev_pcie = INFINITY, prev_disk = INFINITY;
            for (double bw : {400.0, 100.0, 50.0, 10.0, 1.0, 0.1}) {
                Scenario s = make(m.id, "q4_k_m", 8192, "rtx-3050-laptop-4gb");
                s.placement = p;
                s.host = parse_host_spec("ram_bw_gbps=" + std::to_string(bw));
                const double ram = evaluate(s).speed.decode_tokens_per_s;
                s.host = parse_host_spec("pcie_gbps=" + std::to_string(bw / 4));
                const double pcie = evaluate(s).speed.decode_tokens_per_s;
                s.host = parse_host_spec("ram_gb=16,disk_gbps=" + std::to_string(bw / 20));
                const double disk = evaluate(s).speed.decode_tokens_per_s;
                INFO(m.id << " " << to_string(p) << " bw " << bw);
                CHECK(ram <= prev_ram);
                CHECK(pcie <= prev_pcie);
                CHECK(disk <= prev_disk);
                prev_ram = ram;
                prev_pcie = pcie;
                prev_disk = disk;
            }
        }
}

TEST_CASE("scenario -> JSON -> scenario round-trips exactly, and so does the report", "[properties]") {
    std::vector<Scenario> all;
    for (const Model& m : catalog().models()) all.push_back(make(m.id, "q4_k_m", 8192, "rtx-4090"));
    {
        Scenario s = make("llama-3.1-70b", "q4_k_m", 32768, "h100-sxm");
        s.gpus = 4;
        s.batch = 8;
        s.kv_quant = "fp8";   // vLLM has no q8_0 KV cache (serving_kv_type)
        s.engine = Engine::vllm;
        s.placement = Placement::gpu;
        s.task_in_tokens = 3000;
        s.task_out_tokens = 700;
        s.turns = 3;
        s.currency = "CNY";
        s.exchange_rate = 7.25;
        s.price = 250000.5;
        s.lifetime_years = 4;
        s.utilization = 0.3;
        s.power_w = 3000;
        s.idle_power_w = 400;
        s.kwh_price = 0.8;
        s.pue = 1.3;
        s.residual_value = 0.2;
        s.api_price_per_mtok = 12;
        s.cloud_gpu_per_hour = 9.5;
        s.claim_tokens_per_s = 30;
        s.target_tokens_per_s = 15;
        s.budget_usd = 100000;
        s.decode_efficiency = 0.7;
        s.prefill_efficiency = 0.4;
        all.push_back(s);
    }
    {
        Scenario s = make("custom", "q8_0", 4096, "rtx-4090");
        s.params_b = 13.5;
        s.custom_model = model_from_params_b(13.5);
        s.custom_model_origin = "params_b";
        s.gpu_spec = "vendor=amd,mem_gb=48,bw_gbps=960,fp16_tflops=120.5,name=My card";
        s.custom_device = parse_device_spec(s.gpu_spec);
        s.host = parse_host_spec("ram_gb=128,ram_bw_gbps=90.5,pcie_gbps=31.5,disk_gbps=7");
        s.placement = Placement::offload;
        s.gpu_layers = 20;
        s.task_out_zh_chars = 800;
        all.push_back(s);
    }
    for (Mode mode : {Mode::lora, Mode::qlora, Mode::full}) {
        Scenario s = make("qwen3-8b", "bf16", 2048, "a100-80gb-sxm");
        s.mode = mode;
        s.lora_rank = 64;
        s.grad_checkpointing = false;
        all.push_back(s);
    }
    {
        Scenario s = make("llama-2-7b", "f16", 4096, "rtx-4090");
        s.method = Method::rule_of_thumb;
        s.claim_fits = true;
        s.task_out_en_words = 300;
        all.push_back(s);
    }
    {
        // Host rates calibrated by a claims file (headroom-stream --backend cuda): the note travels too.
        Scenario s = make("llama-3.1-70b", "q4_k_m", 8192, "rtx-4090");
        s.placement = Placement::stream;
        apply_claims(s, R"({"schema":"headroom.claims/1","backend":"cuda","ok":true,"machine":{"device":{"name":"RTX 4090"}},
                            "links":{"h2d_pinned_gbps":24.1,"disk_read_gbps":6.2}})");
        REQUIRE(!s.claims_applied.empty());
        all.push_back(s);
    }
    for (const Scenario& s : all) {
        const std::string a = scenario_to_json(s);
        INFO(a);
        const Scenario back = scenario_from_json(a);
        CHECK(scenario_to_json(back) == a);
        // The page's path (evaluate_json on the JSON) gives the very report the struct gives.
        const std::string via_json = evaluate_json(a);
        const std::string direct = "{\"ok\":true,\"report\":" + report_to_json(evaluate(s)) + "}";
        CHECK(via_json == direct);
        CHECK(report_to_json(evaluate(back)) == report_to_json(evaluate(s)));
    }
}

TEST_CASE("a report does not depend on what was evaluated before it (evaluate keeps the last model x format)", "[properties]") {
    const std::vector<Scenario> seq = {make("llama-3.1-8b", "q4_k_m"), make("llama-3.1-8b", "q8_0"), make("qwen3-30b-a3b", "q4_k_m"),
                                       make("llama-3.1-8b", "q4_k_m"), make("gpt-oss-20b", "mxfp4_moe", 8192, "rtx-4060")};
    std::vector<std::string> first;
    for (const Scenario& s : seq) first.push_back(report_to_json(evaluate(s)));
    // the same scenarios again, in reverse and each after a custom model with a catalog model's id
    Scenario custom = make("llama-3.1-8b", "q4_k_m");
    custom.custom_model = catalog().find_model("llama-3.1-8b") ? *catalog().find_model("llama-3.1-8b") : Model{};
    custom.custom_model->n_layer = 8;   // a different shape under the same id
    custom.custom_model_origin = "config";
    for (size_t i = seq.size(); i-- > 0;) {
        const Report c = evaluate(custom);
        CHECK(c.memory.weights_bytes < evaluate(seq[0]).memory.weights_bytes);
        evaluate(custom);
        CHECK(report_to_json(evaluate(seq[i])) == first[i]);
    }
}
