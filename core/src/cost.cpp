// Cost per task: hardware amortized over its life at a utilization, energy under load and idle,
// against a cloud API and rented GPUs. Formulas and sources: docs/cost.md.
#include <cmath>

#include <nlohmann/json.hpp>

#include "internal.hpp"

namespace headroom::detail {

// Tokens per unit of text (docs/cost.md): DeepSeek API docs, "1 Chinese character ~ 0.6 token";
// OpenAI, "a token is about 3/4 of an English word".
constexpr double kTokensPerZhChar = 0.6;
constexpr double kTokensPerEnWord = 4.0 / 3.0;
constexpr double kHostPowerW = 100;          // CPU, board, RAM, disk, fans under load
constexpr double kIdleShare = 0.20;          // idle draw as a share of load draw
constexpr double kKwhUsd = 0.16, kKwhCny = 0.56;

int64_t task_out_tokens(const Scenario& s) {
    if (s.task_out_zh_chars > 0) return std::max<int64_t>(1, std::llround(double(s.task_out_zh_chars) * kTokensPerZhChar));
    if (s.task_out_en_words > 0) return std::max<int64_t>(1, std::llround(double(s.task_out_en_words) * kTokensPerEnWord));
    return s.task_out_tokens;
}

// One device's price in the scenario's currency, in its market: the price, its date, and whether it fell back to the
// launch price (the market has none for it).
struct MarketPrice {
    double price = 0;
    std::string date;
    bool fell_back = false;
};
MarketPrice market_price(const Device& d, const std::string& market, bool cny, double fx) {
    if (market == "cn" && d.price_cny > 0) return {cny ? d.price_cny : d.price_cny / fx, d.price_cny_date, false};
    if (market == "used" && d.price_used_usd > 0) return {d.price_used_usd * (cny ? fx : 1.0), d.price_used_date, false};
    return {d.price_usd * (cny ? fx : 1.0), d.price_usd > 0 ? d.launch : std::string(), market != "us" && d.price_usd > 0};
}

bool estimate_cost(const Scenario& s, const Report& r, double seconds_per_task, Cost& c, std::vector<Warning>& warnings) {
    const bool cny = s.currency == "CNY";
    const double fx = cny ? s.exchange_rate : 1.0;
    c.currency = s.currency;
    const std::string market = s.market != "auto" ? s.market : cny ? "cn" : "us";
    if (s.price) {
        c.price = *s.price;
        c.price_market = "given";
    } else {
        // Each device at its market price; the launch price where the market has none (said below).
        c.price = 0;
        c.price_market = market;
        std::string fell_back;
        size_t n_fell_back = 0;
        const std::vector<const Device*> devs = machine_devices(r);
        for (const Device* dp : devs) {
            const Device& d = *dp;
            const MarketPrice p = market_price(d, market, cny, s.exchange_rate);   // CNY per USD, either way
            n_fell_back += p.fell_back;
            if (p.price <= 0) {   // a device with no price at all: no total
                c.price = 0;
                break;
            }
            c.price += p.price;
            if (c.price_date.empty() || (!p.date.empty() && p.date < c.price_date)) c.price_date = p.date;
            if (p.fell_back && fell_back.find(d.id) == std::string::npos) fell_back += (fell_back.empty() ? "" : ", ") + d.id;
        }
        if (n_fell_back == devs.size()) c.price_market = "us";   // every device at its launch price
        if (!fell_back.empty() && c.price > 0)
            warnings.push_back({"price_fallback", "No " + std::string(market == "cn" ? "Chinese-market" : "used-market") + " price for " + fell_back +
                                                      ": its launch price is used" + (cny ? " (converted at " + fmt_num(fx) + " CNY per USD)" : std::string()) + "."});
    }
    if (c.price <= 0 && !s.price) {
        warnings.push_back({"no_price", r.device.name + " has no launch price in the catalog: pass --price for cost per task."});
        return false;
    }
    if (!r.fit.fits || !r.has_speed || r.speed.decode_tokens_per_s <= 0) return false;
    const double load_w = s.power_w ? *s.power_w : r.config_power_w + kHostPowerW;
    const double idle_w = s.idle_power_w ? *s.idle_power_w : load_w * kIdleShare;
    const double kwh = (s.kwh_price ? *s.kwh_price : (cny ? kKwhCny : kKwhUsd)) * s.pue;
    c.task_out_tokens = s.task_out_tokens;   // normalized by evaluate() from the text-length helpers
    c.seconds_per_task = seconds_per_task;
    const double B = double(s.batch);
    c.tasks_per_day = s.utilization * 86400.0 * B / c.seconds_per_task;
    c.hardware_per_day = c.price * (1.0 - s.residual_value) / (s.lifetime_years * 365.0);
    c.energy_per_day = (load_w * s.utilization + idle_w * (1.0 - s.utilization)) * 24.0 / 1000.0 * kwh;
    c.per_month = (c.hardware_per_day + c.energy_per_day) * 30.0;
    if (c.tasks_per_day > 0) {
        c.hardware_per_task = c.hardware_per_day / c.tasks_per_day;
        c.energy_per_task = c.energy_per_day / c.tasks_per_day;
        c.per_task = c.hardware_per_task + c.energy_per_task;
        c.per_million_output_tokens = c.per_task / double(c.task_out_tokens * s.turns) * 1e6;
    }
    // Owning costs a fixed amount a day (hardware + idle power) plus the extra energy each task draws;
    // an alternative priced per task is cheaper below fixed / (its price - that energy) tasks a day.
    const double fixed = c.hardware_per_day + idle_w * 24.0 / 1000.0 * kwh;
    const double marginal = (load_w - idle_w) / 1000.0 * kwh * c.seconds_per_task / B / 3600.0;
    auto break_even = [&](double alt_per_task) { return alt_per_task > marginal ? fixed / (alt_per_task - marginal) : 0.0; };
    if (s.api_price_per_mtok > 0) {
        c.api_per_task = s.api_price_per_mtok * double(c.task_out_tokens) * double(s.turns) / 1e6;
        c.break_even_tasks_per_day = break_even(c.api_per_task);
    }
    if (s.cloud_gpu_per_hour > 0) {
        c.cloud_gpu_per_task = s.cloud_gpu_per_hour * c.seconds_per_task / B / 3600.0;
        c.break_even_vs_rent_tasks_per_day = break_even(c.cloud_gpu_per_task);
    }
    return c.tasks_per_day > 0;
}

}  // namespace headroom::detail

