// Cost per task: hardware amortized over its life at a utilization, energy under load and idle,
// against a cloud API and rented GPUs. Formulas and sources: docs/cost.md.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom::detail {

// Tokens per English word (docs/cost.md): OpenAI, "a token is about 3/4 of an English word". Per Chinese
// character: kTokensPerZhChar (internal.hpp).
constexpr double kTokensPerEnWord = 4.0 / 3.0;
constexpr double kHostPowerW = 100;          // CPU, board, RAM, disk, fans under load
constexpr double kIdleShare = 0.20;          // idle draw as a share of load draw
constexpr double kKwhUsd = 0.16, kKwhCny = 0.56;

int64_t task_out_tokens(const Scenario& s) {
    if (s.task_out_zh_chars > 0) return std::max<int64_t>(1, std::llround(double(s.task_out_zh_chars) * kTokensPerZhChar));
    if (s.task_out_en_words > 0) return std::max<int64_t>(1, std::llround(double(s.task_out_en_words) * kTokensPerEnWord));
    return s.task_out_tokens;
}

// One device's price in the scenario's currency, in its market: the price, its date and source, and where it came from
// (the market's own price; where it has none, the US street price, else the launch price).
struct MarketPrice {
    double price = 0;
    const std::string* date = nullptr;     // the catalog's own strings: nothing copied per scenario
    const std::string* source = nullptr;
    const char* market = "";
};
MarketPrice market_price(const Device& d, const std::string& market, bool cny, double fx) {
    const double to_cur = cny ? fx : 1.0;   // USD -> the scenario's currency
    if (market == "cn" && d.price_cny > 0) return {cny ? d.price_cny : d.price_cny / fx, &d.price_cny_date, &d.price_cny_source, "cn"};
    if (market == "used" && d.price_used_usd > 0) return {d.price_used_usd * to_cur, &d.price_used_date, &d.price_used_source, "used"};
    if (d.price_us_usd > 0) return {d.price_us_usd * to_cur, &d.price_us_date, &d.price_us_source, "us"};
    if (d.price_usd > 0) return {d.price_usd * to_cur, &d.launch, &d.source, "launch"};
    return {};
}

// A table price in the scenario's currency (the tables keep each price in the currency it was published in).
double in_currency(double price, const std::string& from, const Scenario& s) {
    if (from == s.currency) return price;
    return from == "USD" ? price * s.exchange_rate : price / s.exchange_rate;
}

// Whether a YYYY-MM[-DD] date lies more than a year before the price tables' as_of date (YYYY-MM-DD, checked by
// gen_catalog). A month counts as its last day.
bool over_a_year_old(const std::string& date) {
    static const std::string year_before = [] {
        const std::string& as_of = catalog().prices_as_of;
        return as_of.size() == 10 ? std::to_string(std::stoi(as_of.substr(0, 4)) - 1) + as_of.substr(4) : std::string();
    }();
    if (date.size() < 7 || year_before.empty()) return false;
    return date.size() == 7 ? date.compare(0, 7, year_before, 0, 7) < 0 : date < year_before;
}

const RentalPrice* cheapest_rental(const std::string& gpu, const std::string& currency, const Scenario& s) {
    const RentalPrice* best = nullptr;
    for (const RentalPrice& p : catalog().rentals())
        if (p.gpu == gpu && p.currency == currency && (!best || p.per_gpu_hour < best->per_gpu_hour)) best = &p;
    if (best) return best;
    for (const RentalPrice& p : catalog().rentals())   // none in the market's currency: the cheapest anywhere, converted
        if (p.gpu == gpu && (!best || in_currency(p.per_gpu_hour, p.currency, s) < in_currency(best->per_gpu_hour, best->currency, s))) best = &p;
    return best;
}

