// The JSON faces of Scenario and Report (CONTRACT.md). Scenario keys are the URL keys.
#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using ojson = nlohmann::ordered_json;

// A coded sentence's parameters (headroom/messages.hpp), by name, in the order the core gave them.
ojson params_obj(const Params& params) {
    ojson o = ojson::object();
    for (const Param& p : params) o[p.name] = p.value;
    return o;
}

// An input error: the field, the English message, and its code and parameters where it has them.
ojson error_obj(const InputError& e) {
    ojson o{{"field", e.field}, {"message", e.message}};
    if (!e.code.empty()) {
        o["code"] = e.code;
        o["params"] = params_obj(e.params);
    }
    return o;
}

}  // namespace

std::string scenario_to_json(const Scenario& s) { return detail::scenario_object(s).dump(); }

namespace {
ojson model_entry(const Model& m) {
    ojson e;
    e["params_b_nominal"] = m.params_b_nominal;
    for (auto [k, v] : {std::pair{"n_layer", m.n_layer}, {"n_embd", m.n_embd}, {"n_ff", m.n_ff}, {"n_head", m.n_head},
                        {"n_head_kv", m.n_head_kv}, {"head_dim", m.head_dim}, {"n_vocab", m.n_vocab}})
        e[k] = v;
    e["tied_embeddings"] = m.tied_embeddings;
    e["max_ctx"] = m.max_ctx;
    for (auto [k, v] : {std::pair{"qkv_bias", m.qkv_bias}, {"o_bias", m.o_bias}, {"qk_norm", m.qk_norm}, {"attn_sinks", m.attn_sinks},
                        {"attn_output_gate", m.attn_output_gate}})
        if (v) e[k] = true;
    if (!m.ffn_gated) e["ffn_gated"] = false;
    if (m.ffn_bias) e["ffn_bias"] = true;
    if (m.encoder_only) e["encoder_only"] = true;
    if (m.params_extra) e["params_extra"] = m.params_extra;
    if (m.n_norm_per_layer != 2) e["n_norm_per_layer"] = m.n_norm_per_layer;
    if (m.is_moe()) {
        ojson x{{"n_expert", m.n_expert}, {"n_expert_used", m.n_expert_used}, {"n_ff_expert", m.n_ff_expert}};
        if (m.n_ff_shared) x["n_ff_shared"] = m.n_ff_shared;
        if (m.n_layer_dense_lead) x["n_layer_dense_lead"] = m.n_layer_dense_lead;
        for (auto [k, v] : {std::pair{"expert_bias", m.expert_bias}, {"router_bias", m.router_bias},
                            {"gguf_experts_mxfp4", m.gguf_experts_mxfp4}, {"shared_expert_gate", m.shared_expert_gate},
                            {"router_scales", m.router_scales}})
            if (v) x[k] = true;
        e["moe"] = x;
    }
    if (m.is_mla())
        e["mla"] = ojson{{"q_lora_rank", m.q_lora_rank}, {"kv_lora_rank", m.kv_lora_rank}, {"qk_nope_head_dim", m.qk_nope_head_dim},
                         {"qk_rope_head_dim", m.qk_rope_head_dim}, {"v_head_dim", m.v_head_dim}};
    if (m.index_n_heads) {
        e["mla"]["index_n_heads"] = m.index_n_heads;
        e["mla"]["index_head_dim"] = m.index_head_dim;
    }
    if (m.n_layer_swa) e["swa"] = ojson{{"window", m.swa_window}, {"n_layer_swa", m.n_layer_swa}};
    ojson h;
    if (!m.layer_mixer.empty()) h["layer_mixer"] = m.layer_mixer;
    if (!m.layer_ffn.empty()) h["layer_ffn"] = m.layer_ffn;
    for (auto [k, v] : {std::pair{"lin_n_head_k", m.lin_n_head_k}, {"lin_n_head_v", m.lin_n_head_v}, {"lin_head_dim_k", m.lin_head_dim_k},
                        {"lin_head_dim_v", m.lin_head_dim_v}, {"ssm_n_head", m.ssm_n_head}, {"ssm_head_dim", m.ssm_head_dim},
                        {"ssm_d_state", m.ssm_d_state}, {"ssm_n_group", m.ssm_n_group}, {"conv_kernel", m.conv_kernel},
                        {"ssm_d_inner", m.ssm_d_inner}, {"ssm_dt_rank", m.ssm_dt_rank}})
        if (v) h[k] = v;
    if (m.ssm_state_f32) h["ssm_state_f32"] = true;
    if (!m.ssm_norm) h["ssm_norm"] = false;
    if (m.cross_attn_tokens) h["cross_attn_tokens"] = m.cross_attn_tokens;
    if (!h.empty()) e["hybrid"] = h;
    if (m.n_layer_mtp) e["mtp"] = ojson{{"n_layer", m.n_layer_mtp}, {"params", m.params_mtp}};
    if (m.params_vision) e["params_vision"] = m.params_vision;
    if (m.n_embd_per_layer) e["ple"] = ojson{{"n_embd", m.n_embd_per_layer}, {"n_vocab", m.n_vocab_per_layer}};
    for (auto [k, v] : {std::pair{"altup_n", m.altup_n}, {"laurel_rank", m.laurel_rank}, {"n_layer_kv_shared", m.n_layer_kv_shared}})
        if (v) e[k] = v;
    // Gemma 4 (docs/sizing.md): the global layers' head width and KV heads, K as V, the KV-shared layers' weights and MLP.
    for (auto [k, v] : {std::pair{"head_dim_global", m.head_dim_global}, {"n_head_kv_global", m.n_head_kv_global},
                        {"n_ff_kv_shared", m.n_ff_kv_shared}})
        if (v) e[k] = v;
    if (m.attn_k_eq_v) e["attn_k_eq_v"] = true;
    if (!m.kv_shared_weights) e["kv_shared_weights"] = false;
    return e;
}

ojson report_obj(const Report& r) {
    ojson j;
    j["schema"] = "headroom.report/1";
    j["scenario"] = detail::scenario_object(r.scenario);
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
    if (!m.layer_mixer.empty()) mj["layer_mixer"] = m.layer_mixer;
    if (!m.layer_ffn.empty()) mj["layer_ffn"] = m.layer_ffn;
    if (m.n_layer_mtp) {
        mj["n_layer_mtp"] = m.n_layer_mtp;
        mj["params_mtp"] = m.params_mtp;
    }
    if (m.params_vision) mj["params_vision"] = m.params_vision;
    if (!m.release_date.empty()) mj["release_date"] = m.release_date;
    if (!m.hf_repo.empty()) mj["hf_repo"] = m.hf_repo;
    if (!m.modelscope_repo.empty()) mj["modelscope_repo"] = m.modelscope_repo;
    mj["source"] = m.source;
    if (const FileWeights* f = m.file.get(); f && f->kind == "safetensors") {
        ojson g{{"folder", f->file}, {"tensor_bytes", f->tensor_bytes}, {"bytes_exact", !f->bytes_estimated}};
        if (f->n_tensors) g["tensors"] = f->n_tensors;
        if (f->shards > 1) g["shards"] = f->shards;
        if (f->mtp) g["mtp_bytes"] = f->mtp;
        if (f->vision) g["vision_bytes"] = f->vision;
        ojson types = ojson::object();
        for (const auto& [t, b] : f->types) types[t] = b;
        g["types"] = std::move(types);
        mj["repo"] = std::move(g);
    } else if (f) {
        ojson g{{"file", f->file}, {"file_bytes", f->file_bytes}, {"tensor_bytes", f->tensor_bytes}, {"tensors", f->n_tensors}};
        if (!f->file_type.empty()) g["file_type"] = f->file_type;
        if (f->shards > 1) g["shards"] = f->shards;
        g["chat_template"] = f->chat_template;
        if (f->mtp) g["mtp_bytes"] = f->mtp;
        if (f->vision) g["vision_bytes"] = f->vision;
        ojson types = ojson::object();
        for (const auto& [t, b] : f->types) types[t] = b;
        g["types"] = std::move(types);
        mj["gguf"] = std::move(g);
    }
    j["model"] = mj;
    const Device& d = r.device;
    j["device"] = ojson{{"id", d.id}, {"name", d.name}, {"vendor", std::string(to_string(d.vendor))}, {"mem_bytes", d.mem_bytes},
                        {"mem_bw_gbps", d.mem_bw_gbps}, {"unified_memory", d.unified_memory}, {"source", d.source}};
    if (d.p2p_gbps > 0) j["device"]["p2p_gbps"] = d.p2p_gbps;
    if (!r.devices.empty()) {
        ojson list = ojson::array();
        for (const Device& x : r.devices)
            list.push_back(ojson{{"id", x.id}, {"name", x.name}, {"mem_bytes", x.mem_bytes}, {"mem_bw_gbps", x.mem_bw_gbps}, {"source", x.source}});
        j["devices"] = list;
    }
    const MemoryBreakdown& mem = r.memory;
    ojson mm;
    mm["weights_bytes"] = mem.weights_bytes;
    mm["kv_cache_bytes"] = mem.kv_cache_bytes;
    if (mem.state_bytes) mm["state_bytes"] = mem.state_bytes;
    if (mem.vision_bytes) mm["vision_bytes"] = mem.vision_bytes;
    mm["activations_bytes"] = mem.activations_bytes;
    mm["overhead_bytes"] = mem.overhead_bytes;
    if (r.scenario.mode != Mode::inference) {
        mm["gradients_bytes"] = mem.gradients_bytes;
        mm["optimizer_bytes"] = mem.optimizer_bytes;
    }
    mm["total_bytes"] = mem.total_bytes;
    mm["capacity_bytes"] = mem.capacity_bytes;
    if ((r.fit.placement != Placement::gpu && r.fit.placement != Placement::cpu) || mem.host_bytes > 0)   // offload, stream, cpu-moe, or llama.cpp's input embedding
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
    if (r.fit.placement == Placement::cpu_moe) j["fit"]["n_cpu_moe"] = r.fit.n_cpu_moe;
    if (r.fit.has_inverse) {
        j["fit"]["max_ctx"] = r.fit.max_ctx;
        j["fit"]["max_batch"] = r.fit.max_batch;
        j["fit"]["max_batch_tokens_per_s"] = r.fit.max_batch_tokens_per_s;
        j["fit"]["min_gpus"] = r.fit.min_gpus;
    }
    if (r.has_speed) {
        const Speed& sp = r.speed;
        ojson sj;
        sj["decode_tokens_per_s"] = sp.decode_tokens_per_s;
        sj["decode_ctx_tokens"] = sp.decode_ctx_tokens;
        if (sp.decode_tokens_per_s_at_full_ctx > 0) sj["decode_tokens_per_s_at_full_ctx"] = sp.decode_tokens_per_s_at_full_ctx;
        sj["decode_zh_chars_per_s"] = sp.decode_zh_chars_per_s;
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
        sj["prefill_efficiency"] = sp.prefill_efficiency;
        sj["calibration"] = sp.calibration;
        j["speed"] = sj;
    }
    if (r.has_cost) {
        const Cost& c = r.cost;
        ojson cj{{"currency", c.currency}, {"per_task", c.per_task}, {"per_million_output_tokens", c.per_million_output_tokens},
                 {"tasks_per_day", c.tasks_per_day}, {"hardware_per_task", c.hardware_per_task}, {"energy_per_task", c.energy_per_task},
                 {"per_month", c.per_month}, {"hardware_per_day", c.hardware_per_day}, {"energy_per_day", c.energy_per_day},
                 {"seconds_per_task", c.seconds_per_task}, {"task_out_tokens", c.task_out_tokens}, {"price", c.price}};
        cj["price_market"] = c.price_market;
        if (!c.price_date.empty()) cj["price_date"] = c.price_date;
        if (!c.price_source.empty()) cj["price_source"] = c.price_source;
        if (c.api_per_task > 0) {
            if (!c.api.empty()) {
                cj["api"] = c.api;
                cj["api_input_per_mtok"] = c.api_input_per_mtok;
                if (c.api_cached_input_per_mtok > 0) cj["api_cached_input_per_mtok"] = c.api_cached_input_per_mtok;
                cj["api_output_per_mtok"] = c.api_output_per_mtok;
                cj["api_price_date"] = c.api_price_date;
                cj["api_source"] = c.api_source;
            }
            cj["api_per_task"] = c.api_per_task;
            cj["break_even_tasks_per_day"] = c.break_even_tasks_per_day;
        }
        if (c.cloud_gpu_per_task > 0) {
            if (!c.rent.empty()) {
                cj["rent"] = c.rent;
                cj["rent_per_gpu_hour"] = c.rent_per_gpu_hour;
                cj["rent_per_hour"] = c.rent_per_hour;
                cj["rent_price_date"] = c.rent_price_date;
                cj["rent_source"] = c.rent_source;
            }
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
                             {"ratio_to_estimate", v.ratio_to_estimate}, {"ratio_to_bound", v.ratio_to_bound}, {"message", v.message},
                             {"code", v.code}, {"params", params_obj(v.params)}};
    }
    if (r.has_launch) {
        const Launch& l = r.launch;
        ojson lj{{"tool", l.tool}, {"command", l.command}};
        if (!l.note.empty()) {
            lj["note"] = l.note;
            lj["note_code"] = l.note_code;
            lj["note_params"] = params_obj(l.note_params);
        }
        ojson others = ojson::array();
        for (const LaunchAlt& a : l.others)
            others.push_back(ojson{{"tool", a.tool}, {"command", a.command}, {"note", a.note}, {"note_code", a.note_code},
                                   {"note_params", params_obj(a.note_params)}});
        lj["others"] = others;
        j["launch"] = lj;
    }
    ojson w = ojson::array();
    for (const Warning& x : r.warnings) w.push_back(ojson{{"code", x.code}, {"message", x.message}, {"params", params_obj(x.params)}});
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
        e["config_price_usd"] = r.config_price_usd;
        if (!r.model.release_date.empty()) e["release_date"] = r.model.release_date;
        list.push_back(e);
    }
    j["recommendations"] = list;
    return j.dump(indent);
}

