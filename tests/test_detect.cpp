// headroom detect: what real machines printed (tests/data/detect/<machine>/, each with its SOURCE.md) -> catalog ids,
// counts, host RAM and the lines that say what was found and assumed.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "detect.hpp"
#include "headroom/catalog.hpp"

using namespace headroom;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return "";
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// A fixture folder: one file per probe, named after it; a missing file is a probe that printed nothing.
Probes fixture(const std::string& machine) {
    const std::string dir = std::string(HEADROOM_TEST_DATA) + "/detect/" + machine + "/";
    REQUIRE(!slurp(dir + "SOURCE.md").empty());   // every recorded output says where it comes from
    Probes p;
    p.nvidia_smi = slurp(dir + "nvidia-smi.txt");
    p.rocm_smi = slurp(dir + "rocm-smi.txt");
    p.lspci = slurp(dir + "lspci.txt");
    p.sysfs = slurp(dir + "sysfs.txt");
    p.sysctl = slurp(dir + "sysctl.txt");
    p.system_profiler = slurp(dir + "system_profiler.txt");
    p.meminfo = slurp(dir + "meminfo.txt");
    p.lscpu = slurp(dir + "lscpu.txt");
    return p;
}

bool any_line(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& l : lines)
        if (l.find(part) != std::string::npos) return true;
    return false;
}

std::string option(const Detected& d, const std::string& name) {
    for (const auto& [k, v] : d.options)
        if (k == name) return v;
    return "";
}

}  // namespace

TEST_CASE("detect: two different NVIDIA GPUs (RTX 5090 + RTX 3090 Ti) join with '+'", "[detect]") {
    const Detected d = detect(fixture("nvidia-mixed-5090-3090ti"));
    REQUIRE(d.gpu_ids == std::vector<std::string>{"rtx-5090", "rtx-3090-ti"});
    CHECK(d.gpu_arg == "rtx-5090+rtx-3090-ti");
    CHECK(d.gpus == 1);
    CHECK(d.seen[0].mem_gib == Approx(32607 / 1024.0));
    CHECK(d.seen[1].mem_gib == Approx(24564 / 1024.0));
    CHECK(any_line(d.found, "NVIDIA GeForce RTX 3090 Ti, 24564 MiB"));
    CHECK(any_line(d.assumed, "different GPUs in one machine"));
    CHECK(any_line(d.assumed, "RAM not read"));   // the paste has no /proc/meminfo
    CHECK(option(d, "gpu") == "rtx-5090+rtx-3090-ti");
    CHECK(!d.cpu_only);
}

TEST_CASE("detect: two identical NVIDIA GPUs are one id and --gpus 2", "[detect]") {
    const Detected d = detect(fixture("nvidia-2x5090"));
    CHECK(d.gpu_ids == std::vector<std::string>{"rtx-5090", "rtx-5090"});
    CHECK(d.gpu_arg == "rtx-5090");
    CHECK(d.gpus == 2);
    CHECK(option(d, "gpus") == "2");
}

TEST_CASE("detect: one datacenter GPU whose reported memory sits under the box's (L40S, ECC on: 46068 MiB of 48 GiB)", "[detect]") {
    const Detected d = detect(fixture("nvidia-l40s"));
    CHECK(d.gpu_ids == std::vector<std::string>{"l40s"});
    CHECK(d.gpu_arg == "l40s");
    CHECK(d.gpus == 1);
    CHECK(any_line(d.found, "NVIDIA L40S, 46068 MiB"));
}

TEST_CASE("detect: DGX Spark: nvidia-smi says 'NVIDIA GB10' and no memory, the catalog name's parentheses carry GB10", "[detect]") {
    const Detected d = detect(fixture("dgx-spark-gb10"));
    CHECK(d.gpu_arg == "dgx-spark");
    CHECK(d.seen[0].mem_gib == 0);
    CHECK(any_line(d.assumed, "memory not reported; dgx-spark assumed by name alone (128 GiB)"));
}

