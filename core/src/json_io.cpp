// The JSON faces of Scenario and Report (CONTRACT.md). Scenario keys are the URL keys.
#include <cmath>

#include <nlohmann/json.hpp>

#include "internal.hpp"

namespace headroom {
namespace {

using detail::fail;
using nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr size_t kMaxScenarioBytes = 2 << 20;
constexpr auto kReplace = ojson::error_handler_t::replace;

// A JSON number, or a string holding one (URL state arrives as text). `what` names the kind in errors.
double number_of(const json& v, const char* field, const char* what) {
    double d = 0;
    if (v.is_number()) d = v.get<double>();
    else if (v.is_string()) {
        const std::string s = v.get<std::string>();
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) fail(field, std::string("must be ") + what + ", got '" + s.substr(0, 32) + "'");
    } else {
        fail(field, std::string("must be ") + what);
    }
    return d;
}

int64_t to_int(const json& v, const char* field) {
    const double d = number_of(v, field, "a whole number");
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9e15) fail(field, "must be a whole number, got " + detail::fmt_num(d));
    return static_cast<int64_t>(d);
}

double to_double(const json& v, const char* field) {
    const double d = number_of(v, field, "a number");
    if (!std::isfinite(d)) fail(field, "must be a finite number");
    return d;
}

std::string to_str(const json& v, const char* field, size_t max_len = 128) {
    if (!v.is_string()) fail(field, "must be a string");
    std::string s = v.get<std::string>();
    if (s.size() > max_len) fail(field, "longer than " + std::to_string(max_len) + " characters");
    return s;
}

bool to_bool(const json& v, const char* field) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string()) {
        const std::string s = detail::lower(v.get<std::string>());
        if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
        if (s == "0" || s == "false" || s == "no" || s == "off") return false;
    }
    if (v.is_number_integer()) return v.get<int64_t>() != 0;
    fail(field, "must be true or false");
}

template <class E>
E to_enum(const json& v, const char* field, std::optional<E> (*parse)(std::string_view), const char* accepted) {
    auto e = parse(to_str(v, field));
    if (!e) fail(field, "accepted: " + std::string(accepted) + "; got '" + v.get<std::string>().substr(0, 32) + "'");
    return *e;
}

std::string host_spec_text(const HostSpec& h) {
    return "ram_gb=" + detail::fmt_num(h.ram_gb) + ",ram_bw_gbps=" + detail::fmt_num(h.ram_bw_gbps) +
           ",pcie_gbps=" + detail::fmt_num(h.pcie_gbps) + ",disk_gbps=" + detail::fmt_num(h.disk_gbps);
}

ojson scenario_obj(const Scenario& s) {
    ojson j;
    if (s.custom_model) {
        j["model"] = "custom";
        if (s.custom_model_origin == "params_b") j["params_b"] = s.params_b;
        else j["config_model"] = s.custom_model->name;
    } else {
        j["model"] = s.model;
    }
    j["quant"] = s.quant;
    j["ctx"] = s.ctx;
    j["batch"] = s.batch;
    j["kv_quant"] = s.kv_quant;
    j["engine"] = std::string(to_string(s.engine));
    j["mode"] = std::string(to_string(s.mode));
    j["method"] = std::string(to_string(s.method));
    if (s.custom_device) j["device"] = s.device_spec;
    else j["gpu"] = s.gpu;
    j["gpus"] = s.gpus;
    j["host"] = host_spec_text(s.host);
    j["placement"] = std::string(to_string(s.placement));
    if (!s.calibrated_from.empty()) j["calibrated_from"] = s.calibrated_from;
    if (s.gpu_layers >= 0) j["gpu_layers"] = s.gpu_layers;
    if (s.n_cpu_moe >= 0) j["n_cpu_moe"] = s.n_cpu_moe;
    j["task_in_tokens"] = s.task_in_tokens;
    j["task_out_tokens"] = s.task_out_tokens;
    if (s.turns > 1) j["turns"] = s.turns;
    if (s.decode_eff > 0) j["decode_eff"] = s.decode_eff;
    if (s.claim_tokens_per_s > 0) j["claim_tokens_per_s"] = s.claim_tokens_per_s;
    if (s.claim_fits) j["claim_fits"] = true;
    if (s.target_tokens_per_s > 0) j["target_tokens_per_s"] = s.target_tokens_per_s;
    j["currency"] = s.currency;
    if (s.currency == "CNY") j["exchange_rate"] = s.exchange_rate;
    if (s.price >= 0) j["price"] = s.price;
    j["lifetime_years"] = s.lifetime_years;
    j["utilization"] = s.utilization;
    if (s.power_w >= 0) j["power_w"] = s.power_w;
    if (s.idle_power_w >= 0) j["idle_power_w"] = s.idle_power_w;
    if (s.kwh_price >= 0) j["kwh_price"] = s.kwh_price;
    if (s.pue != 1.0) j["pue"] = s.pue;
    if (s.residual_value > 0) j["residual_value"] = s.residual_value;
    if (s.api_price_per_mtok > 0) j["api_price_per_mtok"] = s.api_price_per_mtok;
    if (s.cloud_gpu_per_hour > 0) j["cloud_gpu_per_hour"] = s.cloud_gpu_per_hour;
    if (s.task_out_zh_chars > 0) j["task_out_zh_chars"] = s.task_out_zh_chars;
    if (s.task_out_en_words > 0) j["task_out_en_words"] = s.task_out_en_words;
    if (s.budget_usd > 0) j["budget_usd"] = s.budget_usd;
    if (s.prefill_eff > 0) j["prefill_eff"] = s.prefill_eff;
    if (s.mode == Mode::lora || s.mode == Mode::qlora) j["lora_rank"] = s.lora_rank;
    if (s.mode != Mode::inference) j["grad_checkpointing"] = s.grad_checkpointing;
    return j;
}

}  // namespace

