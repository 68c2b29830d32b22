// headroom/scenario.hpp — the one input: what runs, where, and how.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "headroom/catalog.hpp"
#include "headroom/messages.hpp"

namespace headroom {

enum class Engine { generic, llama_cpp, vllm, transformers, sglang, trt_llm, mlx, ollama, ik_llama_cpp, ktransformers };
enum class Mode { inference, lora, qlora, full };
enum class Method { detailed, rule_of_thumb };
enum class Placement { auto_, gpu, offload, stream, cpu_moe, cpu };
// llama.cpp's GPU backend: auto is the device's own (CUDA, ROCm, Metal); Vulkan runs on NVIDIA, AMD and Intel GPUs.
enum class Backend { auto_, cuda, rocm, vulkan, metal };

// The host side of offload and streaming.
struct HostSpec {
    double ram_gb = 64;         // GB = 10^9 bytes
    double ram_bw_gbps = 80;    // achievable DRAM read bandwidth (dual-channel DDR5 ~ 60-90)
    double pcie_gbps = 25;      // achievable pinned host-to-device rate (PCIe 4.0 x16 ~ 25)
    double disk_gbps = 3.5;     // sequential read (PCIe 4.0 NVMe ~ 3.5-7)
    double cpu_tflops = 1.15;   // the CPU's peak FP32 FLOP/s (placement cpu): 8 Zen 4 cores x 4.5 GHz x 32 (docs/devices.md)
};

struct Scenario {
    // What runs: a catalog id, or a custom shape (from a HF config.json or a bare parameter count).
    std::string model = "llama-3.1-8b";
    std::optional<Model> custom_model;
    std::string custom_model_origin;   // "config" or "params_b" when custom_model is set
    double params_b = 0;               // the bare count behind a "params_b" custom model
    std::string model_renamed_from;    // set with model: the former repo id it was given as (Catalog::renamed_repos), as
                                       // published; the report notes the rename. Not a field: model holds the catalog id

    std::string quant = "q4_k_m";
    int64_t ctx = 8192;                // tokens per sequence (prompt + generated)
    int64_t batch = 1;                 // concurrent sequences
    bool images = false;               // the model will see images or audio: its encoder is loaded (llama.cpp --mmproj)
    std::string kv_quant = "f16";
    Engine engine = Engine::generic;
    Backend backend = Backend::auto_;
    Mode mode = Mode::inference;
    Method method = Method::detailed;

    // Where: a catalog device, or a custom one.
    std::string gpu = "rtx-4090";
    std::optional<Device> custom_device;
    std::string gpu_spec;              // the spec string behind custom_device, kept for round trips
    int64_t gpus = 1;
    std::optional<double> gpu_share;   // unified memory: the share of it the GPU may use; unset = the device's default
    HostSpec host;
    std::string claims_applied;        // set by apply_claims: which measurement replaced pcie/disk rates
    Placement placement = Placement::auto_;
    std::optional<int64_t> gpu_layers; // offload: layers on the GPU(s), like llama.cpp -ngl; unset = as many as fit
    std::optional<int64_t> n_cpu_moe;  // cpu-moe: layers whose routed experts stay in host RAM, like llama.cpp
                                       // --n-cpu-moe; unset = as few as fit. Given with placement auto, selects cpu-moe

    // The task (speed: time to first token; cost: per task).
    int64_t task_in_tokens = 1000;     // prompt tokens
    int64_t task_out_tokens = 500;     // generated tokens
    int64_t cached_tokens = 0;         // already in the KV cache when the task's prompt arrives (a shared prefix, an earlier
                                       // conversation; llama-bench -d): the prompt attends to them, decode reads them
    int64_t turns = 1;                 // a conversation: each turn adds its prompt and answer to the context

    // Cost (headroom cost). Prices in `currency`; an unset optional = the derived default (docs/cost.md).
    std::string currency = "USD";      // USD or CNY
    std::string market = "auto";       // whose device prices: us (street, else launch), cn (China, in CNY), used; auto: cn for CNY, else us
    double exchange_rate = 7.1;        // CNY per USD, to convert catalog (USD) prices
    std::optional<double> price;       // hardware price; unset = the devices' launch prices x gpus
    double lifetime_years = 3;
    double utilization = 0.5;          // share of the day the machine works on tasks
    std::optional<double> power_w;     // power under load, whole system; unset = devices' TDP x gpus + 100 W host
    std::optional<double> idle_power_w;  // power when idle; unset = 20% of the load figure
    std::optional<double> kwh_price;   // unset = 0.16 USD or 0.56 CNY per kWh
    double pue = 1.0;                  // datacenter overhead factor
    double residual_value = 0;         // share of the price recovered at the end of life
    std::string api;                   // a cloud API from the price table ("deepseek/deepseek-chat"), to compare with; empty: none
    double api_price_per_mtok = 0;     // or a cloud API's price per million output tokens, typed
    std::string rent;                  // renting these GPUs from the rental table (an id, or auto: the cheapest); empty: none
    double cloud_gpu_per_hour = 0;     // or renting comparable GPU capacity, per hour, typed
    int64_t task_out_zh_chars = 0;     // helpers: the answer's length in Chinese characters or English words
    int64_t task_out_en_words = 0;     // (converted to task_out_tokens, docs/cost.md)

