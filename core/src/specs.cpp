// --device and --host specs: "key=value,key=value". Unknown keys and bad numbers name the field.
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using detail::fail;

struct Kv {
    std::string key, value;
};

std::vector<Kv> split_spec(std::string_view spec, const char* field) {
    if (spec.size() > 4096) fail(field, "spec_too_long", {});
    if (!detail::valid_utf8(spec)) fail(field, "spec_not_utf8", {});
    std::vector<Kv> out;
    size_t pos = 0;
    while (pos <= spec.size()) {
        size_t end = spec.find(',', pos);
        if (end == std::string_view::npos) end = spec.size();
        std::string_view item = spec.substr(pos, end - pos);
        pos = end + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) continue;
        const size_t eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0)
            fail(field, "spec_key_value", {{"got", std::string(item.substr(0, 64))}});
        out.push_back({detail::lower(item.substr(0, eq)), std::string(item.substr(eq + 1))});
    }
    return out;
}

double number(const Kv& kv, const char* field, double lo, double hi) {
    double v = 0;
    if (!detail::parse_number(kv.value, v) || !std::isfinite(v) || v < lo || v > hi)
        fail(field, "spec_range", {{"key", kv.key}, {"min", detail::fmt_num(lo)}, {"max", detail::fmt_num(hi)}, {"got", kv.value.substr(0, 32)}});
    return v;
}

}  // namespace

Device parse_device_spec(std::string_view spec) {
    Device d;
    d.id = "custom";
    d.name = "Custom device";
    d.category = "custom";
    d.source = "user-supplied --device spec";
    bool has_mem = false, has_bw = false;
    for (const Kv& kv : split_spec(spec, "device")) {
        if (kv.key == "vendor") {
            auto v = parse_vendor(kv.value);
            if (!v) fail("device", "spec_vendor", {{"got", kv.value.substr(0, 32)}});
            d.vendor = *v;
        } else if (kv.key == "mem_gib" || kv.key == "mem_gb") {
            // GiB, as the catalog's mem_gib. mem_gb, the older spelling, meant the same: the vendor's "24GB" is 24 GiB.
            if (has_mem) fail("device", "spec_mem_twice", {});
            d.mem_bytes = gib_to_bytes(number(kv, "device", 0.001, 1e6));
            has_mem = true;
        } else if (kv.key == "bw_gbps" || kv.key == "mem_bw_gbps") {
            d.mem_bw_gbps = number(kv, "device", 0.001, 1e6);
            has_bw = true;
        } else if (kv.key == "fp16_tflops") {
            d.fp16_tflops = number(kv, "device", 0, 1e6);
        } else if (kv.key == "int8_tops") {
            d.int8_tops = number(kv, "device", 0, 1e7);
        } else if (kv.key == "power_w") {
            d.power_w = number(kv, "device", 0, 1e6);
        } else if (kv.key == "price_usd") {
            d.price_usd = number(kv, "device", 0, 1e9);
        } else if (kv.key == "pcie_gen") {
            d.pcie_gen = number(kv, "device", 1, 7);
            d.pcie_lanes = 16;
        } else if (kv.key == "name") {
            if (kv.value.size() > 64) fail("device", "spec_name_long", {});
            d.name = kv.value;
        } else {
            fail("device", "spec_device_key",
                 {{"key", kv.key.substr(0, 32)}, {"accepted", "vendor, mem_gib (or mem_gb), bw_gbps, fp16_tflops, int8_tops, power_w, price_usd, pcie_gen, name"}});
        }
    }
    if (!has_mem || !has_bw) fail("device", "spec_device_needs", {});
    d.unified_memory = d.vendor == Vendor::apple || d.vendor == Vendor::cpu;
    return d;
}