std::string ladder_to_json(const Report& base, const Ladder& l, int indent) {
    ojson j = report_obj(base);
    auto rungs = [](const std::vector<LadderRung>& rs, const char* id_key, bool weights) {
        ojson list = ojson::array();
        for (const LadderRung& r : rs) {
            ojson e{{id_key, r.quant}, {"bits", r.bits}};
            if (weights) e["weights_bytes"] = r.weights_bytes;
            e["max_ctx"] = r.max_ctx;
            e["decode_tokens_per_s"] = r.decode_tokens_per_s;
            list.push_back(e);
        }
        return list;
    };
    j["ladder_placement"] = std::string(to_string(l.placement));
    j["ladder"] = rungs(l.quants, "quant", true);
    j["kv_ladder"] = rungs(l.kv, "kv_quant", false);
    return j.dump(indent);
}

std::string ladder_json(std::string_view scenario_json) {
    return result_json("report", [&] {
        const Scenario s = scenario_from_json(scenario_json);
        return ladder_to_json(evaluate(s), quant_ladder(s));
    });
}

std::string result_json(std::string_view key, const std::function<std::string()>& body) {
    ojson out;
    try {
        return "{\"ok\":true,\"" + std::string(key) + "\":" + body() + "}";
    } catch (const InputError& e) {
        out = ojson{{"ok", false}, {"error", error_obj(e)}};
    } catch (const std::exception& e) {
        out = ojson{{"ok", false}, {"error", ojson{{"field", "internal"}, {"message", e.what()}}}};
    } catch (...) {
        out = ojson{{"ok", false}, {"error", ojson{{"field", "internal"}, {"message", "unknown exception"}}}};
    }
    return out.dump(-1, ' ', false, ojson::error_handler_t::replace);   // the boundary never throws, whatever a message holds
}