Scenario scenario_from_json(std::string_view text) {
    if (text.size() > kMaxScenarioBytes) fail("scenario", "larger than 2 MiB");
    detail::check_json_depth(text, "scenario");
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail("scenario", "must be a JSON object");
    Scenario s;
    bool has_model = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        if (v.is_null()) continue;
        if (k == "model") {
            s.model = detail::lower(to_str(v, "model"));
            has_model = true;
        } else if (k == "config") {
            const std::string text_cfg = v.is_string() ? v.get<std::string>() : v.dump();
            s.custom_model = model_from_hf_config(text_cfg);
            s.custom_model_origin = "config";
        } else if (k == "params_b") {
            s.params_b = to_double(v, "params_b");
            s.custom_model = model_from_params_b(s.params_b);
            s.custom_model_origin = "params_b";
        } else if (k == "quant") s.quant = detail::lower(to_str(v, "quant"));
        else if (k == "ctx") s.ctx = to_int(v, "ctx");
        else if (k == "batch") s.batch = to_int(v, "batch");
        else if (k == "kv_quant") s.kv_quant = detail::lower(to_str(v, "kv_quant"));
        else if (k == "engine") s.engine = to_enum<Engine>(v, "engine", parse_engine, "llama.cpp, vllm, transformers, generic");
        else if (k == "mode") s.mode = to_enum<Mode>(v, "mode", parse_mode, "inference, lora, qlora, full");
        else if (k == "method") s.method = to_enum<Method>(v, "method", parse_method, "detailed, rule-of-thumb");
        else if (k == "gpu") s.gpu = detail::lower(to_str(v, "gpu"));
        else if (k == "device") {
            s.device_spec = to_str(v, "device", 4096);
            s.custom_device = parse_device_spec(s.device_spec);
        } else if (k == "gpus") s.gpus = to_int(v, "gpus");
        else if (k == "host") {
            s.host_spec = to_str(v, "host", 4096);
            s.host = parse_host_spec(s.host_spec);
        } else if (k == "placement") s.placement = to_enum<Placement>(v, "placement", parse_placement, "auto, gpu, offload, stream, cpu-moe");
        else if (k == "lora_rank") s.lora_rank = to_int(v, "lora_rank");
        else if (k == "gpu_layers") s.gpu_layers = to_int(v, "gpu_layers");
        else if (k == "n_cpu_moe") s.n_cpu_moe = to_int(v, "n_cpu_moe");
        else if (k == "task_in_tokens") s.task_in_tokens = to_int(v, "task_in_tokens");
        else if (k == "task_out_tokens") s.task_out_tokens = to_int(v, "task_out_tokens");
        else if (k == "decode_eff") s.decode_eff = to_double(v, "decode_eff");
        else if (k == "claim_tokens_per_s") s.claim_tokens_per_s = to_double(v, "claim_tokens_per_s");
        else if (k == "claim_fits") s.claim_fits = to_bool(v, "claim_fits");
        else if (k == "exchange_rate") s.exchange_rate = to_double(v, "exchange_rate");
        else if (k == "price") s.price = to_double(v, "price");
        else if (k == "lifetime_years") s.lifetime_years = to_double(v, "lifetime_years");
        else if (k == "utilization") s.utilization = to_double(v, "utilization");
        else if (k == "power_w") s.power_w = to_double(v, "power_w");
        else if (k == "idle_power_w") s.idle_power_w = to_double(v, "idle_power_w");
        else if (k == "kwh_price") s.kwh_price = to_double(v, "kwh_price");
        else if (k == "pue") s.pue = to_double(v, "pue");
        else if (k == "residual_value") s.residual_value = to_double(v, "residual_value");
        else if (k == "api_price_per_mtok") s.api_price_per_mtok = to_double(v, "api_price_per_mtok");
        else if (k == "cloud_gpu_per_hour") s.cloud_gpu_per_hour = to_double(v, "cloud_gpu_per_hour");
        else if (k == "turns") s.turns = to_int(v, "turns");
        else if (k == "claims") apply_claims(s, v.is_string() ? v.get<std::string>() : v.dump());
        // Echoed by reports and kept, so a report's scenario reopens exactly; a "claims" key (applied after it:
        // keys are read in sorted order) rewrites it.
        else if (k == "calibrated_from") s.calibrated_from = to_str(v, "calibrated_from", 256);
        else if (k == "task_out_zh_chars") s.task_out_zh_chars = to_int(v, "task_out_zh_chars");
        else if (k == "task_out_en_words") s.task_out_en_words = to_int(v, "task_out_en_words");
        else if (k == "currency") s.currency = detail::upper(to_str(v, "currency", 8));
        else if (k == "target_tokens_per_s") s.target_tokens_per_s = to_double(v, "target_tokens_per_s");
        else if (k == "budget_usd") s.budget_usd = to_double(v, "budget_usd");
        else if (k == "prefill_eff") s.prefill_eff = to_double(v, "prefill_eff");
        else if (k == "grad_checkpointing") s.grad_checkpointing = to_bool(v, "grad_checkpointing");
        else if (k == "config_model" || k == "schema") continue;   // echoed by reports; informational
        // An unknown key is the field it names, except "internal": that field is reserved for the boundary's
        // own failures (evaluate_json), and a key spelled so must not look like one.
        else fail(k == "internal" ? std::string("scenario") : k.substr(0, 32), "unknown scenario key '" + detail::utf8_prefix(k, 32) + "'; accepted: model, config, params_b, quant, ctx, batch, kv_quant, engine, mode, method, gpu, device, gpus, host, placement, gpu_layers, n_cpu_moe, lora_rank, grad_checkpointing, task_in_tokens, task_out_tokens, decode_eff, prefill_eff, claim_tokens_per_s, target_tokens_per_s, budget_usd, currency, exchange_rate, price, lifetime_years, utilization, power_w, idle_power_w, kwh_price, pue, residual_value, api_price_per_mtok, cloud_gpu_per_hour, task_out_zh_chars, task_out_en_words, turns, claims, claim_fits");
    }
    if (s.custom_model && has_model && s.model != "custom")
        fail("model", "give one of model, config or params_b");
    return s;
}

