// Issue 14: the hardware people own and the questions they ask of it. The quant ladder and the fewest devices
// agree with the forward model over the catalog; CPU hosts and APUs are placed as docs/devices.md says.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
using test_support::field_of;

namespace {

Scenario on(const std::string& model, const std::string& gpu) {
    Scenario s;
    s.model = model;
    s.gpu = gpu;
    return s;
}

}  // namespace

TEST_CASE("the catalog holds the hardware of 2026: 160+ devices, each with its source") {
    const Catalog& cat = catalog();
    CHECK(cat.devices().size() >= 160);
    for (const Device& d : cat.devices()) {
        INFO(d.id);
        CHECK(!d.source.empty());
        CHECK(d.mem_bytes > 0);
        CHECK(d.mem_bw_gbps > 0);
    }
    // The families issue 14 names, one of each.
    for (const char* id : {"ryzen-ai-max-395-128gb", "rtx-5060-ti-8gb", "rtx-4090d", "rtx-4090-48gb-modded", "rtx-2080-ti-22gb-modded",
                           "tesla-p40", "mi50-32gb", "rx-9060-xt-16gb", "radeon-ai-pro-r9700", "arc-pro-b60", "m5-16gb", "h20", "l20",
                           "b300", "gb200", "jetson-agx-thor", "ascend-910b-64gb", "mtt-s4000", "epyc-9654-ddr5-4800-12ch-384gb",
                           "ryzen-9-9950x-ddr5-5600-2ch-96gb"})
        CHECK(cat.find_device(id));
}

TEST_CASE("the quant ladder agrees with the forward model over the catalog") {
    // At each rung's maximum the scenario fits with the ladder's placement and that format; one step (256 tokens)
    // above it does not, unless the maximum is the model's own limit. The same for each KV-cache rung.
    int checked = 0;
    for (const Model& m : test_support::sweep_models()) {
        for (const char* gpu : {"rtx-4090", "m4-max-128gb"}) {
            INFO(m.id << " on " << gpu);
            const Scenario s = on(m.id, gpu);
            const Ladder l = quant_ladder(s);
            REQUIRE(l.placement == Placement::gpu);
            REQUIRE(l.quants.size() >= 10);
            REQUIRE(l.kv.size() == 3);
            auto check_rung = [&](Scenario t, const LadderRung& rung) {
                INFO(rung.quant);
                t.placement = l.placement;
                if (rung.max_ctx > 0) {
                    t.ctx = rung.max_ctx;
                    t.task_in_tokens = std::min<int64_t>(t.task_in_tokens, t.ctx);
                    CHECK(evaluate(t).fit.fits);
                    ++checked;
                }
                if (rung.max_ctx + 256 <= m.max_ctx) {
                    t.ctx = rung.max_ctx + 256;
                    t.task_in_tokens = std::min<int64_t>(s.task_in_tokens, t.ctx);
                    CHECK_FALSE(evaluate(t).fit.fits);
                }
                // decode at the scenario's ctx exactly when that ctx fits (a ctx beyond the model's limit is not searched)
                if (s.ctx <= m.max_ctx) CHECK((rung.decode_tokens_per_s > 0) == (rung.max_ctx >= s.ctx));
            };
            for (const LadderRung& q : l.quants) {
                Scenario t = s;
                t.quant = q.quant;
                check_rung(t, q);
            }
            for (const LadderRung& k : l.kv) {
                Scenario t = s;
                t.kv_quant = k.quant;
                check_rung(t, k);
            }
            // Narrower weights never hold less context (within the GGUF ladder, widest first).
            for (size_t i = 1; i < l.quants.size(); ++i)
                if (l.quants[i].weights_bytes <= l.quants[i - 1].weights_bytes) CHECK(l.quants[i].max_ctx >= l.quants[i - 1].max_ctx);
        }
    }
    CHECK(checked >= (test_support::kSanitized ? 250 : 1000));   // a quarter of the catalog under the sanitizers
}

TEST_CASE("a q8_0 KV cache holds about twice the context of f16 (the issue's lever)") {
    // Qwen3-32B Q4_K_M on a 24 GB card: the KV cache is what grows, so halving its bits nearly doubles the context.
    const Ladder l = quant_ladder(on("qwen3-32b", "rtx-4090"));
    REQUIRE(l.kv[0].quant == "f16");
    REQUIRE(l.kv[1].quant == "q8_0");
    CHECK(l.kv[0].max_ctx > 0);
    CHECK(double(l.kv[1].max_ctx) / double(l.kv[0].max_ctx) == Approx(16.0 / 8.5).epsilon(0.1));
}