TEST_CASE("detect: a laptop dGPU whose name nvidia-smi cut short is decided by memory, never by a nearby desktop id", "[detect]") {
    const Detected d = detect(fixture("laptop-rtx4070-truncated"));
    REQUIRE(d.seen.size() == 1);
    CHECK(d.seen[0].name == "NVIDIA GeForce RTX 4070 ...");
    const Device* laptop = nullptr;   // an 8 GiB RTX 4070 laptop part, if the catalog lists one
    for (const Device& dev : catalog().devices())
        if (dev.name.find("4070 Laptop") != std::string::npos && std::abs(dev.mem_gib() - 8) < 0.01) laptop = &dev;
    if (laptop) {
        CHECK(d.gpu_arg == laptop->id);
        CHECK(any_line(d.assumed, "cut short by nvidia-smi's table"));
    } else {
        // The desktop RTX 4070 family is 12 and 16 GiB: 8188 MiB fits none of them.
        CHECK(d.gpu_arg.empty());
        CHECK(d.gpu_spec.rfind("vendor=nvidia,mem_gib=8,", 0) == 0);
        CHECK(d.gpu_spec_needs_bw);
        CHECK(d.gpus == 1);
        CHECK(any_line(d.assumed, "not its memory (8 GiB: the name is cut short by nvidia-smi's table"));
    }
    for (const std::string& id : d.gpu_ids) CHECK(id.find("laptop") != std::string::npos);
}

TEST_CASE("detect: a hybrid laptop's lspci: the AMD iGPU is integrated, the NVIDIA dGPU unused without nvidia-smi", "[detect]") {
    const Detected d = detect(fixture("laptop-hybrid-lspci-only"));
    REQUIRE(d.seen.size() == 2);
    CHECK(d.seen[0].vendor == "nvidia");
    CHECK_FALSE(d.seen[0].integrated);
    CHECK_FALSE(d.seen[0].used);
    CHECK(d.seen[1].vendor == "amd");
    CHECK(d.seen[1].integrated);
    CHECK(any_line(d.assumed, "no vendor tool reported it"));
    CHECK(any_line(d.assumed, "is an integrated GPU: not used"));
    CHECK(d.gpu_arg.empty());
    CHECK(d.cpu_only);
    CHECK(option(d, "placement") == "cpu");
}

TEST_CASE("detect: Apple Silicon by chip and unified memory (M4 Pro 64 GB), GPU cores compared with the catalog's", "[detect]") {
    const Detected d = detect(fixture("mac-m4-pro"));
    CHECK(d.gpu_arg == "m4-pro-64gb");
    CHECK(d.gpus == 1);
    CHECK(d.ram_gib == Approx(64));
    CHECK(d.cpu_name == "Apple M4 Pro");
    // This Mac has the 20-core GPU; the catalog's m4-pro-64gb is the 16-core part: said, not hidden.
    CHECK(any_line(d.assumed, "has 20 GPU cores, the catalog's m4-pro-64gb 16-core part"));
    CHECK(d.ram_bw_gbps == Approx(catalog().find_device("m4-pro-64gb")->mem_bw_gbps));
    CHECK(d.ram_bw_source.find("m4-pro-64gb") != std::string::npos);
}

TEST_CASE("detect: an Apple chip the catalog may not list yet (M5 Max 128 GB) is never mapped to another chip", "[detect]") {
    const Detected d = detect(fixture("mac-m5-max"));
    CHECK(d.ram_gib == Approx(128));
    if (const Device* m5 = catalog().find_device("m5-max-128gb")) {
        CHECK(d.gpu_arg == m5->id);
    } else {
        CHECK(d.gpu_arg.empty());
        CHECK(d.gpu_spec.rfind("vendor=apple,mem_gib=128,", 0) == 0);
    }
    for (const std::string& id : d.gpu_ids) CHECK(id.rfind("m5-max", 0) == 0);
}