    // Recommendation targets (headroom recommend): a minimum decode speed and a hardware budget; 0 = none.
    double target_tokens_per_s = 0;
    double budget_usd = 0;
    double min_bits = 4;               // recommend for a device: the fewest nominal bits per weight a format may have (docs/recommend.md)

    // A claim to check (headroom check): tokens/s someone says this setup decodes at; 0 = none.
    double claim_tokens_per_s = 0;
    bool claim_fits = false;           // headroom check: someone says this fits

    // Speculative decoding (docs/speed.md): a drafter proposes draft_tokens tokens, the model verifies them in one step
    // and keeps the accepted ones. none; mtp: the model's own multi-token-prediction layers draft; draft: a smaller model.
    std::string speculative = "none";
    std::string draft_model;                  // speculative draft: a catalog id or HF repo id (same tokenizer)
    std::optional<int64_t> draft_tokens;      // tokens drafted per step; unset = mtp: the model's MTP layers, draft: the best
    std::optional<double> accept_rate;        // each drafted token's chance to be accepted; unset = the family's published rate

    // Efficiency overrides (unset = the fitted defaults of docs/speed.md).
    std::optional<double> decode_efficiency;   // share of peak memory bandwidth decode reaches
    std::optional<double> prefill_efficiency;  // share of peak dense FP16 throughput prefill reaches
    std::optional<int64_t> ubatch;             // llama.cpp-family prompt micro-batch (-ub, n_ubatch); unset = the engine's
                                               // default (512). Set by the accuracy bench from each row's command line
    // llama.cpp's --split-mode across several GPUs (docs/speed.md, "Split modes"): layer (its default: each GPU a
    // contiguous slice of layers), row (each dense matrix split by rows across the GPUs), tensor (PR #19378's
    // backend-agnostic tensor parallelism). llama.cpp-family engines only (validate.cpp).
    std::string split_mode = "layer";

    // Fine-tuning knobs (mode lora/qlora/full).
    int64_t lora_rank = 16;
    bool grad_checkpointing = true;
};

// The error every edge reports: which field, what was given, what is accepted.
struct InputError {
    std::string field, message;
    std::string code;   // headroom/messages.hpp; empty for the few messages not yet coded
    Params params;
};

// Engines that run GGUF files on llama.cpp's code (ggml): llama.cpp, its fork ik_llama.cpp, Ollama (llama.cpp
// underneath), and generic ("no idea": llama.cpp's rules).
inline bool ggml_engine(Engine e) {
    return e == Engine::generic || e == Engine::llama_cpp || e == Engine::ik_llama_cpp || e == Engine::ollama;
}
// Serving engines that split a model across GPUs by tensor parallelism and preallocate a KV pool.
inline bool tensor_parallel_engine(Engine e) { return e == Engine::vllm || e == Engine::sglang || e == Engine::trt_llm; }
// The scenario splits each layer across its GPUs (weights and KV cache): a tensor-parallel engine, or llama.cpp's
// --split-mode tensor (PR #19378; docs/multi-gpu.md: "splits both weights *and* KV across the participating GPUs",
// "tensor segments evenly" without --tensor-split). Memory and speed both follow it (with several GPUs).
inline bool tensor_parallel(const Scenario& s) { return tensor_parallel_engine(s.engine) || s.split_mode == "tensor"; }

std::string_view to_string(Engine e);
std::string_view to_string(Mode m);
std::string_view to_string(Method m);
std::string_view to_string(Placement p);
std::optional<Engine> parse_engine(std::string_view s);
std::optional<Mode> parse_mode(std::string_view s);
std::string_view to_string(Backend b);
std::optional<Backend> parse_backend(std::string_view s);
std::optional<Method> parse_method(std::string_view s);
std::optional<Placement> parse_placement(std::string_view s);

}  // namespace headroom
