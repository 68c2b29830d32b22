#include "validation.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace headroom::validation {
namespace {

using nlohmann::json;

// Apple rows name a chip and GPU core count ("m2-ultra-76c") but not the memory: take the largest catalog
// configuration of that chip with that many cores (the run fit), else the chip's largest with its shader
// FP32 scaled by the core ratio (same clock).
std::optional<Device> apple_device(const std::string& name) {
    static const std::regex re(R"(^(m\d(?:-pro|-max|-ultra)?)-(\d+)c)");
    std::smatch mt;
    if (!std::regex_search(name, mt, re)) return std::nullopt;
    const std::string chip = mt[1];
    const int cores = std::stoi(mt[2]);
    const std::regex id_re("^" + chip + R"(-\d+gb$)");
    const Device *any = nullptr, *same = nullptr;
    for (const Device& d : catalog().devices()) {
        if (!std::regex_match(d.id, id_re)) continue;
        if (d.name.find(std::to_string(cores) + "-core GPU") != std::string::npos && (!same || d.mem_bytes > same->mem_bytes)) same = &d;
        if (!any || d.mem_bytes > any->mem_bytes) any = &d;
    }
    if (same) return *same;
    if (!any) return std::nullopt;
    static const std::regex cores_re(R"((\d+)-core GPU)");
    std::smatch cm;
    if (!std::regex_search(any->name, cm, cores_re)) return std::nullopt;
    Device d = *any;
    d.fp32_tflops *= double(cores) / std::stod(cm[1]);
    return d;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::vector<Row> evaluate_file(const std::string& path) {
    std::ifstream f(path);
    const json data = json::parse(f);
    std::vector<Row> out;
    for (const json& j : data.at("rows")) {
        Row row;
        row.id = j.at("id");
        row.group = j.at("group");
        row.metric = j.at("metric");
        row.source = j.value("source", "");
        row.measured = j.at("value").get<double>();
        row.includes_prompt = j.value("includes_prompt", false);
        row.holdout = j.value("holdout", false);
        auto skip = [&](std::string why) {
            row.skip = std::move(why);
            out.push_back(row);
        };
        row.engine = j.value("engine", "");
        row.backend = j.contains("backend") && j["backend"].is_string() ? j["backend"].get<std::string>() : "";
        row.source_key = j.contains("source_group") ? j["source_group"].get<std::string>() : source_key(row.source);
        row.n_devices = j.value("n_devices", 1);
        row.batch = j.contains("batch") && j["batch"].is_number() ? j["batch"].get<int>() : 1;
        if (j.contains("excluded")) { skip(j["excluded"]); continue; }
        if (j.value("split_mode", "layer") == "row") { skip("llama.cpp split mode '" + j.value("split_mode", "") + "' not modelled (headroom models -sm layer)"); continue; }
        if (row.metric == "aggregate_tokens_per_s" && !(j.contains("batch") && j["batch"].is_number())) {
            skip("aggregate throughput at a concurrency the source does not state (a saturation run): no scenario to evaluate");
            continue;
        }
        const std::string& engine = row.engine;
        const std::optional<Engine> eng = parse_engine(engine);
        if (!eng || *eng == Engine::generic) { skip("engine " + engine + " not modelled"); continue; }
        const std::string model = j.value("model", "");
        if (!catalog().find_model(model)) { skip("model not in the catalog"); continue; }
        const std::string quant = j.value("quant", "");
        if (!catalog().find_weight_format(quant)) { skip("format '" + quant + "' not in the catalog"); continue; }
        Scenario s;
        s.model = model;
        s.quant = quant;
        s.engine = *eng;
        // llama.cpp's backend as the row names it: Vulkan has its own calibration; the native ones are the device's.
        if (row.backend == "Vulkan") s.backend = Backend::vulkan;
        if (row.backend == "SYCL" || row.backend == "CANN" || row.backend == "MUSA" || row.backend == "OpenCL") {
            skip("backend " + row.backend + " not modelled");
            continue;
        }
        const bool on_cpu = j.value("placement", "") == "cpu";   // llama.cpp -ngl 0 on a CPU host (the catalog's, or "host")
        if (on_cpu && !(j.contains("device_catalog_id") && j["device_catalog_id"].is_string())) {
            // the machine as the source states it: placement cpu runs on the host spec
        } else if (j.contains("device_catalog_id") && j["device_catalog_id"].is_string()) {
            s.gpu = j["device_catalog_id"];
            // An Apple chip with another GPU core count than the catalog's configuration: its shader FP32 scaled
            // by the core ratio (same clock), as apple_device does.
            static const std::regex cores_re(R"((\d+)-core GPU)");
            const Device* d = catalog().find_device(s.gpu);
            std::smatch cm;
            if (d && d->vendor == Vendor::apple && j.contains("gpu_cores") && j["gpu_cores"].is_number() &&
                std::regex_search(d->name, cm, cores_re) && std::stoi(cm[1]) != j["gpu_cores"].get<int>()) {
                Device x = *d;
                x.fp32_tflops *= j["gpu_cores"].get<double>() / std::stod(cm[1]);
                s.custom_device = x;
            }
        } else if (auto d = apple_device(j.value("device", ""))) {
            s.custom_device = *d;
        } else {
            skip("device not in the catalog");
            continue;
        }
        s.gpus = row.n_devices;
        if (j.contains("gpu_share") && j["gpu_share"].is_number()) s.gpu_share = j["gpu_share"].get<double>();   // e.g. GTT raised
        s.batch = row.batch;
        if (j.contains("ubatch") && j["ubatch"].is_number()) s.ubatch = j["ubatch"].get<int64_t>();   // llama-bench -ub as run
        if (j.contains("split_mode") && j["split_mode"].is_string()) s.split_mode = j["split_mode"].get<std::string>();
        const int64_t prompt = j["prompt_tokens"].is_number() ? j["prompt_tokens"].get<int64_t>() : (row.metric[0] == 'p' ? 512 : 0);
        const int64_t gen = j["gen_tokens"].is_number() ? j["gen_tokens"].get<int64_t>() : 128;
        // llama-bench -d N: N tokens already in the cache before the test (the scenario's cached_tokens).
        const int64_t depth = j.contains("depth") && j["depth"].is_number() ? j["depth"].get<int64_t>() : 0;
        s.ctx = depth + prompt + std::max<int64_t>(gen, 1);
        s.cached_tokens = depth;
        s.task_in_tokens = row.metric[0] == 'p' ? std::max<int64_t>(prompt, 1) : prompt;
        s.task_out_tokens = std::max<int64_t>(gen, 1);
        if (j.contains("host")) s.host = parse_host_spec(j["host"].get<std::string>());
        const Model& m = *catalog().find_model(model);
        s.placement = on_cpu ? Placement::cpu : Placement::gpu;
        if (j.contains("n_cpu_moe")) {   // -ngl 99 --n-cpu-moe N
            s.placement = Placement::cpu_moe;
            s.n_cpu_moe = j["n_cpu_moe"];
        } else if (j.contains("gpu_layers") && j["gpu_layers"].get<int>() < m.n_layer) {
            s.placement = Placement::offload;
            s.gpu_layers = j["gpu_layers"];
        }
        if (const auto e = validate(s)) {
            skip("the scenario is refused: " + e->field + ": " + e->message);
            continue;
        }
        const Report r = evaluate(s, Depth::sweep);
        if (!r.fit.fits) {
            skip("headroom says this does not fit (" + std::to_string(r.fit.headroom_bytes / 1000000) + " MB short); the run paged or swapped");
            continue;
        }
        if (row.metric == "prefill_tokens_per_s" && r.device.vendor != Vendor::apple && r.device.vendor != Vendor::cpu &&
            r.device.fp16_tflops <= 0) {
            skip("the device's FP16 tensor rate is not published (the catalog omits it; prefill falls back to its FP32 rate)");
            continue;
        }
        const Speed& sp = r.speed;
        // latency_s: a whole request (prefill, then decode) as latency benchmarks print it (vLLM
        // benchmark_latency's average latency for input_len / output_len).
        const double gen_tok = double(s.task_out_tokens);
        const bool latency = row.metric == "latency_s";
        if (latency) row.measured = gen_tok / row.measured;   // compared as tokens/s like every other row
        row.predicted = row.metric[0] == 'p'                   ? sp.prefill_tokens_per_s
                        : latency                              ? gen_tok / (sp.time_to_first_token_s + gen_tok / sp.decode_tokens_per_s)
                        : row.metric == "aggregate_tokens_per_s" ? sp.aggregate_tokens_per_s
                                                               : sp.decode_tokens_per_s;
        row.feat_step_s = 1.0 / sp.decode_tokens_per_s;
        row.feat_ttft_s = latency ? sp.time_to_first_token_s : 0.0;
        row.feat_gen = gen_tok;
        row.calibration = sp.calibration;
        const double bw = r.device.mem_bw_gbps * 1e9;
        row.peer = (r.device.vendor == Vendor::apple ? 0.65 : 0.70) * bw / double(r.memory.weights_bytes);
        row.feat_bytes_over_bw = double(sp.bytes_per_token) / (bw / r.device.sockets);
        row.feat_layers = m.n_layer;
        row.feat_host_s = double(sp.host_bytes_per_token) / (s.host.ram_bw_gbps * 1e9);
        row.feat_host_eff = sp.host_efficiency;
        row.feat_cpu_moe_layers = r.fit.placement == Placement::cpu_moe ? r.fit.n_cpu_moe : 0;
        Scenario full = s;
        full.prefill_efficiency = 1.0;
        row.prefill_at_full_util = evaluate(full, Depth::sweep).speed.prefill_tokens_per_s;
        row.moe = m.is_moe();
        row.placement = r.fit.placement;
        row.cpu_only = on_cpu || r.device.vendor == Vendor::cpu;
        row.scenario = s;
        row.cal = speed_calibration(s, r.device);
        row.expert_gemms_per_token = sp.prefill_expert_gemms_per_token;
        if (m.is_moe() && r.device.vendor != Vendor::cpu) {   // speed.cpp's expert padding term, at full utilisation
            int moe_layers = 0;
            for (int il = 0; il < m.n_layer; ++il) moe_layers += m.is_moe_layer(il);
            const double flops = row.cal.gemm_flops;   // the rate speed.cpp refers the GEMMs to (peak_flops)
            if (moe_layers > 0 && flops > 0 && m.n_expert > m.n_expert_used)
                row.expert_pad_s = sp.prefill_expert_gemms_per_token * 2.0 * double(params_total(m) - params_active(m)) /
                                   (double(moe_layers) * (m.n_expert - m.n_expert_used)) / flops;
        }
        row.moe_layers = sp.decode_moe_layers;
        row.attn_s_per_token = sp.prefill_attention_s_per_token;
        row.prompt = prompt;
        row.depth = depth;
        // speed.cpp: each layer on the device pays layer_us, streamed ones too; offloaded layers pay the host's
        row.fixed_layers = r.fit.placement == Placement::stream ? m.n_layer : r.fit.gpu_layers;
        out.push_back(row);
    }
    return out;
}

std::vector<Group> summarize(const std::vector<Row>& rows) {
    std::map<std::string, std::vector<const Row*>> by;
    for (const Row& r : rows)
        if (r.skip.empty()) by[r.group].push_back(&r);
    std::vector<Group> out;
    for (const auto& [name, rs] : by) {
        Group g;
        g.group = name;
        g.n = int(rs.size());
        std::vector<double> err, peer;
        int within = 0;
        for (const Row* r : rs) {
            const double e = std::fabs(r->predicted / r->measured - 1.0);
            err.push_back(e);
            within += e <= 0.25;
            if (r->metric[0] == 'd') peer.push_back(std::fabs(r->peer / r->measured - 1.0));
        }
        g.median_abs_err = median(err);
        g.within_25 = double(within) / g.n;
        if (!peer.empty() && name != "prefill") g.peer_median_abs_err = median(peer);
        out.push_back(g);
    }
    return out;
}


std::string source_key(const std::string& source) {
    std::string url = source.substr(0, source.find_first_of(" \t"));
    for (const std::string p : {"https://", "http://"})
        if (url.rfind(p, 0) == 0) url = url.substr(p.size());
    if (url.rfind("www.", 0) == 0) url = url.substr(4);
    if (const auto h = url.find('#'); h != std::string::npos) url.resize(h);
    while (!url.empty() && url.back() == '/') url.pop_back();
    std::vector<std::string> parts;
    for (size_t at = 0; at <= url.size();) {
        const size_t slash = std::min(url.find('/', at), url.size());
        parts.push_back(url.substr(at, slash - at));
        at = slash + 1;
    }
    if (parts.size() >= 3 && parts[0] == "github.com") {
        const std::string repo = "github.com/" + parts[1] + "/" + parts[2];
        if (parts.size() >= 5 && (parts[3] == "issues" || parts[3] == "pull" || parts[3] == "discussions"))
            return repo + "/" + parts[3] + "/" + parts[4];
        return repo;
    }
    return url;
}

double predict(const Row& r, const SpeedCalibration& c) {
    Scenario s = r.scenario;
    s.decode_efficiency = c.bw_eff;
    s.prefill_efficiency = c.prefill_util;
    const Speed sp = evaluate(s, Depth::sweep).speed;
    const double per_prompt_token = 1.0 / sp.prefill_tokens_per_s + r.expert_pad_s / c.prefill_util * (c.expert_pad - r.cal.expert_pad) +
                                    r.attn_s_per_token * (r.cal.attn_eff / c.attn_eff - 1.0);
    if (r.metric == "prefill_tokens_per_s") return 1.0 / per_prompt_token;
    const double gen = double(s.task_out_tokens);
    const double step = 1.0 / sp.decode_tokens_per_s +
                        (r.fixed_layers * (c.layer_us - r.cal.layer_us) + r.moe_layers * (c.moe_layer_us - r.cal.moe_layer_us)) * 1e-6;
    if (r.metric == "latency_s") return gen / (double(std::max<int64_t>(1, s.task_in_tokens)) * per_prompt_token + gen * step);
    if (r.metric == "aggregate_tokens_per_s") return double(s.batch) / step;
    return 1.0 / step;
}

namespace {

// The calibrations whose decode and prefill constants speed.cpp takes from a fit on these rows (its comments;
// bench/fit_speed.py). The others are stated assumptions, or fitted on their own rows below (host tier, vLLM).
const std::set<std::string> kFitted = {"llama.cpp/cuda", "llama.cpp/metal", "llama.cpp/cuda-hbm", "llama.cpp/rocm", "llama.cpp/vulkan", "llama.cpp/cpu",
                                       "llama.cpp/cpu-server"};

bool decode_fit_row(const Row& r) {
    return r.skip.empty() && !r.holdout && (r.group == "dense_decode" || r.group == "cpu_decode") &&
           r.metric == "decode_tokens_per_s" && r.batch == 1 && kFitted.count(r.calibration);
}
// MoE prefill on one device with an empty cache: what the cost per expert GEMM is fitted on.
bool moe_prefill_fit_row(const Row& r) {
    return r.skip.empty() && !r.holdout && r.moe && r.metric == "prefill_tokens_per_s" && r.n_devices == 1 && r.batch == 1 &&
           r.depth == 0 && r.placement == Placement::gpu && !r.cpu_only && r.expert_pad_s > 0 && kFitted.count(r.calibration);
}
// MoE decode on one device, all on it, one sequence, empty cache: what the cost per MoE layer is fitted on.
bool moe_decode_fit_row(const Row& r) {
    return r.skip.empty() && !r.holdout && r.moe && r.metric == "decode_tokens_per_s" && r.n_devices == 1 && r.batch == 1 &&
           r.depth == 0 && r.placement == Placement::gpu && !r.cpu_only && r.moe_layers > 0 && kFitted.count(r.calibration);
}
// Prefill after a cache (llama-bench -d) on one device: what attention's efficiency is fitted on.
bool depth_prefill_fit_row(const Row& r) {
    return r.skip.empty() && !r.holdout && r.metric == "prefill_tokens_per_s" && r.depth > 0 && r.n_devices == 1 && r.batch == 1 &&
           r.placement == Placement::gpu && !r.cpu_only && r.attn_s_per_token > 0 && kFitted.count(r.calibration);
}
// Dense prefill with an empty cache: what prefill_util is fitted on. MoE rows are left to the expert term whatever their
// hand-written group says (PR #4406's Mixtral rows and PR #16991's gpt-oss row were labelled "prefill").
bool prefill_fit_row(const Row& r) {
    return r.skip.empty() && !r.holdout && !r.moe && (r.group == "prefill" || r.group == "cpu_prefill") && r.depth == 0 &&
           r.metric == "prefill_tokens_per_s" && r.batch == 1 && kFitted.count(r.calibration);
}

// Median in O(n); reorders v.
double median_fast(std::vector<double>& v) {
    const size_t n = v.size(), mid = n / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
    const double hi = v[mid];
    if (n % 2) return hi;
    return (*std::max_element(v.begin(), v.begin() + std::ptrdiff_t(mid)) + hi) / 2;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// The fitted calibration a borrowed one copies (speed.cpp's borrowed(): Ollama and ik_llama.cpp take llama.cpp's row
// for the backend, MLX llama.cpp's Metal fit, SGLang and TensorRT-LLM vLLM's): refitting the base refits them too.
std::string base_calibration(const std::string& c) {
    for (const char* p : {"ollama/", "ik_llama.cpp/"})
        if (starts_with(c, p)) return "llama.cpp/" + c.substr(std::string(p).size());
    if (c == "mlx/metal") return "llama.cpp/metal";
    for (const char* p : {"sglang/", "trt-llm/"})
        if (starts_with(c, p)) return "vllm/" + c.substr(std::string(p).size());
    return c;
}

}  // namespace

std::vector<Fitted> fit(const std::vector<Row>& rows, const std::string& leave_out) {
    std::map<std::string, std::vector<const Row*>> dec, pre, moe, moe_dec, deep;
    for (const Row& r : rows) {
        if (!leave_out.empty() && r.source_key == leave_out) continue;
        if (decode_fit_row(r)) dec[r.calibration].push_back(&r);
        if (prefill_fit_row(r)) pre[r.calibration].push_back(&r);
        if (moe_prefill_fit_row(r)) moe[r.calibration].push_back(&r);
        if (moe_decode_fit_row(r)) moe_dec[r.calibration].push_back(&r);
        if (depth_prefill_fit_row(r)) deep[r.calibration].push_back(&r);
    }
    std::map<std::string, Fitted> out;
    for (const auto& [cal, rs] : dec) {
        if (rs.size() < 4) continue;
        // bench/fit_speed.py's grid: bw_eff 0.50..0.95 by 0.01, layer_us 0..150 by 0.5, least median error
        double best = 1e300, be = 0, bu = 0;
        std::vector<double> err(rs.size());
        for (int i = 0; i <= 45; ++i) {
            const double e = 0.50 + 0.01 * i;
            for (int k = 0; k <= 300; ++k) {
                const double us = 0.5 * k;
                for (size_t n = 0; n < rs.size(); ++n)
                    err[n] = std::fabs(1.0 / (rs[n]->feat_bytes_over_bw / e + rs[n]->feat_layers * us * 1e-6) / rs[n]->measured - 1.0);
                const double m = median_fast(err);
                if (m < best) best = m, be = e, bu = us;
            }
        }
        Fitted& f = out[cal];
        f.calibration = cal;
        f.decode = true;
        f.n_decode = int(rs.size());
        f.bw_eff = be;
        f.layer_us = bu;
    }
    for (const auto& [cal, rs] : pre) {
        if (rs.size() < 4) continue;
        std::vector<double> ratio;
        for (const Row* r : rs) ratio.push_back(r->measured / r->prefill_at_full_util);
        Fitted& f = out[cal];
        f.calibration = cal;
        f.prefill = true;
        f.n_prefill = int(rs.size());
        f.prefill_util = median(ratio);
    }
    // Fixed costs per unit the model counts (an expert GEMM per prompt token, a MoE layer per step): the median of what
    // each row implies beyond the rest of its prediction, never below 0.
    auto implied_us = [](const std::vector<const Row*>& rs, auto count, auto shipped) {
        std::vector<double> us;
        for (const Row* r : rs) us.push_back((1.0 / r->measured - 1.0 / r->predicted) / count(*r) * 1e6 + shipped(*r));
        return std::max(0.0, median(us));
    };
    for (const auto& [cal, rs] : moe) {
        if (rs.size() < 4) continue;
        Fitted& f = out[cal];
        f.calibration = cal;
        f.moe_prefill = true;
        f.n_moe_prefill = int(rs.size());
        // tokens of padding per expert GEMM: what each row implies over the time one such token costs it (its prediction's rate)
        f.expert_pad = implied_us(rs, [](const Row& r) { return r.expert_pad_s / r.cal.prefill_util * 1e6; },
                                  [](const Row& r) { return r.cal.expert_pad; });
    }
    for (const auto& [cal, rs] : moe_dec) {
        if (rs.size() < 4) continue;
        Fitted& f = out[cal];
        f.calibration = cal;
        f.moe_decode = true;
        f.n_moe_decode = int(rs.size());
        f.moe_layer_us = implied_us(rs, [](const Row& r) { return double(r.moe_layers); }, [](const Row& r) { return r.cal.moe_layer_us; });
    }
    // Attention's efficiency in prefill after a cache: from each row, the attention time at the GEMMs' rate over the time
    // the measurement leaves it (the rest of the prediction kept), bounded to 0.05..2.
    for (const auto& [cal, rs] : deep) {
        if (rs.size() < 8) continue;   // a ratio of two small times: more rows than the other medians
        std::vector<double> eff;
        for (const Row* r : rs) {
            const double at_gemm_rate = r->attn_s_per_token * r->cal.attn_eff;
            const double left = 1.0 / r->measured - (1.0 / r->predicted - r->attn_s_per_token);
            eff.push_back(left > 0 ? std::clamp(at_gemm_rate / left, 0.05, 2.0) : 2.0);
        }
        Fitted& f = out[cal];
        f.calibration = cal;
        f.depth_prefill = true;
        f.n_depth_prefill = int(rs.size());
        f.attn_eff = median(eff);
    }
    std::vector<Fitted> v;
    for (auto& [_, f] : out) v.push_back(f);
    return v;
}

void leave_one_source_out(std::vector<Row>& rows) {
    // The host tier's constants and vLLM's step and layer costs are fitted by bench/fit_speed.py on these groups'
    // rows; they are not refitted here, so a row from one of those sources has no out-of-sample prediction.
    std::set<std::string> host_fit, vllm_fit, grid_fit, hf_fit;
    for (const Row& r : rows) {
        if (!r.skip.empty()) continue;
        // KTransformers' CPU-kernel constants are fitted on its own rows (bench/fit_ktransformers.py), like the host tier's.
        if (!r.holdout && (r.group == "offload" || r.group == "ktransformers")) host_fit.insert(r.source_key);
        if (!r.holdout && r.group == "vllm_decode") vllm_fit.insert(r.source_key);
        // transformers' eager dispatch and bitsandbytes' costs (speed.cpp kHf*) are fitted on its rows' one source.
        if (!r.holdout && base_calibration(r.calibration) == "transformers") hf_fit.insert(r.source_key);
        if (decode_fit_row(r) || prefill_fit_row(r) || moe_prefill_fit_row(r) || moe_decode_fit_row(r) || depth_prefill_fit_row(r))
            grid_fit.insert(r.source_key);
    }
    const std::vector<Fitted> all = fit(rows);
    std::map<std::string, std::vector<Fitted>> without;
    for (Row& r : rows) {
        r.oos = 0;
        r.oos_skip.clear();
        if (!r.skip.empty()) continue;
        const bool host = r.placement == Placement::offload || r.placement == Placement::cpu_moe;
        if (host && host_fit.count(r.source_key)) {
            r.oos_skip = "the host tier's constants were fitted on this source's rows";
            continue;
        }
        const std::string base = base_calibration(r.calibration);
        if (starts_with(base, "vllm/") && vllm_fit.count(r.source_key)) {
            r.oos_skip = "vLLM's step and layer costs were fitted on this source's rows";
            continue;
        }
        if (base == "transformers" && hf_fit.count(r.source_key)) {
            r.oos_skip = "transformers' dispatch and bitsandbytes costs were fitted on this source's rows";
            continue;
        }
        SpeedCalibration c = r.cal;
        if (kFitted.count(base)) {
            const std::vector<Fitted>* f = &all;
            if (grid_fit.count(r.source_key)) {
                auto it = without.find(r.source_key);
                if (it == without.end()) it = without.emplace(r.source_key, fit(rows, r.source_key)).first;
                f = &it->second;
            }
            const Fitted* got = nullptr;
            for (const Fitted& x : *f)
                if (x.calibration == base) got = &x;
            const bool need_decode = r.metric != "prefill_tokens_per_s";
            const bool need_prefill = r.metric == "prefill_tokens_per_s" || r.metric == "latency_s";
            if (r.moe && need_prefill && r.cal.expert_pad > 0 && !(got && got->moe_prefill)) {
                r.oos_skip = "its calibration's cost per expert GEMM (" + r.calibration + ") was fitted on this source's rows alone";
                continue;
            }
            if (got && got->moe_prefill) c.expert_pad = got->expert_pad;
            if (r.moe && need_decode && r.cal.moe_layer_us > 0 && !(got && got->moe_decode)) {
                r.oos_skip = "its calibration's cost per MoE layer (" + r.calibration + ") was fitted on this source's rows alone";
                continue;
            }
            if (got && got->moe_decode) c.moe_layer_us = got->moe_layer_us;
            if (r.depth > 0 && need_prefill && r.cal.attn_eff != 1.0 && !(got && got->depth_prefill)) {
                r.oos_skip = "its calibration's attention efficiency (" + r.calibration + ") was fitted on this source's rows alone";
                continue;
            }
            if (got && got->depth_prefill) c.attn_eff = got->attn_eff;
            if (!got || (need_decode && !got->decode) || (need_prefill && !got->prefill)) {
                r.oos_skip = "its calibration (" + r.calibration + ") was fitted on this source's rows alone";
                continue;
            }
            if (got->decode) c.bw_eff = got->bw_eff, c.layer_us = got->layer_us;
            if (got->prefill) c.prefill_util = got->prefill_util;
        }
        r.oos = predict(r, c);
    }
}

namespace {

struct CategoryDef {
    const char* id;
    const char* label;
    double floor;
};
// Issue 15's floors on the out-of-sample median error.
constexpr CategoryDef kCategories[] = {
    {"llama_dense_decode", "llama.cpp dense decode, one GPU", 0.10},
    {"dense_decode_any", "dense decode, every engine, one GPU", 0.15},
    {"moe_decode_1gpu", "MoE decode, one GPU", 0.20},
    {"prefill_1gpu", "prefill, one GPU", 0.25},
    {"multi_gpu", "several GPUs, decode and prefill", 0.25},
    {"offload_cpu", "offload and CPU-only", 0.30},
    {"batched", "batched serving (several sequences)", 0},
};

double err_of(double predicted, double measured) { return std::fabs(predicted / measured - 1.0); }

std::string pct(double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", x * 100);
    return b;
}

}  // namespace

std::vector<std::string> categories_of(const Row& r) {
    const bool decode = r.metric == "decode_tokens_per_s" || r.metric == "latency_s";
    const bool prefill = r.metric == "prefill_tokens_per_s";
    if (r.batch > 1 || r.metric == "aggregate_tokens_per_s") return {"batched"};
    if (r.cpu_only || r.placement != Placement::gpu) return {"offload_cpu"};
    if (r.n_devices > 1) return {"multi_gpu"};
    std::vector<std::string> out;
    if (decode && !r.moe && r.engine == "llama.cpp") out.push_back("llama_dense_decode");
    if (decode && !r.moe) out.push_back("dense_decode_any");
    if (decode && r.moe) out.push_back("moe_decode_1gpu");
    if (prefill) out.push_back("prefill_1gpu");
    return out;
}

std::vector<Category> summarize_categories(const std::vector<Row>& rows) {
    std::vector<Category> out;
    for (const CategoryDef& d : kCategories) {
        Category c;
        c.id = d.id;
        c.label = d.label;
        c.floor = d.floor;
        std::vector<double> oos, in, peer;
        std::set<std::string> sources;
        int within = 0;
        for (const Row& r : rows) {
            if (!r.skip.empty()) continue;
            const auto cats = categories_of(r);
            if (std::find(cats.begin(), cats.end(), d.id) == cats.end()) continue;
            ++c.n;
            in.push_back(err_of(r.predicted, r.measured));
            if (r.metric == "decode_tokens_per_s" && r.peer > 0) peer.push_back(err_of(r.peer, r.measured));
            if (r.oos > 0) {
                oos.push_back(err_of(r.oos, r.measured));
                within += oos.back() <= 0.25;
                sources.insert(r.source_key);
            }
        }
        c.n_oos = int(oos.size());
        c.sources = int(sources.size());
        if (!oos.empty()) c.oos_median = median(oos), c.oos_within_25 = double(within) / double(oos.size());
        if (!in.empty()) c.in_median = median(in);
        if (!peer.empty()) c.peer_median = median(peer);
        out.push_back(c);
    }
    return out;
}

std::string accuracy_markdown(const std::vector<Row>& rows) {
    std::ostringstream o;
    auto figure = [](int n, double m) { return n < kMinRowsForFigure ? std::string("too few rows") : pct(m); };
    o << "### Out of sample: each source predicted by constants fitted without it\n\n";
    o << "| group | out-of-sample median error | floor (median under) | rows predicted / evaluated | sources | within 25% | in-sample median error | peer formula |\n";
    o << "|---|---|---|---|---|---|---|---|\n";
    for (const Category& c : summarize_categories(rows)) {
        o << "| " << c.label << " | " << (c.n_oos ? figure(c.n_oos, c.oos_median) : "-") << " | "
          << (c.floor > 0 ? pct(c.floor) : std::string("-")) << " | " << c.n_oos << " / " << c.n << " | " << c.sources
          << " | " << (c.n_oos >= kMinRowsForFigure ? std::to_string(int(std::lround(c.oos_within_25 * 100))) + "%" : std::string("-"))
          << " | " << (c.n ? figure(c.n, c.in_median) : "-") << " | " << (c.peer_median >= 0 ? pct(c.peer_median) : "-") << " |\n";
    }
    // Per engine and backend, as the rows name them.
    std::map<std::pair<std::string, std::string>, std::vector<const Row*>> by;
    for (const Row& r : rows)
        if (r.skip.empty()) by[{r.engine, r.backend.empty() ? "-" : r.backend}].push_back(&r);
    o << "\n### Out of sample, by engine and backend\n\n";
    o << "| engine | backend | out-of-sample median error | rows predicted / evaluated | sources | in-sample median error |\n";
    o << "|---|---|---|---|---|---|\n";
    for (const auto& [key, rs] : by) {
        std::vector<double> oos, in;
        std::set<std::string> sources;
        for (const Row* r : rs) {
            in.push_back(err_of(r->predicted, r->measured));
            if (r->oos > 0) oos.push_back(err_of(r->oos, r->measured)), sources.insert(r->source_key);
        }
        o << "| " << key.first << " | " << key.second << " | " << (oos.empty() ? "-" : figure(int(oos.size()), median(oos))) << " | "
          << oos.size() << " / " << rs.size() << " | " << sources.size() << " | " << figure(int(in.size()), median(in)) << " |\n";
    }
    o << "\n### In sample, by the rows' own groups\n\n";
    o << "| group | rows | median abs. error | within 25% | peer formula (0.70/0.65 x bandwidth / size) |\n";
    o << "|---|---|---|---|---|\n";
    for (const Group& g : summarize(rows)) {
        o << "| " << g.group << " | " << g.n << " | " << pct(g.median_abs_err) << " | " << int(std::lround(g.within_25 * 100)) << "% | "
          << (g.peer_median_abs_err >= 0 ? pct(g.peer_median_abs_err) : std::string("-")) << " |\n";
    }
    std::map<std::string, std::vector<std::string>> no_oos;
    int skipped = 0;
    for (const Row& r : rows) {
        skipped += !r.skip.empty();
        if (r.skip.empty() && r.oos <= 0) no_oos[r.oos_skip].push_back(r.id);
    }
    o << "\n" << rows.size() << " rows; " << rows.size() - size_t(skipped) << " evaluated.\n";
    o << "\n#### Rows without an out-of-sample prediction, and why\n\n";
    for (const auto& [why, ids] : no_oos) {
        o << "- " << why << " (" << ids.size() << "):";
        for (size_t i = 0; i < ids.size(); ++i) o << (i ? ", " : " ") << ids[i];
        o << "\n";
    }
    std::map<std::string, int> per_source;
    for (const Row& r : rows) ++per_source[r.source_key];
    o << "\n#### Sources (leave-one-source-out's units), rows each\n\n";
    for (const auto& [key, n] : per_source) o << "- " << key << ": " << n << "\n";
    o << "\n#### Rows not evaluated, and why\n\n";
    for (const Row& r : rows)
        if (!r.skip.empty()) o << "- " << r.id << ": " << r.skip << "\n";
    return o.str();
}

}  // namespace headroom::validation