TEST_CASE("detect: AMD via rocm-smi --csv and --json (RX 7900 XT, 20 GiB)", "[detect]") {
    for (const char* machine : {"amd-rocm-7900xt-csv", "amd-rocm-7900xt-json"}) {
        INFO(machine);
        const Detected d = detect(fixture(machine));
        CHECK(d.gpu_ids == std::vector<std::string>{"rx-7900-xt"});
        CHECK(d.gpus == 1);
        CHECK(d.seen[0].mem_gib == Approx(21458059264.0 / kBytesPerGiB));
        CHECK(any_line(d.found, "Radeon RX 7900 XT, 20464 MiB"));
    }
}

TEST_CASE("detect: rocm-smi that prints only hex ids names nothing: a --gpu-spec, not a guess", "[detect]") {
    const Detected d = detect(fixture("amd-rocm-hex-only"));
    REQUIRE(d.seen.size() == 1);
    CHECK(d.seen[0].id.empty());
    CHECK(d.gpu_arg.empty());
    CHECK(d.gpu_spec == "vendor=amd,name=AMD GPU 0x744c");
    CHECK(any_line(d.assumed, "no catalog device has this name"));
    CHECK(any_line(d.assumed, "mem_gib=<GiB>"));
}

TEST_CASE("detect: two GPUs the catalog does not list (Instinct MI100) give a --gpu-spec with --gpus 2", "[detect]") {
    const Detected d = detect(fixture("amd-rocm-mi100"));
    REQUIRE(d.seen.size() == 2);
    CHECK(d.seen[0].name == "AMD Instinct MI100");
    CHECK(d.gpus == 2);
    if (catalog().find_device("mi100")) {   // by name alone: rocm-smi was not asked for memory
        CHECK(d.gpu_arg == "mi100");
        CHECK(any_line(d.assumed, "memory not reported; mi100 assumed by name alone"));
    } else {
        CHECK(d.gpu_arg.empty());
        CHECK(d.gpu_spec == "vendor=amd,name=AMD Instinct MI100");
        CHECK(d.gpu_spec_needs_bw);
    }
    int lines = 0;   // two identical GPUs give one line per assumption
    for (const std::string& a : d.assumed) lines += a.find("AMD Instinct MI100") != std::string::npos;
    CHECK(lines == 1);
}

TEST_CASE("detect: this machine (no GPU): lscpu and /proc/meminfo, the CPU placement, a plain message", "[detect]") {
    const Detected d = detect(fixture("this-machine-no-gpu"));
    CHECK(d.seen.empty());
    CHECK(d.cpu_only);
    CHECK(d.gpu_arg.empty());
    CHECK(d.gpus == 0);
    CHECK(d.cpu_name == "AMD EPYC");
    CHECK(d.ram_gib == Approx(24683620 / 1048576.0));
    CHECK(any_line(d.found, "GPU: none"));
    CHECK(any_line(d.assumed, "the CPU placement applies"));
    CHECK(any_line(d.assumed, "RAM bandwidth not measured"));
    CHECK(option(d, "host") == "ram_gib=23.5,ram_bw_gbps=80");
    CHECK(option(d, "placement") == "cpu");
    const std::string text = describe(d);
    CHECK(text.find("No GPU found") != std::string::npos);
    CHECK(text.find("--host ram_gib=23.5,ram_bw_gbps=80 --placement cpu") != std::string::npos);
    CHECK(to_json(d)["cpu_only"] == true);
}

TEST_CASE("detect: nothing read at all is a plain answer, not a crash", "[detect]") {
    const Detected d = detect(Probes{});
    CHECK(d.cpu_only);
    CHECK(d.ram_gib == 0);
    CHECK(any_line(d.assumed, "RAM not read"));
    CHECK(describe(d).find("options: --placement cpu") != std::string::npos);
}