TEST_CASE("fit.min_gpus agrees with the forward model: fits with that many, not with one fewer") {
    int checked = 0;
    for (const Model& m : test_support::sweep_models()) {
        for (const char* gpu : {"rtx-4090", "h100-sxm"}) {
            INFO(m.id << " on " << gpu);
            Scenario s = on(m.id, gpu);
            const Report r = evaluate(s);
            if (r.fit.min_gpus == 0) continue;   // more than 64 of them
            s.placement = Placement::gpu;
            s.gpus = r.fit.min_gpus;
            CHECK(evaluate(s).fit.fits);
            if (s.gpus > 1) {
                --s.gpus;
                CHECK_FALSE(evaluate(s).fit.fits);
            }
            ++checked;
        }
    }
    CHECK(checked >= (test_support::kSanitized ? 60 : 250));
    // With a speed target: the count reaches it, and one fewer that fits does not.
    Scenario t = on("llama-3.1-70b", "rtx-3090");
    t.target_tokens_per_s = 15;
    const Report r = evaluate(t);
    REQUIRE(r.fit.min_gpus >= 2);
    t.gpus = r.fit.min_gpus;
    t.placement = Placement::gpu;
    CHECK(evaluate(t).speed.decode_tokens_per_s >= 15);
}

TEST_CASE("a CPU host runs the model in its RAM: placement cpu, bandwidth-bound decode") {
    Scenario s = on("llama-3.1-8b", "epyc-9654-ddr5-4800-12ch-384gb");
    const Report r = evaluate(s);
    CHECK(r.fit.fits);
    CHECK(r.fit.placement == Placement::cpu);
    CHECK(r.device.vendor == Vendor::cpu);
    CHECK(r.memory.per_device[0].capacity_bytes == int64_t(double(r.device.mem_bytes) * 0.9));
    CHECK(r.speed.calibration == "llama.cpp/cpu-server");   // twelve channels
    CHECK(r.speed.decode_bound == Bound::memory_bandwidth);
    CHECK(r.fit.min_gpus == 0);
    // decode is the RAM's bandwidth at the CPU share over the bytes of a step, less the per-layer cost (150 us x 32)
    const double bw_only = r.device.mem_bw_gbps * 1e9 * r.speed.decode_efficiency / double(r.speed.bytes_per_token);
    CHECK(r.speed.decode_tokens_per_s < bw_only);
    CHECK(1.0 / r.speed.decode_tokens_per_s == Approx(1.0 / bw_only + 32 * 150e-6).epsilon(1e-6));
    // Fewer memory channels, slower decode; a desktop's calibration.
    const Report desk = evaluate(on("llama-3.1-8b", "ryzen-9-9950x-ddr5-5600-2ch-96gb"));
    CHECK(desk.speed.calibration == "llama.cpp/cpu");
    CHECK(desk.speed.decode_tokens_per_s < r.speed.decode_tokens_per_s);
    // Two sockets: one socket's bandwidth, said in a warning.
    const Report two = evaluate(on("llama-3.1-8b", "epyc-9654-2s-ddr5-4800-24ch-768gb"));
    CHECK(two.speed.decode_tokens_per_s == Approx(r.speed.decode_tokens_per_s));
    bool said = false;
    for (const Warning& w : two.warnings) said |= w.code == "cpu_sockets";
    CHECK(said);
    // No GPU placements on a CPU, one machine, no fine-tuning.
    s.placement = Placement::gpu;
    CHECK(field_of([&] { evaluate(s); }) == "placement");
    s.placement = Placement::auto_;
    s.gpus = 2;
    CHECK(field_of([&] { evaluate(s); }) == "gpus");
}

TEST_CASE("placement cpu beside a GPU runs on the host that --host describes") {
    Scenario s = on("qwen3-8b", "rtx-4090");
    s.placement = Placement::cpu;
    s.host.ram_gb = 64;
    s.host.ram_bw_gbps = 89.6;
    const Report r = evaluate(s);
    CHECK(r.device.id == "host-cpu");
    CHECK(r.fit.placement == Placement::cpu);
    CHECK(r.memory.per_device[0].capacity_bytes == int64_t(64e9 * 0.9));
    s.host.ram_bw_gbps = 44.8;
    CHECK(evaluate(s).speed.decode_tokens_per_s < r.speed.decode_tokens_per_s);
    s.host.cpu_tflops = 2.3;
    CHECK(evaluate(s).speed.prefill_tokens_per_s > r.speed.prefill_tokens_per_s);
}

