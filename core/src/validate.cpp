// validate(): whether a scenario can be evaluated, and if not the first problem, naming the field. Catalog ids,
// enumerations and each field's range come from the schema (schema.cpp); the checks here relate fields.
#include <cmath>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {

std::optional<InputError> validate(const Scenario& s) {
    const Catalog& cat = catalog();
    auto err = [](std::string f, std::string msg) { return std::optional<InputError>(InputError{std::move(f), std::move(msg)}); };
    // Catalog ids, enumerations and every field's range come from the schema (core/src/schema.cpp).
    if (auto e = detail::validate_fields(s)) return e;
    if (s.n_cpu_moe && s.placement != Placement::auto_ && s.placement != Placement::cpu_moe)
        return err("n_cpu_moe", "n_cpu_moe applies to placement cpu-moe (or auto), not " + std::string(to_string(s.placement)));
    if (s.turns > 1 && s.turns * (s.task_in_tokens + s.task_out_tokens) > s.ctx)
        return err("turns", std::to_string(s.turns) + " turns of " + std::to_string(s.task_in_tokens + s.task_out_tokens) +
                                " tokens exceed the context of " + std::to_string(s.ctx) + "; raise --ctx or shorten the task");
    if ((s.claim_tokens_per_s > 0 || s.claim_fits) && s.mode != Mode::inference) return err("claim_tokens_per_s", "claims are checked for inference only");
    auto finite_pos = [](double v) { return std::isfinite(v) && v > 0; };
    if (!finite_pos(s.host.ram_gb) || s.host.ram_gb > 1e6) return err("host", "ram_gb must be > 0 and at most 1000000");
    // At least 0.001 GB/s, as parse_host_spec accepts: a denormal rate would make transfer times infinite.
    if (!(s.host.ram_bw_gbps >= 0.001 && s.host.pcie_gbps >= 0.001 && s.host.disk_gbps >= 0.001) ||
        !finite_pos(s.host.ram_bw_gbps) || !finite_pos(s.host.pcie_gbps) || !finite_pos(s.host.disk_gbps))
        return err("host", "ram_bw_gbps, pcie_gbps and disk_gbps must be numbers of at least 0.001 (GB/s)");
    if (s.method == Method::rule_of_thumb && s.mode != Mode::inference)
        return err("method", "rule-of-thumb (params x bytes x 1.3) covers inference only; use --method detailed for fine-tuning");
    if (s.mode != Mode::inference && s.placement != Placement::auto_ && s.placement != Placement::gpu)
        return err("placement", "fine-tuning is sized all-GPU; accepted with --mode " + std::string(to_string(s.mode)) + ": auto, gpu");
    if (s.host.cpu_tflops < 0.001 || !std::isfinite(s.host.cpu_tflops)) return err("host", "cpu_tflops must be a number of at least 0.001");
    const std::vector<std::string> mixed = s.custom_device ? std::vector<std::string>{} : detail::mixed_ids(s.gpu);
    if (!mixed.empty()) {
        if (s.gpus != 1) return err("gpus", "--gpu " + s.gpu + " names each device; leave gpus at 1 (repeat an id for two alike)");
        const Device& first = *cat.find_device(mixed.front());
        for (const std::string& id : mixed) {
            const Device& d = *cat.find_device(id);
            if (d.unified_memory) return err("gpu", d.name + " is a whole machine (unified memory): it cannot join others with '+'");
            if (d.vendor != first.vendor)
                return err("gpu", "mixing " + std::string(to_string(first.vendor)) + " and " + std::string(to_string(d.vendor)) +
                                      " needs llama.cpp's Vulkan or RPC backends, which headroom does not model; join devices of one vendor");
        }
        if (s.engine == Engine::vllm) return err("engine", "vLLM's tensor parallelism needs identical GPUs; mixed devices run with llama.cpp (or generic)");
        if (s.mode != Mode::inference) return err("mode", "fine-tuning is sized on identical GPUs; mixed devices are for inference");
        if (s.placement == Placement::cpu) return err("placement", "placement cpu runs on the host; give one --gpu (or none) with it");
    }
    const Device& dev = s.custom_device ? *s.custom_device : *cat.find_device(mixed.empty() ? s.gpu : mixed.front());
    if (s.gpu_share && !dev.unified_memory)
        return err("gpu_share", dev.name + " has its own memory; gpu_share applies to unified memory (an APU, a Mac, DGX Spark)");
    const bool on_cpu = dev.vendor == Vendor::cpu || s.placement == Placement::cpu;
    if (on_cpu && s.mode != Mode::inference) return err("placement", "fine-tuning is sized on GPUs; a CPU runs inference here");
    if (on_cpu && s.gpus > 1) return err("gpus", "a CPU host is one machine (a two-socket server is one catalog entry); gpus must be 1");
    if (dev.vendor == Vendor::cpu && s.placement != Placement::auto_ && s.placement != Placement::cpu)
        return err("placement", dev.name + " is a CPU host with no GPU; accepted: auto, cpu");
    const bool cpu_moe = s.placement == Placement::cpu_moe || (s.placement == Placement::auto_ && s.n_cpu_moe);
    const std::string field = s.placement == Placement::auto_ && s.n_cpu_moe ? "n_cpu_moe" : "placement";   // what chose it
    if (dev.unified_memory && (s.placement == Placement::offload || s.placement == Placement::stream || cpu_moe))
        return err(field, dev.name + " has unified memory: offload, stream and cpu-moe need a discrete GPU; accepted: auto, gpu");
    if (cpu_moe && s.mode != Mode::inference)
        return err(field, "cpu-moe is an inference placement; fine-tuning is sized all-GPU");
    if (cpu_moe && !detail::expert_offload_engine(s.engine))
        return err(field, "cpu-moe (experts in host RAM) is a llama.cpp placement; accepted engines: llama.cpp, generic");
    if (cpu_moe) {
        const Model& m = s.custom_model ? *s.custom_model : *cat.find_model(s.model);
        if (!m.is_moe())
            return err(field, m.name + " is a dense model: cpu-moe needs a mixture of experts; accepted: auto, gpu, offload, stream");
    }
    return std::nullopt;
}

}  // namespace headroom