std::string recommend_json(std::string_view scenario_json, RecommendFor what, int top) {
    return result_json("report", [&] {
        const Scenario s = scenario_from_json(scenario_json);
        return recommendations_to_json(evaluate(s), recommend(s, what, top));
    });
}

std::string evaluate_json(std::string_view scenario_json) {
    return result_json("report", [&] { return report_to_json(evaluate(scenario_from_json(scenario_json))); });
}

namespace {
ojson apis_array() {
    ojson a = ojson::array();
    for (const ApiPrice& p : catalog().apis) {
        ojson e{{"id", p.id}, {"provider", p.provider}, {"provider_name", p.provider_name}};
        if (!p.provider_name_zh.empty()) e["provider_name_zh"] = p.provider_name_zh;
        e["model_name"] = p.model_name;
        if (!p.model.empty()) e["model"] = p.model;
        e["currency"] = p.currency;
        e["input_per_mtok"] = p.input_per_mtok;
        if (p.cached_input_per_mtok > 0) e["cached_input_per_mtok"] = p.cached_input_per_mtok;
        e["output_per_mtok"] = p.output_per_mtok;
        e["date"] = p.date;
        e["source"] = p.source;
        a.push_back(e);
    }
    return a;
}
ojson rentals_array() {
    ojson a = ojson::array();
    for (const RentalPrice& p : catalog().rentals) {
        ojson e{{"id", p.id}, {"platform", p.platform}, {"platform_name", p.platform_name}};
        if (!p.platform_name_zh.empty()) e["platform_name_zh"] = p.platform_name_zh;
        e["gpu"] = p.gpu;
        e["currency"] = p.currency;
        e["per_gpu_hour"] = p.per_gpu_hour;
        if (!p.billing.empty()) e["billing"] = p.billing;
        e["date"] = p.date;
        e["source"] = p.source;
        a.push_back(e);
    }
    return a;
}
}  // namespace

