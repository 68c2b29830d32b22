// detect.hpp — `headroom detect` and `--gpu auto`: what this machine has, as catalog ids and a host spec.
// Reading the machine (read_this_machine) is kept apart from understanding what was read (detect), which is pure
// and tested with outputs recorded on real machines (tests/data/detect/, docs/detect.md).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace headroom {

// The raw text of each probe; empty = the tool or file is not there. Each is the output of one command
// (docs/detect.md): the parsers also take the forms people paste (nvidia-smi's table, rocm-smi's text or CSV).
struct Probes {
    std::string nvidia_smi;   // nvidia-smi --query-gpu=name,memory.total,pci.bus_id --format=csv,noheader,nounits
    std::string rocm_smi;     // rocm-smi --showproductname --showmeminfo vram --csv
    std::string lspci;        // lspci   (display controllers: integrated GPUs, and GPUs no vendor tool reported)
    std::string sysfs;        // "path=value" lines: /sys/class/drm/card*/device/{vendor,device,mem_info_vram_total}
    std::string sysctl;       // sysctl machdep.cpu.brand_string hw.memsize   (macOS)
    std::string system_profiler;   // system_profiler SPDisplaysDataType   (macOS: "Total Number of GPU Cores")
    std::string meminfo;      // /proc/meminfo
    std::string lscpu;        // lscpu
};

// One GPU seen by a probe.
struct SeenGpu {
    std::string name;         // as the probe printed it
    std::string vendor;       // nvidia, amd, intel, apple
    double mem_gib = 0;       // 0 = not read
    std::string source;       // which probe
    std::string id;           // the catalog id it maps to; empty = none
    bool integrated = false;  // an iGPU beside the CPU: reported, not used
    bool used = false;        // part of the suggested --gpu
};

struct Detected {
    std::vector<SeenGpu> seen;
    std::vector<std::string> gpu_ids;   // catalog ids, one per physical GPU used, in the order seen
    std::vector<std::string> found;     // lines: what was seen (raw name and memory)
    std::vector<std::string> assumed;   // lines: what was assumed, and why
    double ram_gib = 0;                 // 0 = not read
    double ram_bw_gbps = 0;             // host RAM bandwidth used (see ram_bw_source)
    std::string ram_bw_source;          // where ram_bw_gbps comes from
    std::string cpu_name;
    std::string gpu_arg;                // what --gpu should be: "rtx-4090", "rtx-5090+rtx-3090-ti"; empty = none
    int gpus = 0;                       // what --gpus should be (identical GPUs); 1 with a '+' list
    std::string gpu_spec;               // when no catalog id fits: a --gpu-spec start (vendor, mem_gib, name)
    bool gpu_spec_needs_bw = false;     // gpu_spec lacks bw_gbps, which --gpu-spec requires: the user adds it
    std::string host_arg;               // what --host should be: "ram_gib=62.5,ram_bw_gbps=80"
    bool cpu_only = false;              // no GPU to use: the CPU placement applies
    std::string cpu_device;             // the catalog CPU host this machine is (CPU, sockets and RAM), if any
    // The options, in order, as option name (no dashes) and value: gpu, gpus, gpu-spec, host, placement. No GPU and a
    // catalog CPU host: gpu = that host's id, placement cpu; no GPU otherwise: host and placement cpu.
    std::vector<std::pair<std::string, std::string>> options;
};

// Runs the probes on this machine (popen, stderr to /dev/null; a missing tool gives an empty string).
Probes read_this_machine();
// Pure: maps what the probes printed to catalog ids (headroom::catalog()) and a host spec.
Detected detect(const Probes& p);
// The text `headroom detect` prints: found, assumed, and the options that follow.
std::string describe(const Detected& d);
// `headroom detect --json`.
nlohmann::ordered_json to_json(const Detected& d);

}  // namespace headroom