bool estimate_cost(const Scenario& s, const Report& r, double seconds_per_task, Cost& c, std::vector<Warning>& warnings) {
    const Catalog& cat = catalog();
    const bool cny = s.currency == "CNY";
    const double fx = cny ? s.exchange_rate : 1.0;
    c.currency = s.currency;
    const std::string market = s.market != "auto" ? s.market : cny ? "cn" : "us";
    const std::vector<const Device*> devs = machine_devices(r);
    std::vector<Warning> old;   // each table price used that is more than a year old: said last
    if (s.price) {
        c.price = *s.price;
        c.price_market = "given";
    } else {
        // Each device at its market price; its US price where the market has none (said below).
        c.price = 0;
        std::string fell_back;
        const char* markets = nullptr;   // the one market every device's price came from, or "" for several
        MarketPrice oldest;              // the oldest price's date and source (several devices)
        for (const Device* dp : devs) {
            const Device& d = *dp;
            const MarketPrice p = market_price(d, market, cny, s.exchange_rate);   // CNY per USD, either way
            if (p.price <= 0) {   // a device with no price at all: no total
                c.price = 0;
                oldest = {};
                break;
            }
            c.price += p.price;
            if (!oldest.date || *p.date < *oldest.date) oldest = p;
            markets = !markets || std::string_view(markets) == p.market ? p.market : "";
            if (market != p.market && !(market == "us" && std::string_view(p.market) == "launch") && fell_back.find(d.id) == std::string::npos)
                fell_back += (fell_back.empty() ? "" : ", ") + d.id;
        }
        if (oldest.date) {
            c.price_date = *oldest.date;
            c.price_source = *oldest.source;
        }
        c.price_market = markets && *markets ? markets : market;
        c.price_fallback = !fell_back.empty() && c.price > 0;
        if (c.price_fallback)
            warnings.push_back(warning("price_fallback", {{"market", market},
                                                          {"devices", fell_back},
                                                          {"converted", cny ? "converted_at" : "nothing"},
                                                          {"rate", fmt_num(fx)}}));
        if (c.price > 0 && over_a_year_old(c.price_date)) {
            std::string ids;
            std::vector<std::string> seen;   // each device once: four rtx-4090 are one price
            for (const Device* d : devs)
                if (std::find(seen.begin(), seen.end(), d->id) == seen.end()) {
                    seen.push_back(d->id);
                    ids += (ids.empty() ? "" : ", ") + d->id;
                }
            old.push_back(warning("price_old", {{"devices", ids}, {"date", c.price_date}, {"as_of", cat.prices_as_of}}));
        }
    }
    if (c.price <= 0 && !s.price) {
        warnings.push_back(warning("no_price", {{"device", r.device.name}}));
        return false;
    }
    if (!r.fit.fits || !r.has_speed || r.speed.decode_tokens_per_s <= 0) return false;
    const double load_w = s.power_w ? *s.power_w : r.config_power_w + kHostPowerW;
    const double idle_w = s.idle_power_w ? *s.idle_power_w : load_w * kIdleShare;
    const double kwh = (s.kwh_price ? *s.kwh_price : (cny ? kKwhCny : kKwhUsd)) * s.pue;
    c.task_out_tokens = s.task_out_tokens;   // normalized by evaluate() from the text-length helpers
    c.seconds_per_task = seconds_per_task;
    const double B = double(s.batch);
    c.max_tasks_per_day = 86400.0 * B / c.seconds_per_task;
    c.tasks_per_day = s.utilization * c.max_tasks_per_day;
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
    const double in_tok = double(s.task_in_tokens), out_tok = double(c.task_out_tokens), turns = double(s.turns);
    if (const ApiPrice* a = s.api.empty() ? nullptr : cat.find_api(s.api)) {
        // Each turn sends the whole conversation so far: the repeated prefix at the cached-input price where the provider
        // offers one (context caching), the new prompt at the input price, the answer at the output price (docs/cost.md).
        c.api = a->id;
        c.api_input_per_mtok = in_currency(a->input_per_mtok, a->currency, s);
        c.api_cached_input_per_mtok = in_currency(a->cached_input_per_mtok, a->currency, s);
        c.api_output_per_mtok = in_currency(a->output_per_mtok, a->currency, s);
        c.api_price_date = a->date;
        c.api_source = a->source;
        // A cached prefix (cached_tokens) is sent with every turn as well.
        const double prefix = turns * (turns - 1) / 2 * (in_tok + out_tok) + turns * double(s.cached_tokens);
        const double prefix_price = c.api_cached_input_per_mtok > 0 ? c.api_cached_input_per_mtok : c.api_input_per_mtok;
        c.api_per_task = (turns * in_tok * c.api_input_per_mtok + prefix * prefix_price + turns * out_tok * c.api_output_per_mtok) / 1e6;
        c.break_even_tasks_per_day = break_even(c.api_per_task);
        if (a->currency != s.currency)
            warnings.push_back(warning("api_converted", {{"api", a->id}, {"currency", a->currency}, {"rate", fmt_num(s.exchange_rate)}}));
        if (over_a_year_old(a->date))
            old.push_back(warning("api_price_old", {{"api", a->id}, {"date", a->date}, {"as_of", cat.prices_as_of}}));
    } else if (s.api_price_per_mtok > 0) {
        c.api_per_task = s.api_price_per_mtok * out_tok * turns / 1e6;
        c.break_even_tasks_per_day = break_even(c.api_per_task);
    }
    const RentalPrice* rent = s.rent.empty()      ? nullptr
                              : s.rent == "auto" ? cheapest_rental(devs.front()->id, cny ? "CNY" : "USD", s)
                                                 : cat.find_rental(s.rent);
    if (rent) {
        // The same GPUs rented for the task's time (validate() holds the rental to the machine's device).
        c.rent = rent->id;
        c.rent_per_gpu_hour = in_currency(rent->per_gpu_hour, rent->currency, s);
        c.rent_per_hour = c.rent_per_gpu_hour * double(devs.size());
        c.rent_price_date = rent->date;
        c.rent_source = rent->source;
        c.cloud_gpu_per_task = c.rent_per_hour * c.seconds_per_task / B / 3600.0;
        c.break_even_vs_rent_tasks_per_day = break_even(c.cloud_gpu_per_task);
        if (rent->currency != s.currency)
            warnings.push_back(warning("rent_converted", {{"rent", rent->id}, {"currency", rent->currency}, {"rate", fmt_num(s.exchange_rate)}}));
        if (over_a_year_old(rent->date))
            old.push_back(warning("rent_price_old", {{"rent", rent->id}, {"date", rent->date}, {"as_of", cat.prices_as_of}}));
    } else if (s.rent == "auto") {
        warnings.push_back(warning("no_rental", {{"gpu", devs.front()->id}}));
    } else if (s.cloud_gpu_per_hour > 0) {
        c.cloud_gpu_per_task = s.cloud_gpu_per_hour * c.seconds_per_task / B / 3600.0;
        c.break_even_vs_rent_tasks_per_day = break_even(c.cloud_gpu_per_task);
    }
    // A break-even above what the hardware can do at full use is never reached: owning never pays off at any load it
    // can carry, which the figure alone does not say (docs/cost.md).
    // alt: "api" or "rent", the table id compared with (empty: a typed price), tasks: that comparison's break-even.
    const auto cheaper_at_any_load = [&](const std::string& alt, const std::string& id, double tasks) {
        if (tasks <= c.max_tasks_per_day) return;
        warnings.push_back(warning(alt == "api" ? "api_cheaper_at_any_load" : "rent_cheaper_at_any_load",
                                   {{"who", alt + (id.empty() ? "_typed" : "_named")},
                                    {alt, id},
                                    {"break_even", group_thousands(int64_t(std::ceil(tasks)))},
                                    {"max", group_thousands(int64_t(c.max_tasks_per_day))}}));
    };
    if (c.api_per_task > 0) cheaper_at_any_load("api", c.api, c.break_even_tasks_per_day);
    if (c.cloud_gpu_per_task > 0) cheaper_at_any_load("rent", c.rent, c.break_even_vs_rent_tasks_per_day);
    for (Warning& w : old) warnings.push_back(std::move(w));
    return c.tasks_per_day > 0;
}

}  // namespace headroom::detail