std::string scenario_to_json(const Scenario& s) { return scenario_obj(s).dump(); }

namespace {
ojson report_obj(const Report& r) {
    ojson j;
    j["schema"] = "headroom.report/1";
    j["scenario"] = scenario_obj(r.scenario);
    const Model& m = r.model;
    ojson mj;
    mj["id"] = m.id;
    mj["name"] = m.name;
    mj["params_total"] = r.params_total;
    mj["params_active"] = r.params_active;
    mj["n_layer"] = m.n_layer;
    mj["n_embd"] = m.n_embd;
    mj["n_head"] = m.n_head;
    mj["n_head_kv"] = m.n_head_kv;
    mj["head_dim"] = m.head_dim;
    mj["n_vocab"] = m.n_vocab;
    mj["max_ctx"] = m.max_ctx;
    mj["attention"] = m.is_mla() ? "mla" : m.n_head_kv == m.n_head ? "mha" : "gqa";
    if (m.is_moe()) {
        mj["n_expert"] = m.n_expert;
        mj["n_expert_used"] = m.n_expert_used;
    }
    if (m.n_layer_swa) {
        mj["swa_window"] = m.swa_window;
        mj["n_layer_swa"] = m.n_layer_swa;
    }
    mj["source"] = m.source;
    j["model"] = mj;
    const Device& d = r.device;
    j["device"] = ojson{{"id", d.id}, {"name", d.name}, {"vendor", std::string(to_string(d.vendor))}, {"mem_bytes", d.mem_bytes},
                        {"mem_bw_gbps", d.mem_bw_gbps}, {"unified_memory", d.unified_memory}, {"source", d.source}};
    if (d.p2p_gbps > 0) j["device"]["p2p_gbps"] = d.p2p_gbps;
    const MemoryBreakdown& mem = r.memory;
    ojson mm;
    mm["weights_bytes"] = mem.weights_bytes;
    mm["kv_cache_bytes"] = mem.kv_cache_bytes;
    mm["activations_bytes"] = mem.activations_bytes;
    mm["overhead_bytes"] = mem.overhead_bytes;
    if (r.scenario.mode != Mode::inference) {
        mm["gradients_bytes"] = mem.gradients_bytes;
        mm["optimizer_bytes"] = mem.optimizer_bytes;
    }
    mm["total_bytes"] = mem.total_bytes;
    mm["capacity_bytes"] = mem.capacity_bytes;
    if (r.fit.placement != Placement::gpu || mem.host_bytes > 0)   // offload, stream, cpu-moe, or llama.cpp's input embedding
        mm["host_bytes"] = mem.host_bytes;
    ojson pd = ojson::array();
    for (const DeviceUse& u : mem.per_device)
        pd.push_back(ojson{{"device", u.device}, {"used_bytes", u.used_bytes}, {"capacity_bytes", u.capacity_bytes}});
    mm["per_device"] = pd;
    j["memory"] = mm;
    j["fit"] = ojson{{"fits", r.fit.fits},
                     {"headroom_bytes", r.fit.headroom_bytes},
                     {"placement", std::string(to_string(r.fit.placement))},
                     {"gpu_layers", r.fit.gpu_layers},
                     {"total_layers", r.fit.total_layers}};
    if (r.fit.placement == Placement::cpu_moe) j["fit"]["cpu_moe_layers"] = r.fit.cpu_moe_layers;
    if (r.has_speed) {
        const Speed& sp = r.speed;
        ojson sj;
        sj["decode_tokens_per_s"] = sp.decode_tokens_per_s;
        sj["aggregate_tokens_per_s"] = sp.aggregate_tokens_per_s;
        if (sp.prefill_tokens_per_s > 0) {
            sj["prefill_tokens_per_s"] = sp.prefill_tokens_per_s;
            sj["time_to_first_token_s"] = sp.time_to_first_token_s;
        }
        sj["decode_bound"] = std::string(to_string(sp.decode_bound));
        sj["bound_tokens_per_s"] = sp.bound_tokens_per_s;
        sj["bytes_per_token"] = sp.bytes_per_token;
        if (sp.host_bytes_per_token > 0) {
            sj["host_bytes_per_token"] = sp.host_bytes_per_token;
            sj["host_efficiency"] = sp.host_efficiency;
        }
        sj["flops_per_token"] = sp.flops_per_token;
        sj["decode_efficiency"] = sp.decode_efficiency;
        sj["prefill_utilization"] = sp.prefill_utilization;
        sj["calibration"] = sp.calibration;
        j["speed"] = sj;
    }
    if (r.has_cost) {
        const Cost& c = r.cost;
        ojson cj{{"currency", c.currency}, {"per_task", c.per_task}, {"per_million_output_tokens", c.per_million_output_tokens},
                 {"tasks_per_day", c.tasks_per_day}, {"hardware_per_task", c.hardware_per_task}, {"energy_per_task", c.energy_per_task},
                 {"per_month", c.per_month}, {"hardware_per_day", c.hardware_per_day}, {"energy_per_day", c.energy_per_day},
                 {"seconds_per_task", c.seconds_per_task}, {"task_out_tokens", c.task_out_tokens}, {"price", c.price}};
        if (c.api_per_task > 0) {
            cj["api_per_task"] = c.api_per_task;
            cj["break_even_tasks_per_day"] = c.break_even_tasks_per_day;
        }
        if (c.cloud_gpu_per_task > 0) {
            cj["cloud_gpu_per_task"] = c.cloud_gpu_per_task;
            cj["break_even_vs_rent_tasks_per_day"] = c.break_even_vs_rent_tasks_per_day;
        }
        j["cost"] = cj;
    }
    if (r.has_verdict) {
        const Verdict& v = r.verdict;
        j["verdict"] = ojson{{"verdict", v.verdict}, {"claim", r.scenario.claim_tokens_per_s > 0 ? "tokens_per_s" : "fits"},
                             {"claim_tokens_per_s", v.claim_tokens_per_s},
                             {"estimate_tokens_per_s", v.estimate_tokens_per_s}, {"bound_tokens_per_s", v.bound_tokens_per_s},
                             {"ratio_to_estimate", v.ratio_to_estimate}, {"ratio_to_bound", v.ratio_to_bound}, {"message", v.message}};
    }
    ojson w = ojson::array();
    for (const Warning& x : r.warnings) w.push_back(ojson{{"code", x.code}, {"message", x.message}});
    j["warnings"] = w;
    return j;
}
}  // namespace

