// Cost per task: the arithmetic, the seed article's comparison (its figures and ours), input edges.
#include <catch2/catch.hpp>

#include <set>

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
        y.market = "us";
        const Report ry = evaluate(y);
        REQUIRE(ry.has_cost);
        const Device& d = ry.device;
        // The US market: the street price where the catalog has one, else the launch price.
        CHECK_THAT(ry.cost.price, WithinRel((d.price_us_usd > 0 ? d.price_us_usd : d.price_usd) * 7, 1e-12));
        CHECK(ry.cost.price_market == (d.price_us_usd > 0 ? "us" : "launch"));
        CHECK(ry.cost.price_date == (d.price_us_usd > 0 ? d.price_us_date : d.launch));
        CHECK(!ry.cost.price_source.empty());
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
        d.gpu = "gb200";   // one GPU of an NVL72 rack: sold only as the rack, so no price of its own in any market
        const Device& g = *catalog().find_device(d.gpu);
        REQUIRE((g.price_usd == 0 && g.price_us_usd == 0 && g.price_cny == 0 && g.price_used_usd == 0));
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

TEST_CASE("a break-even beyond what the hardware can do at full use is said: the alternative is cheaper at any load") {
    Scenario s;   // Llama-3.1-8B Q4_K_M on an RTX 4090
    s.price = 2000;
    s.utilization = 0.5;
    s.task_out_tokens = 500;
    SECTION("an API cheaper than owning at any load") {
        s.api_price_per_mtok = 0.2;   // dearer than a local task's electricity, cheaper than the hardware can amortize
        const Report r = evaluate(s);
        REQUIRE(r.has_cost);
        CHECK_THAT(r.cost.max_tasks_per_day, WithinRel(r.cost.tasks_per_day / 0.5, 1e-12));
        REQUIRE(r.cost.break_even_tasks_per_day > r.cost.max_tasks_per_day);
        CHECK(test_support::has_warning(r, "api_cheaper_at_any_load"));
        CHECK_FALSE(test_support::has_warning(r, "rent_cheaper_at_any_load"));
    }
    SECTION("an API dear enough that owning pays off within the hardware's capacity: no warning") {
        s.api_price_per_mtok = 20;
        const Report r = evaluate(s);
        REQUIRE(r.cost.break_even_tasks_per_day > 0);
        REQUIRE(r.cost.break_even_tasks_per_day < r.cost.max_tasks_per_day);
        CHECK_FALSE(test_support::has_warning(r, "api_cheaper_at_any_load"));
    }
    SECTION("renting cheaper than owning at any load") {
        s.cloud_gpu_per_hour = 0.1;
        const Report r = evaluate(s);
        REQUIRE(r.cost.break_even_vs_rent_tasks_per_day > r.cost.max_tasks_per_day);
        CHECK(test_support::has_warning(r, "rent_cheaper_at_any_load"));
        s.cloud_gpu_per_hour = 5;
        CHECK_FALSE(test_support::has_warning(evaluate(s), "rent_cheaper_at_any_load"));
    }
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

TEST_CASE("prices from the dated tables: an API's input, cached and output prices, a rental, old prices said") {
    const Catalog& cat = catalog();
    REQUIRE(!cat.apis().empty());
    REQUIRE(!cat.rentals().empty());
    const ApiPrice* ds = cat.find_api("DeepSeek/DeepSeek-Chat");   // any case
    REQUIRE(ds);
    Scenario s;
    s.currency = ds->currency;
    s.api = ds->id;
    const Report r = evaluate(s);
    REQUIRE(r.has_cost);
    CHECK(r.cost.api == ds->id);
    CHECK(r.cost.api_price_date == ds->date);
    CHECK(r.cost.api_source == ds->source);
    const double in = double(s.task_in_tokens), out = double(r.cost.task_out_tokens);
    CHECK_THAT(r.cost.api_per_task, WithinRel((in * ds->input_per_mtok + out * ds->output_per_mtok) / 1e6, 1e-12));
    SECTION("a conversation pays its repeated prefix at the cached price") {
        Scenario t = s;
        t.turns = 3;
        t.ctx = 16384;
        const Report rt = evaluate(t);
        const double cached = ds->cached_input_per_mtok > 0 ? ds->cached_input_per_mtok : ds->input_per_mtok;
        // Turn 2 re-sends turn 1 (in + out), turn 3 turns 1 and 2: 3 x (in + out) at the cached price.
        CHECK_THAT(rt.cost.api_per_task, WithinRel((3 * in * ds->input_per_mtok + 3 * (in + out) * cached + 3 * out * ds->output_per_mtok) / 1e6, 1e-12));
    }
    SECTION("another currency converts at the exchange rate, and says so") {
        Scenario u = s;
        u.currency = ds->currency == "CNY" ? "USD" : "CNY";
        u.exchange_rate = 7;
        const Report ru = evaluate(u);
        const double f = ds->currency == "CNY" ? 1.0 / 7 : 7;
        CHECK_THAT(ru.cost.api_output_per_mtok, WithinRel(ds->output_per_mtok * f, 1e-12));
        bool said = false;
        for (const Warning& w : ru.warnings) said |= w.code == "api_converted";
        CHECK(said);
    }
    SECTION("rent auto takes the cheapest rental of the device in the market's currency") {
        Scenario v;
        v.currency = "CNY";
        v.rent = "auto";
        const Report rv = evaluate(v);
        REQUIRE(rv.has_cost);
        double cheapest = 0;
        for (const RentalPrice& p : cat.rentals())
            if (p.gpu == "rtx-4090" && p.currency == "CNY" && (cheapest == 0 || p.per_gpu_hour < cheapest)) cheapest = p.per_gpu_hour;
        REQUIRE(cheapest > 0);
        CHECK(rv.cost.rent_per_hour == cheapest);
        CHECK(!rv.cost.rent_price_date.empty());
        CHECK_THAT(rv.cost.cloud_gpu_per_task, WithinRel(cheapest * rv.cost.seconds_per_task / 3600, 1e-12));
        v.gpus = 2;
        CHECK(evaluate(v).cost.rent_per_hour == 2 * cheapest);
    }
    SECTION("refused: an unknown id, both ways of giving a price, a rental of another card") {
        CHECK(validate(s).has_value() == false);
        Scenario bad = s;
        bad.api = "deepseek/no-such-model";
        REQUIRE(validate(bad));
        CHECK(validate(bad)->field == "api");
        CHECK(validate(bad)->code == "unknown_api_near");
        bad = s;
        bad.api_price_per_mtok = 2;
        CHECK(validate(bad)->code == "api_twice");
        Scenario other;
        const RentalPrice* not_4090 = nullptr;
        for (const RentalPrice& p : cat.rentals())
            if (p.gpu != "rtx-4090") not_4090 = &p;
        REQUIRE(not_4090);
        other.rent = not_4090->id;
        REQUIRE(validate(other));
        CHECK(validate(other)->code == "rent_other_gpu");
    }
    SECTION("a price more than a year older than the tables is said") {
        Scenario old;
        old.gpu = "rtx-3090";   // launched 2020-09
        old.market = "us";
        const Device& d = *cat.find_device("rtx-3090");
        const Report ro = evaluate(old);
        bool said = false;
        for (const Warning& w : ro.warnings) said |= w.code == "price_old";
        CHECK(said == (ro.cost.price_date < std::to_string(std::stoi(cat.prices_as_of.substr(0, 4)) - 1) + cat.prices_as_of.substr(4)));
        CHECK(ro.cost.price_date == (d.price_us_usd > 0 ? d.price_us_date : d.launch));
    }
}

TEST_CASE("messages: every sentence has a code, a template and the parameters it names") {
    const nlohmann::json all = nlohmann::json::parse(messages_json());
    std::set<std::string> codes;
    for (const auto& m : all["messages"]) {
        INFO(m.dump());
        CHECK(codes.insert(m["code"].get<std::string>()).second);   // unique
        Params p;
        for (const auto& n : m["params"]) p.push_back({n.get<std::string>(), "X"});
        const std::string text = render_message(m["code"].get<std::string>(), p);
        if (m["kind"] != "fragment") CHECK(!text.empty());
    }
    // Reports over varied scenarios: each coded sentence renders from its parameters, none left unfilled.
    const std::vector<std::string> scenarios = {
        R"({})", R"({"model":"llama-3.1-70b","gpu":"rtx-4090"})", R"({"model":"qwen3-30b-a3b","gpu":"rtx-4060"})",
        R"({"model":"llama-3.1-70b","gpu":"rtx-3050-laptop-4gb","placement":"stream"})", R"({"model":"llama-3.1-8b","gpu":"ryzen-ai-max-395-128gb"})",
        R"({"model":"llama-3.1-8b","gpu":"rtx-4090","engine":"vllm","claim_tokens_per_s":500})",
        R"({"model":"deepseek-v3","gpu":"h100-sxm","gpus":8,"engine":"transformers"})", R"({"model":"llama-3.1-8b","mode":"qlora","quant":"q4_k_m"})",
        R"({"currency":"CNY","api":"deepseek/deepseek-chat","rent":"auto","gpu":"rtx-3090"})", R"({"method":"rule-of-thumb"})",
    };
    size_t seen = 0;
    for (const std::string& sc : scenarios) {
        const nlohmann::json r = nlohmann::json::parse(evaluate_json(sc));
        REQUIRE(r["ok"] == true);
        for (const auto& w : r["report"]["warnings"]) {
            INFO(sc << " " << w.dump());
            Params p;
            for (auto it = w["params"].begin(); it != w["params"].end(); ++it) p.push_back({it.key(), it.value().get<std::string>()});
            CHECK(render_message(w["code"].get<std::string>(), p) == w["message"]);
            CHECK(codes.count(w["code"].get<std::string>()) == 1);
            CHECK(w["message"].get<std::string>().find('{') == std::string::npos);
            ++seen;
        }
    }
    CHECK(seen > 15);
    // Input errors carry theirs.
    const nlohmann::json e = nlohmann::json::parse(evaluate_json(R"({"ctx":0})"));
    CHECK(e["error"]["code"] == "out_of_range");
    CHECK(e["error"]["params"]["field"] == "ctx");
    CHECK(e["error"]["message"] == "ctx must be 1..10000000 tokens, got 0");
}

TEST_CASE("counts in sentences and the CLI's tables are grouped by thousands", "[cost][text]") {
    CHECK(group_thousands(0) == "0");
    CHECK(group_thousands(999) == "999");
    CHECK(group_thousands(16501) == "16,501");
    CHECK(group_thousands(-1234567) == "-1,234,567");
    CHECK(group_thousands(INT64_MIN) == "-9,223,372,036,854,775,808");
}