// ---- presets: built-in comparisons with an article's own arithmetic ----------------------------------

namespace headroom {

namespace {
const nlohmann::ordered_json& presets() {
    static const nlohmann::ordered_json p = detail::parse_json(detail::embedded_presets_json).at("presets");
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
    const ojson* found = nullptr;
    for (const auto& p : presets())
        if (p.at("id") == id) found = &p;
    if (!found) {
        std::string list;
        for (const auto& i : preset_ids()) list += (list.empty() ? "" : ", ") + i;
        detail::fail("preset", "unknown preset '" + std::string(id.substr(0, 64)) + "'; accepted: " + list);
    }
    if (overrides.size() > (2u << 20)) detail::fail("preset", "overrides larger than 2 MiB");
    detail::check_json_depth(overrides, "preset");
    const ojson extra = detail::parse_json(overrides);
    if (extra.is_discarded() || !extra.is_object()) detail::fail("preset", "overrides must be a JSON object");
    ojson out;
    out["schema"] = "headroom.comparison/1";
    out["id"] = found->at("id");
    out["title"] = found->at("title");
    out["source"] = found->at("source");
    out["article_method"] = found->at("article_method");
    ojson builds = ojson::array();
    for (const auto& b : found->at("builds")) {
        ojson sc = found->at("common");
        sc.update(found->at("task"));
        sc.update(b.at("scenario"));
        sc.update(extra);
        const Report r = evaluate(scenario_from_json(detail::sorted_json(sc).dump()));
        ojson e;
        e["name"] = b.at("name");
        e["notes"] = b.at("notes");
        e["article"] = detail::sorted_json(b.at("article"));   // sorted, as nlohmann::json held it
        e["report"] = detail::parse_json(report_to_json(r));
        builds.push_back(e);
    }
    out["builds"] = builds;
    return out.dump(indent);
}

}  // namespace headroom