TEST_CASE("detect: the forms of each probe parse alike (nvidia-smi CSV, sysctl -n)", "[detect]") {
    // The lines of the recorded fixtures, in the form read_this_machine() asks for.
    Probes csv;
    csv.nvidia_smi = "NVIDIA GeForce RTX 5090, 32607, 00000000:01:00.0\nNVIDIA GeForce RTX 3090 Ti, 24564, 00000000:03:00.0\n";
    CHECK(detect(csv).gpu_arg == "rtx-5090+rtx-3090-ti");
    Probes n;
    n.sysctl = "Apple M4 Pro\n68719476736\n";
    CHECK(detect(n).gpu_arg == "m4-pro-64gb");
}

TEST_CASE("detect: an Arm board's lscpu ('Model name: -', the chip under 'Model:') and no GPU", "[detect]") {
    const Detected d = detect(fixture("sbc-rk3588-lscpu"));
    CHECK(d.cpu_name == "Rockchip RK3588");
    CHECK(d.cpu_only);
    CHECK(d.ram_gib == 0);
    CHECK(any_line(d.assumed, "RAM not read"));
    CHECK(option(d, "placement") == "cpu");
    CHECK(option(d, "host").empty());   // no RAM read: no --host to suggest
}

TEST_CASE("detect: lscpu's 'BIOS Model name' is not the model name (dual EPYC 9374F)", "[detect]") {
    const Detected d = detect(fixture("epyc-9374f-lscpu"));
    CHECK(d.cpu_name == "AMD EPYC 9374F 32-Core Processor");
    CHECK(any_line(d.found, "CPU: AMD EPYC 9374F 32-Core Processor  [lscpu]"));
    CHECK(d.cpu_only);
}

TEST_CASE("detect: an amdgpu card seen only in sysfs is described by its VRAM, not named", "[detect]") {
    const Detected d = detect(fixture("sysfs-amdgpu-8gb"));
    REQUIRE(d.seen.size() == 1);
    CHECK(d.seen[0].vendor == "amd");
    CHECK(d.seen[0].source == "sysfs");
    CHECK(d.seen[0].mem_gib == Approx(8573157376.0 / kBytesPerGiB));
    CHECK(d.gpu_arg.empty());
    CHECK(d.gpu_spec == "vendor=amd,mem_gib=8,name=AMD GPU (card0)");
    CHECK(d.gpus == 1);
}

// The catalog's CPU hosts (vendor cpu) name a CPU, a socket count and a RAM size: all three must be this machine's.
const Device* cpu_host_named(const std::string& words) {
    for (const Device& dev : catalog().devices())
        if (dev.vendor == Vendor::cpu && dev.name.find(words) != std::string::npos && dev.name.rfind("2x", 0) != 0) return &dev;
    return nullptr;
}

TEST_CASE("detect: a CPU the catalog lists as a host, with the RAM not read, is not guessed into one", "[detect]") {
    const Detected d = detect(fixture("epyc-7763-lscpu"));
    CHECK(d.cpu_name == "AMD EPYC 7763 64-Core Processor");
    CHECK(d.cpu_device.empty());
    CHECK(d.cpu_only);
    if (const Device* host = cpu_host_named("EPYC 7763")) CHECK(any_line(d.assumed, host->id + " (" ));
    CHECK(any_line(d.assumed, "RAM bandwidth not measured"));
}