TEST_CASE("an APU's GPU uses its default share of memory, or --gpu-share") {
    Scenario s = on("llama-3.1-70b", "ryzen-ai-max-395-128gb");
    const Device& d = *catalog().find_device("ryzen-ai-max-395-128gb");
    REQUIRE(d.gpu_share_linux > 0);
    const Report r = evaluate(s);
    CHECK(r.memory.per_device[0].capacity_bytes == int64_t(double(d.mem_bytes) * d.gpu_share_linux));
    bool warned = false;
    for (const Warning& w : r.warnings) warned |= w.code == "apu_gpu_share";
    CHECK(warned);
    s.gpu_share = 0.9;
    CHECK(evaluate(s).memory.per_device[0].capacity_bytes == int64_t(double(d.mem_bytes) * 0.9));
    CHECK(evaluate(s).fit.max_ctx > r.fit.max_ctx);
    // A Mac too; a card with its own memory refuses it.
    Scenario mac = on("llama-3.1-8b", "m4-max-128gb");
    mac.gpu_share = 0.5;
    CHECK(evaluate(mac).memory.per_device[0].capacity_bytes == int64_t(double(catalog().find_device("m4-max-128gb")->mem_bytes) * 0.5));
    Scenario card = on("llama-3.1-8b", "rtx-4090");
    card.gpu_share = 0.5;
    CHECK(field_of([&] { evaluate(card); }) == "gpu_share");
}

namespace {

// The command's flags: "-c 8192" -> {"-c": "8192"}; a flag without a value maps to "".
std::map<std::string, std::string> flags_of(const std::string& command) {
    std::istringstream in(command);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < tok.size(); ++i)
        if (tok[i].rfind("-", 0) == 0) out[tok[i]] = i + 1 < tok.size() && tok[i + 1].rfind("-", 0) != 0 ? tok[i + 1] : "";
    return out;
}

}  // namespace

TEST_CASE("each launch command, parsed back, names the report's context, layers and split") {
    int checked = 0;
    for (const Model& m : test_support::sweep_models()) {
        if (m.encoder_only) continue;
        for (const char* gpu : {"rtx-4090", "rtx-3050-laptop-4gb", "m4-max-128gb", "ryzen-9-9950x-ddr5-5600-2ch-96gb"})
            for (int64_t gpus : {1, 3}) {
                Scenario s = on(m.id, gpu);
                s.gpus = gpus;
                s.batch = gpus == 3 ? 4 : 1;
                s.kv_quant = gpus == 3 ? "q8_0" : "f16";
                s.engine = Engine::llama_cpp;
                if (validate(s)) continue;   // one Mac, one CPU host
                const Report r = evaluate(s);
                INFO(m.id << " on " << gpus << "x " << gpu << ": " << r.launch.command);
                if (!r.fit.fits || r.fit.placement == Placement::stream) continue;
                REQUIRE(r.has_launch);
                REQUIRE(r.launch.tool == "llama-server");
                auto f = flags_of(r.launch.command);
                CHECK(std::stoll(f["-c"]) == s.ctx * s.batch);
                CHECK(f.count("-np") == (s.batch > 1 ? 1u : 0u));
                if (s.batch > 1) CHECK(std::stoll(f["-np"]) == s.batch);
                const int ngl = std::stoi(f["-ngl"]);
                switch (r.fit.placement) {
                    case Placement::cpu: CHECK(ngl == 0); break;
                    case Placement::offload: CHECK(ngl == r.fit.gpu_layers); break;
                    default: CHECK(ngl == m.n_layer + 1);
                }
                if (r.fit.placement == Placement::cpu_moe) CHECK(std::stoi(f["--n-cpu-moe"]) == r.fit.n_cpu_moe);
                else CHECK(f.count("--n-cpu-moe") == 0);
                if (gpus > 1 && ngl > 0) {
                    // --tensor-split: one share per device, the layers each holds, adding up to the GPU layers
                    int sum = 0, n = 0;
                    std::istringstream split(f["--tensor-split"]);
                    for (std::string x; std::getline(split, x, ',');) sum += std::stoi(x), ++n;
                    CHECK(n == gpus);
                    CHECK(sum == r.fit.gpu_layers);
                }
                CHECK(f["-ctk"] == (s.kv_quant == "f16" ? "" : s.kv_quant));
                ++checked;
            }
    }
    CHECK(checked >= (test_support::kSanitized ? 60 : 300));
    // vLLM: the context and the tensor-parallel size.
    Scenario v = on("llama-3.1-70b", "h100-sxm");
    v.engine = Engine::vllm;
    v.quant = "fp8";
    v.gpus = 4;
    v.ctx = 32768;
    v.batch = 16;
    const Report r = evaluate(v);
    REQUIRE(r.launch.tool == "vllm");
    auto f = flags_of(r.launch.command);
    CHECK(std::stoll(f["--max-model-len"]) == 32768);
    CHECK(std::stoll(f["--tensor-parallel-size"]) == 4);
    CHECK(std::stoll(f["--max-num-seqs"]) == 16);
    CHECK(f["--gpu-memory-utilization"] == "0.90");
}

