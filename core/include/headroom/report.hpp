// headroom/report.hpp — the one output.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "headroom/scenario.hpp"

namespace headroom {

struct DeviceUse {
    std::string device;
    int64_t used_bytes = 0, capacity_bytes = 0;   // capacity: what the runtime may use (Apple: the GPU working-set limit)
};

struct MemoryBreakdown {
    int64_t weights_bytes = 0, kv_cache_bytes = 0, activations_bytes = 0, overhead_bytes = 0;
    int64_t gradients_bytes = 0, optimizer_bytes = 0;   // fine-tuning only
    int64_t total_bytes = 0;
    int64_t host_bytes = 0;                             // weights kept in host RAM (offload / stream)
    std::vector<DeviceUse> per_device;
};

struct Fit {
    bool fits = false;
    int64_t headroom_bytes = 0;   // smallest spare capacity over the devices; negative when it does not fit
    Placement placement = Placement::gpu;
    int gpu_layers = 0, total_layers = 0;
};

struct Warning {
    std::string code, message;
};

struct Report {
    Scenario scenario;             // normalized
    Model model;                   // the resolved shape
    Device device;                 // the resolved device
    int64_t params_total = 0, params_active = 0;
    MemoryBreakdown memory;
    Fit fit;
    std::vector<Warning> warnings;
};

}  // namespace headroom