TEST_CASE("detect: rules on constructed probes (no recorded Strix Halo or EPYC 7763 with its meminfo was found)", "[detect]") {
    // A CPU host: the recorded EPYC 7763 lscpu with a constructed MemTotal of 504 GiB (a 512 GiB server less reserved).
    if (const Device* host = cpu_host_named("EPYC 7763"); host && std::abs(host->mem_gib() - 512) < 0.01) {
        Probes p = fixture("epyc-7763-lscpu");
        p.meminfo = "MemTotal:       528482304 kB\n";
        const Detected d = detect(p);
        CHECK(d.cpu_device == host->id);
        CHECK(d.ram_bw_gbps == Approx(host->mem_bw_gbps));
        CHECK(option(d, "gpu") == host->id);
        CHECK(option(d, "placement") == "cpu");
        CHECK(option(d, "host").empty());
    }
    // An APU: the name rocminfo printed on a Ryzen AI Max+ PRO 395 (ROCm/rocm-libraries#4618), with constructed
    // MemTotal and amdgpu carve-out values. The catalog size is MemTotal plus the carve-out, and only when the
    // carve-out was read: 31 GiB of MemTotal is a 32 GiB machine, or a 128 GiB one with 96 GiB reserved.
    for (const Device& dev : catalog().devices()) {
        if (dev.id != "ryzen-ai-max-395-128gb") continue;
        Probes p;
        p.lscpu = "Model name:             AMD RYZEN AI MAX+ PRO 395 w/ Radeon 8060S\n";
        p.meminfo = "MemTotal:       32505856 kB\n";   // 31 GiB
        const Detected unread = detect(p);
        CHECK(unread.gpu_arg.empty());
        CHECK(unread.cpu_only);
        CHECK(any_line(unread.assumed, "the iGPU's carve-out was not read"));
        p.sysfs = "/sys/class/drm/card1/device/vendor=0x1002\n/sys/class/drm/card1/device/mem_info_vram_total=103079215104\n";
        const Detected d = detect(p);   // 31 GiB + 96 GiB carve-out
        CHECK(d.gpu_arg == dev.id);
        CHECK(d.gpus == 1);
        CHECK_FALSE(d.cpu_only);
        CHECK(d.seen[0].integrated);
        CHECK(d.seen[0].id == dev.id);
        CHECK(d.ram_bw_gbps == Approx(dev.mem_bw_gbps));
        CHECK(any_line(d.assumed, "an APU, chosen by CPU name and memory (MemTotal 31 GiB + 96 GiB the iGPU reserves)"));
    }
}

TEST_CASE("detect: malformed probe text is read as nothing, never a crash", "[detect]") {
    const std::vector<std::string> junk = {"", "\n\n", "|", "| |", "|   0  X Off | : |\n| / |", ",", ",,,\n,", "GPU[", "GPU[0] : :",
                                           "GPU[0]\t\t: VRAM Total Memory (B): 1e999", "{", "{\"card0\": 5}", "device,\ncard0",
                                           "=", "/card=", "/sys/class/drm/card0", "MemTotal: nan kB", "Model name: -",
                                           std::string(1, '\0') + "x", "00:02.0 VGA compatible controller: ", "99999999999999999999999",
                                           "00:02.0 VGA compatible controller: Intel Corporation \xff\xfe [Graphics]", "Model name: \xc3"};
    for (const std::string& j : junk) {
        Probes p;
        p.nvidia_smi = p.rocm_smi = p.lspci = p.sysfs = p.sysctl = p.system_profiler = p.meminfo = p.lscpu = j;
        INFO(j);
        const Detected d = detect(p);
        CHECK(std::isfinite(d.ram_gib));
        CHECK(std::isfinite(d.ram_bw_gbps));
        CHECK_FALSE(describe(d).empty());
        CHECK_NOTHROW(to_json(d).dump());
    }
}

TEST_CASE("detect: an Intel iGPU listed as a 'Display controller' at 00:02.0 is integrated", "[detect]") {
    const Detected d = detect(fixture("desktop-intel-igpu-lspci-only"));
    REQUIRE(d.seen.size() == 2);
    CHECK(d.seen[0].vendor == "intel");
    CHECK(d.seen[0].integrated);
    CHECK(d.seen[1].vendor == "nvidia");
    CHECK_FALSE(d.seen[1].integrated);
    CHECK_FALSE(d.seen[1].used);
    CHECK(any_line(d.found, "GeForce RTX 3080 Ti] (rev a1)") == false);   // the revision is not part of the name
    CHECK(any_line(d.found, "NVIDIA Corporation GA102 [GeForce RTX 3080 Ti], memory not reported  [lspci 01:00.0] -> not used"));
    CHECK(d.cpu_only);
}