std::string report_to_json(const Report& r, int indent) { return report_obj(r).dump(indent); }

std::string recommendations_to_json(const Report& base, const std::vector<Report>& recs, int indent) {
    ojson j = report_obj(base);
    ojson list = ojson::array();
    for (const Report& r : recs) {
        const ojson full = report_obj(r);
        ojson e;
        for (const char* k : {"scenario", "device", "memory", "fit", "speed", "cost"})
            if (full.contains(k)) e[k] = full[k];
        e["model"] = ojson{{"id", r.model.id}, {"name", r.model.name}, {"params_total", r.params_total}};
        e["price_usd"] = r.config_price_usd;
        list.push_back(e);
    }
    j["recommendations"] = list;
    return j.dump(indent);
}

std::string recommend_json(std::string_view scenario_json, RecommendFor what, int top) {
    try {
        const Scenario s = scenario_from_json(scenario_json);
        return "{\"ok\":true,\"report\":" + recommendations_to_json(evaluate(s), recommend(s, what, top)) + "}";
    } catch (const InputError& e) {
        return ojson{{"ok", false}, {"error", ojson{{"field", e.field}, {"message", e.message}}}}.dump(-1, ' ', false, kReplace);
    } catch (const std::exception& e) {
        return ojson{{"ok", false}, {"error", ojson{{"field", "internal"}, {"message", e.what()}}}}.dump(-1, ' ', false, kReplace);
    }
}