TEST_CASE("mixed devices: layers in proportion to memory, each share at its own bandwidth") {
    // Two alike devices named with '+' are --gpus 2.
    Scenario pair = on("llama-3.1-70b", "rtx-4090+rtx-4090");
    Scenario two = on("llama-3.1-70b", "rtx-4090");
    two.gpus = 2;
    const Report a = evaluate(pair), b = evaluate(two);
    CHECK(a.memory.total_bytes == b.memory.total_bytes);
    REQUIRE(a.memory.per_device.size() == 2);
    CHECK(a.memory.per_device[0].used_bytes == b.memory.per_device[0].used_bytes);
    CHECK(a.memory.per_device[1].used_bytes == b.memory.per_device[1].used_bytes);
    CHECK(a.speed.decode_tokens_per_s == Approx(b.speed.decode_tokens_per_s).epsilon(1e-9));
    CHECK(a.fit.max_ctx == b.fit.max_ctx);
    CHECK(a.launch.command == b.launch.command);
    CHECK(a.config_price_usd == b.config_price_usd);
    // A 24 GiB and a 12 GiB card: two thirds of the layers on the first (llama.cpp's default split).
    Scenario mixed = on("qwen2.5-32b", "rtx-4090+rtx-3060-12gb");
    const Report m = evaluate(mixed);
    REQUIRE(m.fit.fits);
    REQUIRE(m.devices.size() == 2);
    CHECK(m.devices[1].id == "rtx-3060-12gb");
    CHECK(m.memory.per_device[1].capacity_bytes == catalog().find_device("rtx-3060-12gb")->mem_bytes);
    const std::string split = m.launch.command.substr(m.launch.command.find("--tensor-split ") + 15);
    const int first = std::stoi(split), second = std::stoi(split.substr(split.find(',') + 1));
    CHECK(first + second == m.model.n_layer + 0);   // every repeating layer (the output layer goes with the last)
    CHECK(first == (2 * m.model.n_layer + 2) / 3);   // ceil(64 x 24/36) = 43
    // Each token takes both shares' times: slower than two 4090s, faster than two 3060s.
    Scenario fast = on("qwen2.5-32b", "rtx-4090"), slow = on("qwen2.5-32b", "rtx-3060-12gb");
    fast.gpus = slow.gpus = 2;
    slow.ctx = fast.ctx = mixed.ctx;
    CHECK(m.speed.decode_tokens_per_s < evaluate(fast).speed.decode_tokens_per_s);
    const Report s = evaluate(slow);
    if (s.fit.fits) CHECK(m.speed.decode_tokens_per_s > s.speed.decode_tokens_per_s);
    CHECK(m.config_price_usd == catalog().find_device("rtx-4090")->price_usd + catalog().find_device("rtx-3060-12gb")->price_usd);
    // What a mixed machine cannot be.
    Scenario bad = on("qwen3-8b", "rtx-4090+rx-7900-xtx");
    CHECK(field_of([&] { evaluate(bad); }) == "gpu");
    bad.gpu = "rtx-4090+m4-max-128gb";
    CHECK(field_of([&] { evaluate(bad); }) == "gpu");
    bad.gpu = "rtx-4090+rtx-3090";
    bad.gpus = 2;
    CHECK(field_of([&] { evaluate(bad); }) == "gpus");
    bad.gpus = 1;
    bad.engine = Engine::vllm;
    CHECK(field_of([&] { evaluate(bad); }) == "engine");
    bad.engine = Engine::llama_cpp;
    bad.gpu = "rtx-4090+nope";
    CHECK(field_of([&] { evaluate(bad); }) == "gpu");
    bad.gpu = "rtx-4090 rtx-3090";   // a URL's '+' arrives as a space
    CHECK(evaluate(bad).devices.size() == 2);
}

