// headroom/report.hpp — the one output.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "headroom/messages.hpp"
#include "headroom/scenario.hpp"

namespace headroom {

struct DeviceUse {
    std::string device;
    int64_t used_bytes = 0, capacity_bytes = 0;   // capacity: what the runtime may use (Apple: the GPU working-set limit)
};

struct MemoryBreakdown {
    int64_t weights_bytes = 0, kv_cache_bytes = 0, activations_bytes = 0, overhead_bytes = 0;
    int64_t vision_bytes = 0;                           // the vision / audio encoder, when the scenario sends images
    int64_t state_bytes = 0;                            // recurrent state of linear-attention / SSM layers, per sequence x batch
    int64_t speculative_bytes = 0;                      // speculative decoding: the MTP layers or the draft model, with their KV cache
    int64_t gradients_bytes = 0, optimizer_bytes = 0;   // fine-tuning only
    int64_t total_bytes = 0;
    int64_t host_bytes = 0;                             // weights kept in host RAM (offload / stream)
    int64_t capacity_bytes = 0;                         // what all the devices together may use
    std::vector<DeviceUse> per_device;
};

struct Fit {
    bool fits = false;
    int64_t headroom_bytes = 0;   // smallest spare capacity over the devices; negative when it does not fit
    Placement placement = Placement::gpu;
    int gpu_layers = 0, total_layers = 0;
    int n_cpu_moe = 0;       // cpu-moe: layers whose routed experts are in host RAM (the first ones)
    // Inverse answers, inference only: the largest context (a multiple of 256 tokens, up to the model's max_ctx)
    // and the most sequences at this ctx (up to 65536) that still fit with this placement; 0 when none does.
    int64_t max_ctx = 0, max_batch = 0;
    // The fewest of this device (up to 64) that hold the model all on GPUs and reach target_tokens_per_s when set;
    // 0 when none and on a CPU; a unified-memory device is one machine (1 or 0).
    int64_t min_gpus = 0;
    double max_batch_tokens_per_s = 0;   // all max_batch sequences together, decoding at the task (0 when max_batch is 0)
    bool has_inverse = false;
};

enum class Bound { memory_bandwidth, compute, pcie, disk, host_memory, interconnect };

// Speculative decoding as the speed model sees it (docs/speed.md, "Speculative decoding"); method empty: none.
struct SpeculativeSpeed {
    std::string method;               // mtp | draft
    std::string draft_model;          // draft: its catalog id
    int64_t draft_tokens = 0;         // k: tokens drafted per step
    double accept_rate = 0;           // a: each drafted token's chance to be accepted (independent, Leviathan et al. 2023)
    std::string accept_rate_basis;    // "given", or the published family rate's key (docs/speculative-sources.md)
    double tokens_per_step = 0;       // expected tokens a verification step yields: (1 - a^(k+1)) / (1 - a)
    double verify_step_s = 0;         // one target step over k + 1 tokens per sequence
    double draft_step_s = 0;          // one drafted token (the MTP layer or the draft model, without the engine's step cost)
    double plain_tokens_per_s = 0;    // decode without speculation, same scenario
};

struct Speed {
    double decode_tokens_per_s = 0;            // per sequence, at the task's average context (prompt + half the output)
    int64_t decode_ctx_tokens = 0;             // the context decode_tokens_per_s is at
    double decode_tokens_per_s_at_full_ctx = 0;  // per sequence, with the whole `ctx` in the cache (curve.cpp's definition)
    double decode_zh_chars_per_s = 0;          // decode_tokens_per_s in Chinese characters (0.6 token each, docs/cost.md)
    double aggregate_tokens_per_s = 0;         // all `batch` sequences together
    double prefill_tokens_per_s = 0;
    double time_to_first_token_s = 0;          // a prompt of task_in_tokens
    Bound decode_bound = Bound::memory_bandwidth;
    double bound_tokens_per_s = 0;             // the physical limit of the bounding resource at 100% efficiency
    int64_t bytes_per_token = 0;               // bytes read per decode step (all sequences), from every tier
    int64_t host_bytes_per_token = 0;          // of which from host RAM by the CPU (offload, cpu-moe)
    double flops_per_token = 0;                // prefill FLOPs per prompt token
    double decode_efficiency = 0;              // share of peak bandwidth assumed
    double host_efficiency = 0;                // share of the host's stated RAM bandwidth, when the CPU reads weights
    double prefill_efficiency = 0;            // share of peak FLOPs assumed
    std::string calibration;                   // which fitted constants apply (e.g. "llama.cpp/cuda")
    // Not in the JSON: the prefill's expert GEMMs per prompt token as they weigh in its time (MoE layers x experts one
    // micro-batch touches, over its tokens and the pipeline's overlap), for bench/validation to refit their cost.
    double prefill_expert_gemms_per_token = 0;
    double prefill_attention_s_per_token = 0;  // not in the JSON: attention's share of a prompt token's time (compute-bound prefill)
    bool eager_bound = false;                  // not in the JSON: transformers' eager dispatch sets the step (speed.cpp)
    int decode_moe_layers = 0;                 // not in the JSON: MoE layers whose experts the devices run (their fixed cost is refitted)
    SpeculativeSpeed speculative;              // speculative decoding, when the scenario asks for it
};

struct Cost {
    std::string currency;
    double price = 0;                          // the hardware price used
    std::string price_market;                  // us (street), cn, used, launch (no market price), or given (--price)
    bool price_fallback = false;               // a device's price is not from the market asked for (the price_fallback warning)
    std::string price_date;                    // YYYY-MM[-DD] of the price used (the oldest, for several devices); empty when given
    std::string price_source;                  // where that price was read; empty when given
    double seconds_per_task = 0;               // time to first token + generation, one sequence
    double tasks_per_day = 0;                  // all sequences, at the utilization
    double max_tasks_per_day = 0;              // all sequences, at full use (utilization 1): the most the hardware can do
    double hardware_per_day = 0, energy_per_day = 0, per_month = 0;
    double hardware_per_task = 0, energy_per_task = 0, per_task = 0;
    double per_million_output_tokens = 0;
    double api_per_task = 0;                   // 0 when no API price was given
    std::string api;                           // the price table's id (--api); empty when typed or none
    double api_input_per_mtok = 0, api_cached_input_per_mtok = 0, api_output_per_mtok = 0;   // in `currency`
    std::string api_price_date, api_source;
    double break_even_tasks_per_day = 0;       // local beats the API above this many tasks a day; 0 = never / n.a.
    double cloud_gpu_per_task = 0;             // 0 when no rent was given
    std::string rent;                          // the rental table's id (--rent); empty when typed or none
    double rent_per_gpu_hour = 0;              // one GPU for an hour, in `currency` (the table's price, converted)
    double rent_per_hour = 0;                  // the machine's GPUs for an hour, in `currency`
    std::string rent_price_date, rent_source;
    double break_even_vs_rent_tasks_per_day = 0;   // owning beats renting above this; 0 = never / n.a.
    int64_t task_out_tokens = 0;
};

// A claimed decode speed against the estimate and the physical bound.
struct Verdict {
    double claim_tokens_per_s = 0, estimate_tokens_per_s = 0, bound_tokens_per_s = 0;
    double ratio_to_estimate = 0, ratio_to_bound = 0;
    std::string verdict;    // impossible | optimistic | plausible | conservative
    std::string code, message;   // headroom/messages.hpp
    Params params;
};

struct Warning {
    std::string code, message;   // message: the English text of code's template (headroom/messages.hpp)
    Params params;
};

// What to type: the command line that runs the scenario on its engine (core/src/launch.cpp, docs/launch.md).
struct LaunchAlt {
    std::string tool, command, note;
    std::string note_code;   // headroom/messages.hpp
    Params note_params;
};
struct Launch {
    std::string tool;      // llama-server, vllm or transformers
    std::string command;   // one line; empty when no engine runs this placement (stream) or it has no CLI
    std::string note;      // what the command cannot say, or why there is none
    std::string note_code;   // headroom/messages.hpp
    Params note_params;
    std::vector<LaunchAlt> others;   // the same scenario in other tools (Ollama, mlx_lm)
};

struct Report {
    Scenario scenario;             // normalized
    Model model;                   // the resolved shape
    Device device;                 // the resolved device (mixed: the first)
    std::vector<Device> devices;   // a mixed machine (--gpu a+b): each device in order; empty when they are alike
    int64_t params_total = 0, params_active = 0;
    double config_price_usd = 0;   // the devices' launch price x gpus (mixed: the sum); 0 when the catalog lacks one
    double config_power_w = 0;     // the devices' TDP x gpus (mixed: the sum)
    MemoryBreakdown memory;
    Fit fit;
    bool has_speed = false;        // inference only
    Speed speed;
    bool has_cost = false;
    Cost cost;
    bool has_verdict = false;
    Verdict verdict;
    bool has_launch = false;       // inference that fits, detailed method
    Launch launch;
    std::vector<Warning> warnings;
};

}  // namespace headroom