std::string evaluate_json(std::string_view scenario_json) {
    ojson out;
    try {
        const Report r = evaluate(scenario_from_json(scenario_json));
        return "{\"ok\":true,\"report\":" + report_to_json(r) + "}";
    } catch (const InputError& e) {
        out = ojson{{"ok", false}, {"error", ojson{{"field", e.field}, {"message", e.message}}}};
    } catch (const std::exception& e) {
        out = ojson{{"ok", false}, {"error", ojson{{"field", "internal"}, {"message", e.what()}}}};
    }
    return out.dump(-1, ' ', false, kReplace);   // the boundary never throws, whatever a message holds
}

std::string catalog_json() {
    const Catalog& c = catalog();
    ojson j;
    ojson models = ojson::array();
    for (const Model& m : c.models)
        models.push_back(ojson{{"id", m.id}, {"name", m.name}, {"family", m.family}, {"params_total", params_total(m)},
                               {"params_active", params_active(m)}, {"max_ctx", m.max_ctx}, {"moe", m.is_moe()},
                               {"source", m.source}});
    ojson devices = ojson::array();
    for (const Device& d : c.devices)
        devices.push_back(ojson{{"id", d.id}, {"name", d.name}, {"vendor", std::string(to_string(d.vendor))},
                                {"category", d.category}, {"mem_bytes", d.mem_bytes}, {"mem_bw_gbps", d.mem_bw_gbps},
                                {"fp16_tflops", d.fp16_tflops}, {"price_usd", d.price_usd}, {"unified_memory", d.unified_memory},
                                {"source", d.source}});
    ojson wfs = ojson::array();
    for (const WeightFormat& f : c.weight_formats)
        wfs.push_back(ojson{{"id", f.id}, {"kind", f.kind == FormatKind::gguf ? "gguf" : f.kind == FormatKind::float_ ? "float" : "grouped"},
                            {"nominal_bits", f.nominal_bits}, {"source", f.source}});
    ojson kvs = ojson::array();
    for (const KvFormat& f : c.kv_formats) kvs.push_back(ojson{{"id", f.id}, {"bits", f.bits}, {"source", f.source}});
    j["models"] = models;
    j["devices"] = devices;
    j["weight_formats"] = wfs;
    j["kv_formats"] = kvs;
    return j.dump();
}

}  // namespace headroom
