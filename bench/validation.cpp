#include "validation.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>

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
    for (const Device& d : catalog().devices) {
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
        if (j.contains("excluded")) { skip(j["excluded"]); continue; }
        const std::string engine = j.value("engine", "");
        if (engine != "llama.cpp" && engine != "ik_llama.cpp" && engine != "vllm") { skip("engine " + engine + " not modelled"); continue; }
        const std::string model = j.value("model", "");
        if (!catalog().find_model(model)) { skip("model not in the catalog"); continue; }
        const std::string quant = j.value("quant", "");
        if (!catalog().find_weight_format(quant)) { skip("format '" + quant + "' not in the catalog"); continue; }
        Scenario s;
        s.model = model;
        s.quant = quant;
        s.engine = engine == "vllm" ? Engine::vllm : Engine::llama_cpp;
        const bool on_cpu = j.value("placement", "") == "cpu";   // llama.cpp -ngl 0 on a CPU host (the catalog's, or "host")
        if (on_cpu && !(j.contains("device_catalog_id") && j["device_catalog_id"].is_string())) {
            // the machine as the source states it: placement cpu runs on the host spec
        } else if (j.contains("device_catalog_id") && j["device_catalog_id"].is_string()) {
            s.gpu = j["device_catalog_id"];
        } else if (auto d = apple_device(j.value("device", ""))) {
            s.custom_device = *d;
        } else {
            skip("device not in the catalog");
            continue;
        }
        s.gpus = j.value("n_devices", 1);
        const int64_t prompt = j["prompt_tokens"].is_number() ? j["prompt_tokens"].get<int64_t>() : (row.metric[0] == 'p' ? 512 : 0);
        const int64_t gen = j["gen_tokens"].is_number() ? j["gen_tokens"].get<int64_t>() : 128;
        s.ctx = std::max<int64_t>(prompt + gen, 1);
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
        const Report r = evaluate(s);
        if (!r.fit.fits) {
            skip("headroom says this does not fit (" + std::to_string(r.fit.headroom_bytes / 1000000) + " MB short); the run paged or swapped");
            continue;
        }
        const Speed& sp = r.speed;
        // latency_s: a whole request (prefill, then decode) as latency benchmarks print it (vLLM
        // benchmark_latency's average latency for input_len / output_len).
        const double gen_tok = double(s.task_out_tokens);
        const bool latency = row.metric == "latency_s";
        if (latency) row.measured = gen_tok / row.measured;   // compared as tokens/s like every other row
        row.predicted = row.metric[0] == 'p' ? sp.prefill_tokens_per_s
                        : latency            ? gen_tok / (sp.time_to_first_token_s + gen_tok / sp.decode_tokens_per_s)
                                             : sp.decode_tokens_per_s;
        row.feat_step_s = 1.0 / sp.decode_tokens_per_s;
        row.feat_ttft_s = latency ? sp.time_to_first_token_s : 0.0;
        row.feat_gen = gen_tok;
        row.calibration = sp.calibration;
        const double bw = r.device.mem_bw_gbps * 1e9;
        row.peer = (r.device.vendor == Vendor::apple ? 0.65 : 0.70) * bw / double(r.memory.weights_bytes);
        row.feat_bytes_over_bw = double(sp.bytes_per_token) / bw;
        row.feat_layers = m.n_layer;
        row.feat_host_s = double(sp.host_bytes_per_token) / (s.host.ram_bw_gbps * 1e9);
        row.feat_host_eff = sp.host_efficiency;
        row.feat_cpu_moe_layers = r.fit.placement == Placement::cpu_moe ? r.fit.n_cpu_moe : 0;
        Scenario full = s;
        full.prefill_efficiency = 1.0;
        row.prefill_at_full_util = evaluate(full).speed.prefill_tokens_per_s;
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

}  // namespace headroom::validation