// ---- presets: built-in comparisons with an article's own arithmetic ----------------------------------

namespace headroom {

namespace {
const nlohmann::json& presets() {
    static const nlohmann::json p = nlohmann::json::parse(detail::embedded_presets_json).at("presets");
    return p;
}
}  // namespace

std::vector<std::string> preset_ids() {
    std::vector<std::string> ids;
    for (const auto& p : presets()) ids.push_back(p.at("id"));
    return ids;
}

std::string preset_json(std::string_view id, std::string_view overrides, int indent) {
    using ojson = nlohmann::ordered_json;
    const nlohmann::json* found = nullptr;
    for (const auto& p : presets())
        if (p.at("id") == id) found = &p;
    if (!found) {
        std::string list;
        for (const auto& i : preset_ids()) list += (list.empty() ? "" : ", ") + i;
        detail::fail("preset", "unknown preset '" + std::string(id.substr(0, 64)) + "'; accepted: " + list);
    }
    if (overrides.size() > (2u << 20)) detail::fail("preset", "overrides larger than 2 MiB");
    detail::check_json_depth(overrides, "preset");
    const nlohmann::json extra = nlohmann::json::parse(overrides.begin(), overrides.end(), nullptr, false);
    if (extra.is_discarded() || !extra.is_object()) detail::fail("preset", "overrides must be a JSON object");
    ojson out;
    out["schema"] = "headroom.comparison/1";
    out["id"] = found->at("id");
    out["title"] = found->at("title");
    out["source"] = found->at("source");
    out["article_method"] = found->at("article_method");
    ojson builds = ojson::array();
    for (const auto& b : found->at("builds")) {
        nlohmann::json sc = found->at("common");
        sc.update(found->at("task"));
        sc.update(b.at("scenario"));
        sc.update(extra);
        const Report r = evaluate(scenario_from_json(sc.dump()));
        ojson e;
        e["name"] = b.at("name");
        e["notes"] = b.at("notes");
        e["article"] = ojson::parse(b.at("article").dump());
        e["report"] = ojson::parse(report_to_json(r));
        builds.push_back(e);
    }
    out["builds"] = builds;
    return out.dump(indent);
}

}  // namespace headroom