TEST_CASE("fit.max_batch_tokens_per_s is the aggregate decode of the report at that batch") {
    for (const char* model : {"qwen3-8b", "llama-3.1-70b", "qwen3-30b-a3b", "gpt-oss-120b"})
        for (const char* gpu : {"rtx-4090", "h100-sxm", "m4-max-128gb"}) {
            INFO(model << " on " << gpu);
            const Report r = evaluate(on(model, gpu));
            if (r.fit.max_batch == 0) {
                CHECK(r.fit.max_batch_tokens_per_s == 0);
                continue;
            }
            Scenario t = on(model, gpu);
            t.batch = r.fit.max_batch;
            t.placement = r.fit.fits ? r.fit.placement : Placement::auto_;
            const Report at = evaluate(t);
            REQUIRE(at.fit.fits);
            CHECK(r.fit.max_batch_tokens_per_s == Approx(at.speed.aggregate_tokens_per_s).epsilon(1e-9));
        }
}

TEST_CASE("market picks whose dated price the cost uses, a device without one falls back to its launch price, said") {
    Scenario s = on("qwen3-8b", "rtx-4090d");
    s.currency = "CNY";   // auto: the Chinese market
    const Device& d = *catalog().find_device("rtx-4090d");
    REQUIRE(d.price_cny > 0);
    Report r = evaluate(s);
    REQUIRE(r.has_cost);
    CHECK(r.cost.price == d.price_cny);
    CHECK(r.cost.price_market == "cn");
    CHECK(r.cost.price_date == d.price_cny_date);
    s.currency = "USD";
    s.market = "cn";
    CHECK(evaluate(s).cost.price == Approx(d.price_cny / s.exchange_rate));
    // No Chinese price for a TITAN RTX (sold out everywhere since 2020; docs/prices.md keeps it without a 元 price
    // for this test): its US price (street, else launch), converted, and a warning.
    Scenario t = on("qwen3-8b", "titan-rtx");
    t.currency = "CNY";
    const Device& titan = *catalog().find_device("titan-rtx");
    REQUIRE(titan.price_cny == 0);   // if it gains one, give this test another device without
    REQUIRE(titan.price_usd > 0);
    r = evaluate(t);
    const bool street = titan.price_us_usd > 0;
    CHECK(r.cost.price == Approx((street ? titan.price_us_usd : titan.price_usd) * t.exchange_rate));
    CHECK(r.cost.price_market == (street ? "us" : "launch"));
    bool said = false;
    for (const Warning& w : r.warnings) said |= w.code == "price_fallback";
    CHECK(said);
    CHECK(r.cost.price_fallback);   // the key the page reads to say whose price it shows
    // The US market's launch price (no street price) is that market's own price, not a fallback.
    Scenario l = t;
    l.currency = "USD";
    CHECK(evaluate(l).cost.price_fallback == false);
    // The Chinese page's first screen (the default scenario in yuan): its card has a 元 price, so no fallback is said.
    Scenario zh;
    zh.currency = "CNY";
    r = evaluate(zh);
    CHECK(r.cost.price == catalog().find_device(zh.gpu)->price_cny);
    CHECK(r.cost.price_market == "cn");
    CHECK(!r.cost.price_fallback);
    said = false;
    for (const Warning& w : r.warnings) said |= w.code == "price_fallback";
    CHECK(!said);
    // Used: the 3090's second-hand price and its date.
    Scenario u = on("qwen3-8b", "rtx-3090");
    u.market = "used";
    r = evaluate(u);
    CHECK(r.cost.price == catalog().find_device("rtx-3090")->price_used_usd);
    CHECK(r.cost.price_date == catalog().find_device("rtx-3090")->price_used_date);
    // --price wins.
    u.price = 500;
    CHECK(evaluate(u).cost.price_market == "given");
    CHECK(evaluate(u).cost.price_date.empty());
}
