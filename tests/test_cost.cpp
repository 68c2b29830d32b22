// Cost per task: the arithmetic, the seed article's comparison (its figures and ours), input edges.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
using Catch::Matchers::WithinRel;

TEST_CASE("cost per task: amortization, energy, API break-even") {
    Scenario s;   // Llama-3.1-8B Q4_K_M on an RTX 4090
    s.price = 1000;
    s.lifetime_years = 1;
    s.utilization = 1;
    s.power_w = 500;
    s.idle_power_w = 100;
    s.kwh_price = 0.2;
    s.task_out_tokens = 500;
    s.api_price_per_mtok = 10;
    const Report r = evaluate(s);
    REQUIRE(r.has_cost);
    const Cost& c = r.cost;
    CHECK_THAT(c.seconds_per_task, WithinRel(r.speed.time_to_first_token_s + 500 / r.speed.decode_tokens_per_s, 1e-12));
    CHECK_THAT(c.tasks_per_day, WithinRel(86400 / c.seconds_per_task, 1e-12));
    CHECK_THAT(c.hardware_per_day, WithinRel(1000.0 / 365, 1e-12));
    CHECK_THAT(c.energy_per_day, WithinRel(500 * 24 / 1000.0 * 0.2, 1e-12));   // all day under load
    CHECK_THAT(c.per_task, WithinRel((c.hardware_per_day + c.energy_per_day) / c.tasks_per_day, 1e-12));
    CHECK_THAT(c.per_million_output_tokens, WithinRel(c.per_task / 500 * 1e6, 1e-12));
    CHECK_THAT(c.api_per_task, WithinRel(10 * 500 / 1e6, 1e-12));
    // at the break-even rate, a day costs the same locally and through the API
    const double n = c.break_even_tasks_per_day;
    REQUIRE(n > 0);
    const double marginal = (500 - 100) / 1000.0 * 0.2 * c.seconds_per_task / 3600;
    CHECK_THAT(c.hardware_per_day + 100 * 24 / 1000.0 * 0.2 + n * marginal, WithinRel(n * c.api_per_task, 1e-9));

    SECTION("half the utilization halves the tasks and raises the cost per task") {
        Scenario h = s;
        h.utilization = 0.5;
        const Report rh = evaluate(h);
        CHECK_THAT(rh.cost.tasks_per_day, WithinRel(c.tasks_per_day / 2, 1e-12));
        CHECK(rh.cost.per_task > c.per_task);
    }
    SECTION("CNY converts the catalog's USD price") {
        Scenario y;
        y.currency = "CNY";
        y.exchange_rate = 7;
        const Report ry = evaluate(y);
        REQUIRE(ry.has_cost);
        CHECK_THAT(ry.cost.price, WithinRel(ry.device.price_usd * 7, 1e-12));
    }
    SECTION("text-length helpers") {
        Scenario z;
        z.task_out_zh_chars = 500;   // 0.6 tokens per Chinese character (DeepSeek API docs)
        CHECK(evaluate(z).scenario.task_out_tokens == 300);
        z.task_out_zh_chars = 0;
        z.task_out_en_words = 300;   // 4/3 tokens per English word (OpenAI)
        CHECK(evaluate(z).scenario.task_out_tokens == 400);
    }
    SECTION("a conversation: later turns decode over a longer context, so they take longer") {
        Scenario t;
        t.ctx = 16384;
        t.turns = 4;
        const Report rt = evaluate(t);
        Scenario one;
        one.ctx = 16384;
        const Report r1 = evaluate(one);
        CHECK(rt.cost.seconds_per_task > 4 * r1.cost.seconds_per_task);
        t.turns = 20;   // 20 x 1500 tokens > 16384
        CHECK_THROWS_AS(evaluate(t), InputError);
    }
    SECTION("no launch price: cost is absent and says why") {
        Scenario d;
        d.gpu = "h100-sxm";
        const Report rd = evaluate(d);
        CHECK_FALSE(rd.has_cost);
        bool said = false;
        for (const auto& w : rd.warnings) said |= w.code == "no_price";
        CHECK(said);
    }
}

TEST_CASE("the seed article's comparison: its arithmetic and headroom's") {
    // source: seeds/000 sec. 3.3: build A 10,900 CNY / 12 tasks a day = 908 CNY per task;
    // build B 21,300 CNY / 4,320 tasks a day = 4.9 CNY per task
    const auto cmp = nlohmann::json::parse(preset_json("seed-layerwise-vs-4090"));
    REQUIRE(cmp["builds"].size() == 2);
    const auto& a = cmp["builds"][0];
    const auto& b = cmp["builds"][1];
    CHECK(a["article"]["per_task"] == 908);
    CHECK(b["article"]["per_task"] == 4.9);
    CHECK(std::round(a["article"]["price"].get<double>() / a["article"]["tasks_per_day"].get<double>()) == 908);
    CHECK(std::round(b["article"]["price"].get<double>() / b["article"]["tasks_per_day"].get<double>() * 10) / 10 == 4.9);
    CHECK(86400 / a["article"]["seconds_per_task"].get<double>() == a["article"]["tasks_per_day"].get<double>());
    // headroom: A streams FP16 from disk, B offloads to host RAM; both pinned within 2%
    const auto& ra = a["report"];
    const auto& rb = b["report"];
    CHECK(ra["fit"]["placement"] == "stream");
    CHECK(ra["speed"]["decode_bound"] == "disk");
    CHECK(rb["fit"]["placement"] == "offload");
    CHECK(rb["speed"]["decode_bound"] == "host_memory");
    CHECK_THAT(rb["speed"]["decode_tokens_per_s"].get<double>(), WithinRel(2.176, 0.02));
    CHECK_THAT(rb["cost"]["per_task"].get<double>(), WithinRel(0.04419, 0.02));
    CHECK_THAT(ra["cost"]["per_task"].get<double>(), WithinRel(1.878, 0.02));
    // the article's B is 9-14x too fast and its per-task cost 110x too high
    CHECK(rb["speed"]["decode_tokens_per_s"].get<double>() < 20.0 / 4);
    CHECK(b["article"]["per_task"].get<double>() / rb["cost"]["per_task"].get<double>() > 100);
}

TEST_CASE("cost inputs are checked") {
    auto field = [](const char* json) { return test_support::scenario_field(json); };
    CHECK(field(R"({"utilization":1.5})") == "utilization");
    CHECK(field(R"({"utilization":0})") == "utilization");
    CHECK(field(R"({"currency":"EUR"})") == "currency");
    CHECK(field(R"({"lifetime_years":0})") == "lifetime_years");
    CHECK(field(R"({"price":-5})") == "price");
    CHECK(field(R"({"kwh_price":-1.5})") == "kwh_price");
    CHECK(field(R"({"pue":0.5})") == "pue");
    CHECK(field(R"({"residual_value":2})") == "residual_value");
    CHECK_THROWS_AS(preset_json("nope"), InputError);
}