Device detail::host_cpu_device(const HostSpec& h) {
    Device d;
    d.id = "host-cpu";
    d.name = "Host CPU (--host)";
    d.vendor = Vendor::cpu;
    d.category = "cpu";
    d.mem_bytes = static_cast<int64_t>(std::llround(h.ram_gb * 1e9));
    d.mem_bw_gbps = h.ram_bw_gbps;
    d.fp32_tflops = h.cpu_tflops;
    d.unified_memory = true;
    d.source = "--host: ram_gb, ram_bw_gbps, cpu_tflops";
    return d;
}

HostSpec parse_host_spec(std::string_view spec) {
    HostSpec h;
    bool has_ram = false;
    for (const Kv& kv : split_spec(spec, "host")) {
        if (kv.key == "ram_gib" || kv.key == "ram_gb") {
            // RAM is sold in binary sizes (64 GiB); ram_gb, the older spelling, stays 10^9 bytes as it always was.
            // Either way at most 10^15 bytes.
            if (has_ram) fail("host", "spec_ram_twice", {});
            h.ram_gb = kv.key == "ram_gb" ? number(kv, "host", 0.001, 1e6) : number(kv, "host", 0.001, 931322) * kBytesPerGiB / 1e9;
            has_ram = true;
        } else if (kv.key == "ram_bw_gbps") h.ram_bw_gbps = number(kv, "host", 0.001, 1e5);
        else if (kv.key == "pcie_gbps") h.pcie_gbps = number(kv, "host", 0.001, 1e4);
        else if (kv.key == "disk_gbps") h.disk_gbps = number(kv, "host", 0.001, 1e4);
        else if (kv.key == "cpu_tflops") h.cpu_tflops = number(kv, "host", 0.001, 1e4);
        else fail("host", "spec_host_key", {{"key", kv.key.substr(0, 32)}});
    }
    return h;
}

}  // namespace headroom

namespace headroom {

std::string apply_claims(Scenario& s, std::string_view text) {
    using detail::fail;
    if (text.size() > (4u << 20)) fail("claims", "claims file larger than 4 MiB");
    detail::check_json_depth(text, "claims");
    const auto j = detail::parse_json(text);
    if (j.is_discarded() || !j.is_object()) fail("claims", "not a JSON object");
    // json::value() throws type_error when a key holds another type: read with the type checked.
    const auto is = [&](const char* key, const nlohmann::ordered_json& want) {
        const auto it = j.find(key);
        return it != j.end() && it->type() == want.type() && *it == want;
    };
    if (!is("schema", "headroom.claims/1")) fail("claims", "not a headroom.claims/1 file (from headroom-stream --out)");
    if (!is("backend", "cuda"))
        fail("claims", "a --backend cpu claims file measures memcpy, not a PCIe link; calibrate with one from --backend cuda");
    if (!is("ok", true)) fail("claims", "the claims file records a run that did not complete or failed its correctness check");
    const auto links = j.find("links");
    if (links == j.end() || !links->is_object()) fail("claims", "claims file has no links");
    auto rate = [&](const char* key) {
        const auto it = links->find(key);
        if (it == links->end() || !it->is_number()) fail("claims", std::string("links.") + key + " missing");
        const double v = it->get<double>();
        // The same floor as --host: a denormal rate would make streaming times infinite.
        if (!std::isfinite(v) || v < 0.001 || v > 10000) fail("claims", std::string("links.") + key + " must be 0.001..10000 GB/s");
        return v;
    };
    s.host.pcie_gbps = rate("h2d_pinned_gbps");
    s.host.disk_gbps = rate("disk_read_gbps");
    std::string gpu = "unnamed GPU";
    if (const auto m = j.find("machine"); m != j.end() && m->is_object())
        if (const auto d = m->find("device"); d != m->end() && d->is_object() && d->contains("name") && (*d)["name"].is_string())
            gpu = detail::utf8_prefix((*d)["name"].get<std::string>(), 80);
    s.claims_applied = gpu + ": pcie " + detail::fmt_num(std::round(s.host.pcie_gbps * 10) / 10) + " GB/s, disk " +
                        detail::fmt_num(std::round(s.host.disk_gbps * 10) / 10) + " GB/s";
    return s.claims_applied;
}

}  // namespace headroom