std::string apis_json() { return ojson{{"as_of", catalog().prices_as_of}, {"apis", apis_array()}}.dump(); }
std::string rentals_json() { return ojson{{"as_of", catalog().prices_as_of}, {"rentals", rentals_array()}}.dump(); }

std::string catalog_json() {
    const Catalog& c = catalog();
    ojson j;
    ojson models = ojson::array();
    for (const Model& m : c.models)
        models.push_back(ojson{{"id", m.id}, {"name", m.name}, {"family", m.family}, {"params_total", params_total(m)},
                               {"params_active", params_active(m)}, {"max_ctx", m.max_ctx}, {"moe", m.is_moe()},
                               {"source", m.source}});
    for (size_t i = 0; i < c.models.size(); ++i) {
        if (!c.models[i].hf_repo.empty()) models[i]["hf_repo"] = c.models[i].hf_repo;
        if (!c.models[i].modelscope_repo.empty()) models[i]["modelscope_repo"] = c.models[i].modelscope_repo;
    }
    ojson devices = ojson::array();
    for (const Device& d : c.devices) {
        devices.push_back(ojson{{"id", d.id}, {"name", d.name}, {"vendor", std::string(to_string(d.vendor))},
                                {"category", d.category}, {"mem_bytes", d.mem_bytes}, {"mem_gib", d.mem_gib()}, {"mem_bw_gbps", d.mem_bw_gbps},
                                {"fp16_tflops", d.fp16_tflops}, {"price_usd", d.price_usd}, {"unified_memory", d.unified_memory},
                                {"source", d.source}});
        ojson& e = devices.back();
        if (d.price_usd > 0) e["launch"] = d.launch;
        if (d.price_us_usd > 0) e["price_us_usd"] = d.price_us_usd, e["price_us_date"] = d.price_us_date, e["price_us_source"] = d.price_us_source;
        if (d.price_cny > 0) e["price_cny"] = d.price_cny, e["price_cny_date"] = d.price_cny_date, e["price_cny_source"] = d.price_cny_source;
        if (d.price_used_usd > 0)
            e["price_used_usd"] = d.price_used_usd, e["price_used_date"] = d.price_used_date, e["price_used_source"] = d.price_used_source;
        if (d.gpu_share_linux > 0) e["gpu_share_linux"] = d.gpu_share_linux, e["gpu_share_windows"] = d.gpu_share_windows;
        if (d.sockets > 1) e["sockets"] = d.sockets;
    }
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
    j["prices_as_of"] = c.prices_as_of;
    j["apis"] = apis_array();
    j["rentals"] = rentals_array();
    return j.dump();
}

std::string model_entry_json(const Model& m) { return model_entry(m).dump(2); }

}  // namespace headroom
