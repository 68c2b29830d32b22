// The scenario schema: one row per field (headroom/schema.hpp). Scenario JSON is read and written from
// these rows, ranges are checked from them, and the faces (CLI, page, docs, fuzz dictionary) list them.
#include "headroom/schema.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "scenario_json.hpp"

namespace headroom {
namespace {

using detail::fail;
using json = nlohmann::ordered_json;
using ojson = nlohmann::ordered_json;

constexpr size_t kMaxScenarioBytes = 2 << 20;

// How a row reads and writes its Scenario member.
enum class Text { as_is, lower, upper };
struct Str {
    std::string Scenario::*m;
    Text text;
};
// Fields whose JSON face is not one member (model/config/params_b, the devices, host, claims).
struct Custom {
    void (*set)(Scenario&, const json&);
    void (*emit)(const Scenario&, ojson&);   // nullptr: input only
};
using Binding = std::variant<Str, int64_t Scenario::*, double Scenario::*, bool Scenario::*, std::optional<int64_t> Scenario::*,
                             std::optional<double> Scenario::*, Engine Scenario::*, Backend Scenario::*, Mode Scenario::*, Method Scenario::*,
                             Placement Scenario::*, Custom>;

// When a report's scenario lists the field: always, when it differs from the default (optionals: when set),
// or never (input only: files). `when`, if given, decides instead (a field that matters only in a mode).
enum class Emit { always, non_default, never };

struct Row {
    Field f;
    Binding b;
    Emit emit = Emit::always;
    bool (*when)(const Scenario&) = nullptr;
};

// ---- reading JSON values (URL state arrives as text) ----------------------------------------------------
// kilo: a count of tokens also reads as "32k" or "128K", 1024 tokens a K, as context lengths are named ("32K context": 32768).
double number_of(const json& v, const std::string& field, const char* what, bool kilo = false) {
    double d = 0;
    if (v.is_number()) d = v.get<double>();
    else if (v.is_string()) {
        const std::string s = v.get<std::string>();
        const bool k = kilo && s.size() > 1 && (s.back() == 'k' || s.back() == 'K');
        const std::string n = k ? s.substr(0, s.size() - 1) : s;
        const bool ok = detail::parse_number(n, d);
        d *= k ? 1024 : 1;
        if (!ok)
            fail(field, std::string(what) == "a number" ? "not_number" : "not_integer", {{"got", detail::utf8_prefix(s, 32)}});
    } else {
        fail(field, std::string(what) == "a number" ? "not_number" : "not_integer", {{"got", detail::utf8_prefix(detail::sorted_json(v).dump(), 32)}});
    }
    return d;
}

int64_t to_int(const json& v, const std::string& field, bool kilo = false) {
    const double d = number_of(v, field, "a whole number", kilo);
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9e15) fail(field, "not_integer", {{"got", detail::fmt_num(d)}});
    return static_cast<int64_t>(d);
}

double to_double(const json& v, const std::string& field) {
    const double d = number_of(v, field, "a number");
    if (!std::isfinite(d)) fail(field, "not_finite", {});
    return d;
}

std::string to_str(const json& v, const std::string& field, size_t max_len = 128) {
    if (!v.is_string()) fail(field, "not_string", {});
    std::string s = v.get<std::string>();
    if (s.size() > max_len) fail(field, "too_long", {{"max", std::to_string(max_len)}});
    return s;
}

bool to_bool(const json& v, const std::string& field) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string()) {
        const std::string s = detail::lower(v.get<std::string>());
        if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
        if (s == "0" || s == "false" || s == "no" || s == "off") return false;
    }
    if (v.is_number_integer()) return v.get<int64_t>() != 0;
    fail(field, "not_bool", {});
}

std::string file_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string host_text(const HostSpec& h) {
    return "ram_gb=" + detail::fmt_num(h.ram_gb) + ",ram_bw_gbps=" + detail::fmt_num(h.ram_bw_gbps) +
           ",pcie_gbps=" + detail::fmt_num(h.pcie_gbps) + ",disk_gbps=" + detail::fmt_num(h.disk_gbps) +
           ",cpu_tflops=" + detail::fmt_num(h.cpu_tflops);
}

// ---- the custom fields ----------------------------------------------------------------------------------
// A catalog id or a Hugging Face repo id, any case; the canonical id is kept, so reports and links echo it.
// A repo id from before a rename is remembered as published, for the report's note (model_renamed).
void set_model(Scenario& s, const json& v) {
    s.model = detail::lower(to_str(v, "model"));
    const RenamedRepo* renamed = catalog().find_renamed_repo(s.model);
    s.model_renamed_from = renamed ? renamed->repo : std::string();
    if (const Model* m = catalog().find_model(s.model)) s.model = m->id;
}
void emit_model(const Scenario& s, ojson& j) {
    if (!s.custom_model) {
        j["model"] = s.model;
        return;
    }
    j["model"] = "custom";
    if (s.custom_model_origin == "params_b") j["params_b"] = s.params_b;
    else if (s.custom_model_origin == "gguf") j["gguf_file"] = s.custom_model->file->file;
    else j["config_model"] = s.custom_model->name;
}
void set_config(Scenario& s, const json& v) {
    // A config.json, or the summary of a repository folder (config.json with its index or safetensors headers).
    const std::string text = file_text(v);
    s.custom_model = detail::model_readers().config(text);
    s.custom_model_origin = "config";
}
void set_gguf(Scenario& s, const json& v) {
    s.custom_model = detail::model_readers().gguf(file_text(v));
    s.custom_model_origin = "gguf";
}
void set_params_b(Scenario& s, const json& v) {
    s.params_b = to_double(v, "params_b");
    s.custom_model = model_from_params_b(s.params_b);
    s.custom_model_origin = "params_b";
}
void set_gpu_spec(Scenario& s, const json& v) {
    s.gpu_spec = to_str(v, "gpu_spec", 4096);
    s.custom_device = parse_device_spec(s.gpu_spec);
}
void emit_gpu(const Scenario& s, ojson& j) {
    if (s.custom_device) j["gpu_spec"] = s.gpu_spec;
    else j["gpu"] = s.gpu;
}
void set_host(Scenario& s, const json& v) { s.host = parse_host_spec(to_str(v, "host", 4096)); }
void emit_host(const Scenario& s, ojson& j) { j["host"] = host_text(s.host); }
void set_claims(Scenario& s, const json& v) { apply_claims(s, file_text(v)); }

bool is_cny(const Scenario& s) { return s.currency == "CNY"; }
bool is_lora(const Scenario& s) { return s.mode == Mode::lora || s.mode == Mode::qlora; }
bool is_training(const Scenario& s) { return s.mode != Mode::inference; }
bool is_speculative(const Scenario& s) { return s.speculative != "none"; }
bool is_draft(const Scenario& s) { return s.speculative == "draft"; }

constexpr double kMaxTokens = 10'000'000;

using T = FieldType;
using G = FieldGroup;

// The table. Order = the order of a report's `scenario` object. Ranges are what validate() enforces.
const std::vector<Row>& rows() {
    static const std::vector<Row> r = {
        {{"model", T::id, G::what_runs, "", 0, 0, "models", "a catalog model id (`headroom models` lists them) or its Hugging Face repo id, any case", "", "", true},
         Custom{set_model, emit_model}},
        {{"config", T::file, G::what_runs, "", 0, 0, "", "a Hugging Face config.json, or a downloaded repository folder (config.json with model.safetensors.index.json or the "
          "safetensors files: the weights' bytes, and the format quantization_config declares replaces quant), instead of model. "
          "In scenario JSON: the config.json, or the repo_summary `headroom shape --config DIR` prints", "the catalog model", "", false},
         Custom{set_config, nullptr}, Emit::never},
        {{"gguf", T::file, G::what_runs, "", 0, 0, "",
          "a GGUF file (the first shard of a split model): shape and exact tensor bytes from its header, instead of model; "
          "its weight format replaces quant. In scenario JSON: the summary `headroom shape --gguf FILE` prints",
          "the catalog model", "", false},
         Custom{set_gguf, nullptr}, Emit::never},
        {{"params_b", T::number, G::what_runs, "billion parameters", 0.01, 10000, "", "only a parameter count (a dense model, shape inferred), instead of model",
          "the catalog model", "", true},
         Custom{set_params_b, nullptr}, Emit::never},
        {{"quant", T::id, G::what_runs, "", 0, 0, "weight_formats", "weight format (`headroom quants` lists them)", "", "", true},
         Str{&Scenario::quant, Text::lower}},
        {{"ctx", T::integer, G::what_runs, "tokens", 1, kMaxTokens, "", "context length per sequence (prompt + generated)", "", "", true},
         &Scenario::ctx},
        {{"batch", T::integer, G::what_runs, "sequences", 1, 65536, "", "concurrent sequences", "", "", true}, &Scenario::batch},
        {{"images", T::boolean, G::what_runs, "", 0, 0, "",
          "the model will see images or audio: its encoder is loaded too (llama.cpp --mmproj, 16-bit), memory.vision_bytes", "", "", false},
         &Scenario::images, Emit::non_default},
        {{"kv_quant", T::id, G::how, "", 0, 0, "kv_formats", "KV-cache format", "", "", true}, Str{&Scenario::kv_quant, Text::lower}},
        {{"engine", T::enumeration, G::how, "", 0, 0, "generic,llama.cpp,vllm,transformers,sglang,trt-llm,mlx,ollama,ik_llama.cpp,ktransformers",
          "the inference engine whose memory rules, speed calibration and launch command are modelled (docs/launch.md, docs/speed.md)",
          "", "", true},
         &Scenario::engine},
        {{"backend", T::enumeration, G::how, "", 0, 0, "auto,cuda,rocm,vulkan,metal",
          "llama.cpp's GPU backend: auto is the device's own (CUDA on NVIDIA, ROCm on AMD, Metal on Apple); vulkan runs llama.cpp's "
          "Vulkan backend on an NVIDIA, AMD or Intel GPU (its own speed calibration)",
          "", "", true},
         &Scenario::backend, Emit::non_default},
        {{"mode", T::enumeration, G::how, "", 0, 0, "inference,lora,qlora,full", "inference, or fine-tuning with Adam (lora, qlora, full)", "", "", false},
         &Scenario::mode},
        {{"method", T::enumeration, G::how, "", 0, 0, "detailed,rule-of-thumb",
          "detailed sizing, or the seed articles' rule of thumb (params x bytes x 1.3)", "", "", false},
         &Scenario::method},
        {{"gpu", T::id, G::where, "", 0, 0, "devices",
          "a catalog device id (`headroom gpus` lists them), or different ones in one machine joined with '+': rtx-4090+rtx-3090 (layers split in "
          "proportion to memory, as llama.cpp does)", "", "", true},
         Custom{[](Scenario& s, const json& v) {
                    s.gpu = detail::lower(to_str(v, "gpu"));
                    std::replace(s.gpu.begin(), s.gpu.end(), ' ', '+');   // a URL's '+' arrives as a space
                },
                emit_gpu}},
        {{"gpu_spec", T::spec, G::where, "", 0, 0, "",
          "a custom device instead of gpu: vendor=nvidia,mem_gib=24,bw_gbps=1008,fp16_tflops=165 (vendor: nvidia, amd, apple, intel, cpu, huawei, moorethreads, hygon)",
          "the catalog device", "device", false},
         Custom{set_gpu_spec, nullptr}},   // emitted by the gpu row, in its place
        {{"gpus", T::integer, G::where, "devices", 1, 1024, "", "how many of the device", "", "", true}, &Scenario::gpus},
        {{"gpu_share", T::number, G::where, "share of memory", 0.01, 1, "",
          "unified memory (AMD Ryzen AI APUs, Apple, DGX Spark): the share of it the GPU may use (BIOS carve-out, Linux GTT, Windows VGM, "
          "macOS iogpu.wired_limit_mb)",
          "the device's default: Linux's for an APU (docs/devices.md)", "", false},
         &Scenario::gpu_share, Emit::non_default},
        {{"host", T::spec, G::where, "", 0, 0, "",
          "the host for offload, streaming and placement cpu: RAM size and bandwidth, PCIe and disk rates, CPU FP32 TFLOPS", "", "", false},
         Custom{set_host, emit_host}},
        {{"placement", T::enumeration, G::where, "", 0, 0, "auto,gpu,offload,stream,cpu-moe,cpu",
          "where the weights live: all on the GPU(s), some layers in host RAM (offload), streamed layer by layer, MoE experts in host RAM, "
          "or all on the CPU in host RAM (no GPU; a CPU device from `headroom gpus` runs so)",
          "", "", true},
         &Scenario::placement},
        {{"claims_applied", T::string, G::where, "", 0, 0, "", "set by claims: which measurement replaced the host's PCIe and disk rates",
          "none", "calibrated_from", false, true},
         Str{&Scenario::claims_applied, Text::as_is}, Emit::non_default},
        {{"gpu_layers", T::integer, G::where, "layers", 0, 100000, "", "layers on the GPU(s) with placement offload, like llama.cpp -ngl",
          "as many as fit", "", false},
         &Scenario::gpu_layers, Emit::non_default},
        {{"n_cpu_moe", T::integer, G::where, "layers", 0, 100000, "",
          "layers whose MoE experts stay in host RAM, like llama.cpp --n-cpu-moe; with placement auto it selects cpu-moe",
          "as few as fit; ktransformers: all", "",
          false},
         &Scenario::n_cpu_moe, Emit::non_default},
        {{"task_in_tokens", T::integer, G::task, "tokens", 0, kMaxTokens, "", "prompt tokens of a task (time to first token, cost)", "", "", true},
         &Scenario::task_in_tokens},
        {{"task_out_tokens", T::integer, G::task, "tokens", 1, kMaxTokens, "", "generated tokens of a task", "", "", false},
         &Scenario::task_out_tokens},
        {{"cached_tokens", T::integer, G::task, "tokens", 0, kMaxTokens, "",
          "tokens already in the KV cache when a task's prompt arrives (a shared prefix, an earlier conversation; llama-bench -d): "
          "the prompt attends to them and decode reads them",
          "0", "", false},
         &Scenario::cached_tokens, Emit::non_default},
        {{"turns", T::integer, G::task, "turns", 1, 1000, "", "turns of a conversation; each adds its prompt and answer to the context", "", "", false},
         &Scenario::turns, Emit::non_default},
        {{"ubatch", T::integer, G::how, "tokens", 1, 65536, "",
          "llama.cpp's prompt micro-batch (-ub, n_ubatch): the tokens one prefill step runs, and the compute buffer it needs "
          "(llama.cpp, ik_llama.cpp, Ollama's num_batch, generic)",
          "the engine's default: 512", "", true},
         &Scenario::ubatch, Emit::non_default},
        {{"split_mode", T::enumeration, G::how, "", 0, 0, "layer,row,tensor",
          "llama.cpp's --split-mode across several GPUs: layer (each GPU a contiguous slice of layers, pipelined), row (each dense "
          "matrix split by rows across the GPUs, the results gathered on the main GPU), tensor (llama.cpp's tensor parallelism, "
          "PR #19378). llama.cpp, ik_llama.cpp (layer, row) and generic; tensor is modelled as tensor parallelism, row's speed is "
          "not modelled (docs/speed.md)",
          "", "", true},
         Str{&Scenario::split_mode, Text::lower}, Emit::non_default},
        {{"speculative", T::enumeration, G::how, "", 0, 0, "none,mtp,draft",
          "speculative decoding: mtp drafts with the model's own multi-token-prediction layers (DeepSeek V3, GLM-4.5, Qwen3.5), "
          "draft with a smaller model of the same tokenizer (draft_model); the model verifies the drafted tokens in one step (docs/speed.md)",
          "", "", true},
         Str{&Scenario::speculative, Text::lower}, Emit::non_default},
        {{"draft_model", T::id, G::how, "", 0, 0, "models",
          "speculative draft: the draft model, a catalog id or its Hugging Face repo id, any case (in the model's weight format)", "", "", false},
         Str{&Scenario::draft_model, Text::lower}, Emit::always, is_draft},
        {{"draft_tokens", T::integer, G::how, "tokens", 1, 32, "", "speculative decoding: tokens drafted per step (llama.cpp --draft-max, vLLM num_speculative_tokens)",
          "mtp: one per MTP layer in the checkpoint; draft: the count in 1..16 with the best estimate", "", true},
         &Scenario::draft_tokens, Emit::non_default, is_speculative},
        {{"accept_rate", T::number, G::how, "share of drafted tokens", 0.01, 0.99, "",
          "speculative decoding: the chance that each drafted token is accepted (independently of the others)",
          "the model family's published rate (docs/speculative-sources.md)", "", true},
         &Scenario::accept_rate, Emit::non_default, is_speculative},
        {{"decode_efficiency", T::number, G::how, "share of peak", 0.001, 1, "", "share of peak memory bandwidth decode reaches",
          "the fitted calibration (docs/speed.md)", "decode_eff", false},
         &Scenario::decode_efficiency, Emit::non_default},
        {{"prefill_efficiency", T::number, G::how, "share of peak", 0.001, 1, "", "share of peak dense FP16 throughput prefill reaches",
          "the fitted calibration (docs/speed.md)", "prefill_eff", false},
         &Scenario::prefill_efficiency, Emit::non_default},
        {{"claim_tokens_per_s", T::number, G::check, "tokens/s", 0, 1e7, "", "check: the decode speed someone claims for this setup (0: none)", "", "",
          false},
         &Scenario::claim_tokens_per_s, Emit::non_default},
        {{"claim_fits", T::boolean, G::check, "", 0, 0, "", "check: someone claims this setup fits", "", "", false}, &Scenario::claim_fits,
         Emit::non_default},
        {{"target_tokens_per_s", T::number, G::targets, "tokens/s", 0, 1e7, "",
          "recommend: the decode speed a configuration must reach (0: 10 tokens/s, or none with budget_usd)", "", "", false},
         &Scenario::target_tokens_per_s, Emit::non_default},
        {{"budget_usd", T::number, G::targets, "USD", 0, 1e10, "", "recommend: a hardware budget in USD at the market's prices (--market; CNY converted at exchange_rate); ranks by speed within it (0: none)",
          "", "", false},
         &Scenario::budget_usd, Emit::non_default},
        {{"min_bits", T::number, G::targets, "bits per weight", 1, 32, "",
          "recommend for a device: the fewest nominal bits per weight a model's format may have (4: Q4_K_M and wider; docs/recommend.md)", "", "",
          false},
         &Scenario::min_bits, Emit::non_default},
        {{"currency", T::enumeration, G::cost_inputs, "", 0, 0, "USD,CNY", "the currency of every price and cost", "", "", false},
         Str{&Scenario::currency, Text::upper}},
        {{"market", T::enumeration, G::cost_inputs, "", 0, 0, "auto,us,cn,used",
          "whose device prices: us (the US street price, else the launch price), cn (the Chinese market's, in CNY), used (second-hand); "
          "auto: cn with currency CNY, else us. A device without that market's price falls back to its US price (street, else launch), said "
          "in a warning",
          "", "", false},
         Str{&Scenario::market, Text::lower}},
        {{"exchange_rate", T::number, G::cost_inputs, "CNY per USD", 0.01, 1000, "", "converts the catalog's USD prices when currency is CNY", "", "",
          false},
         &Scenario::exchange_rate, Emit::always, is_cny},
        {{"price", T::number, G::cost_inputs, "currency", 0, 1e10, "", "the hardware price", "the devices' launch prices x gpus", "", false},
         &Scenario::price, Emit::non_default},
        {{"lifetime_years", T::number, G::cost_inputs, "years", 0.01, 50, "", "years to amortize the hardware over", "", "", false},
         &Scenario::lifetime_years},
        {{"utilization", T::number, G::cost_inputs, "share of the day", 0.0001, 1, "", "share of the day the machine works on tasks", "", "", false},
         &Scenario::utilization},
        {{"power_w", T::number, G::cost_inputs, "W", 0, 1e7, "", "whole-system power under load", "the devices' TDP x gpus + 100 W for the host", "",
          false},
         &Scenario::power_w, Emit::non_default},
        {{"idle_power_w", T::number, G::cost_inputs, "W", 0, 1e7, "", "whole-system power when idle", "20% of the power under load", "", false},
         &Scenario::idle_power_w, Emit::non_default},
        {{"kwh_price", T::number, G::cost_inputs, "currency per kWh", 0, 100, "", "electricity price", "0.16 USD or 0.56 CNY per kWh", "", false},
         &Scenario::kwh_price, Emit::non_default},
        {{"pue", T::number, G::cost_inputs, "", 1, 5, "", "datacenter power usage effectiveness (1: none)", "", "", false}, &Scenario::pue,
         Emit::non_default},
        {{"residual_value", T::number, G::cost_inputs, "share of the price", 0, 1, "", "share of the price recovered at the end of life", "", "", false},
         &Scenario::residual_value, Emit::non_default},
        {{"api", T::id, G::cost_inputs, "", 0, 0, "apis",
          "a cloud API to compare with, from the dated price table (`headroom apis` lists them): its input, cached-input and output prices "
          "per million tokens (empty: none)", "", "", false},
         Str{&Scenario::api, Text::lower}, Emit::non_default},
        {{"api_price_per_mtok", T::number, G::cost_inputs, "currency per 1M output tokens", 0, 1e6, "",
          "a cloud API's price per million output tokens, typed instead of api (0: no comparison)", "", "", false},
         &Scenario::api_price_per_mtok, Emit::non_default},
        {{"rent", T::id, G::cost_inputs, "", 0, 0, "rentals",
          "renting the same GPUs, from the dated rental table (`headroom rentals` lists them): a platform/gpu id, or auto for the cheapest "
          "in the market's currency (empty: none)", "", "", false},
         Str{&Scenario::rent, Text::lower}, Emit::non_default},
        {{"cloud_gpu_per_hour", T::number, G::cost_inputs, "currency per hour", 0, 1e6, "",
          "renting comparable GPU capacity per hour, typed instead of rent (0: no comparison)", "", "", false},
         &Scenario::cloud_gpu_per_hour, Emit::non_default},
        {{"task_out_zh_chars", T::integer, G::task, "characters", 0, kMaxTokens, "",
          "the answer's length in Chinese characters, instead of task_out_tokens (x0.6 tokens)", "", "", false},
         &Scenario::task_out_zh_chars, Emit::non_default},
        {{"task_out_en_words", T::integer, G::task, "words", 0, kMaxTokens, "",
          "the answer's length in English words, instead of task_out_tokens (x4/3 tokens)", "", "", false},
         &Scenario::task_out_en_words, Emit::non_default},
        {{"lora_rank", T::integer, G::finetune, "", 1, 65536, "", "LoRA rank (mode lora, qlora)", "", "", false}, &Scenario::lora_rank,
         Emit::always, is_lora},
        {{"grad_checkpointing", T::boolean, G::finetune, "", 0, 0, "", "recompute activations in the backward pass (fine-tuning)", "", "", false},
         &Scenario::grad_checkpointing, Emit::always, is_training},
        // Last: a claims file rewrites the host's rates and claims_applied, whatever else the scenario says.
        {{"claims", T::file, G::where, "", 0, 0, "",
          "a headroom-stream claims file (--backend cuda): its measured PCIe and disk rates replace the host's", "the host's stated rates",
          "calibrate", false},
         Custom{set_claims, nullptr}, Emit::never},
    };
    return r;
}

const Scenario& defaults() {
    static const Scenario s{};
    return s;
}

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

template <class E>
E parse_enum(const json& v, const Field& f, std::optional<E> (*parse)(std::string_view)) {
    const std::string key(f.key);
    auto e = parse(to_str(v, key));
    if (!e) fail(key, "not_accepted", {{"accepted", list_text(f.values)}, {"got", detail::utf8_prefix(v.get<std::string>(), 32)}});
    return *e;
}

void set_field(Scenario& s, const Row& row, const json& v) {
    const Field& f = row.f;
    const std::string key(f.key);
    std::visit(overloaded{
                   [&](const Str& m) {
                       std::string t = to_str(v, key, f.type == T::string ? 256 : 128);
                       if (m.text == Text::lower) t = detail::lower(t);
                       if (m.text == Text::upper) t = detail::upper(t);
                       s.*(m.m) = std::move(t);
                   },
                   [&](int64_t Scenario::*m) { s.*m = to_int(v, key, f.unit == "tokens"); },
                   [&](double Scenario::*m) { s.*m = to_double(v, key); },
                   [&](bool Scenario::*m) { s.*m = to_bool(v, key); },
                   [&](std::optional<int64_t> Scenario::*m) { s.*m = to_int(v, key, f.unit == "tokens"); },
                   [&](std::optional<double> Scenario::*m) { s.*m = to_double(v, key); },
                   [&](Engine Scenario::*m) { s.*m = parse_enum<Engine>(v, f, parse_engine); },
                   [&](Backend Scenario::*m) { s.*m = parse_enum<Backend>(v, f, parse_backend); },
                   [&](Mode Scenario::*m) { s.*m = parse_enum<Mode>(v, f, parse_mode); },
                   [&](Method Scenario::*m) { s.*m = parse_enum<Method>(v, f, parse_method); },
                   [&](Placement Scenario::*m) { s.*m = parse_enum<Placement>(v, f, parse_placement); },
                   [&](const Custom& c) { c.set(s, v); },
               },
               row.b);
}

// The field's value as JSON, and whether it differs from the default scenario's.
struct Value {
    ojson j;
    bool non_default = false;
};
Value value_of(const Scenario& s, const Row& row) {
    const Scenario& d = defaults();
    return std::visit(overloaded{
                          [&](const Str& m) { return Value{s.*(m.m), s.*(m.m) != d.*(m.m)}; },
                          [&](int64_t Scenario::*m) { return Value{s.*m, s.*m != d.*m}; },
                          [&](double Scenario::*m) { return Value{s.*m, s.*m != d.*m}; },
                          [&](bool Scenario::*m) { return Value{s.*m, s.*m != d.*m}; },
                          [&](std::optional<int64_t> Scenario::*m) { return (s.*m) ? Value{*(s.*m), true} : Value{}; },
                          [&](std::optional<double> Scenario::*m) { return (s.*m) ? Value{*(s.*m), true} : Value{}; },
                          [&](Engine Scenario::*m) { return Value{std::string(to_string(s.*m)), s.*m != d.*m}; },
                          [&](Backend Scenario::*m) { return Value{std::string(to_string(s.*m)), s.*m != d.*m}; },
                          [&](Mode Scenario::*m) { return Value{std::string(to_string(s.*m)), s.*m != d.*m}; },
                          [&](Method Scenario::*m) { return Value{std::string(to_string(s.*m)), s.*m != d.*m}; },
                          [&](Placement Scenario::*m) { return Value{std::string(to_string(s.*m)), s.*m != d.*m}; },
                          [&](const Custom&) { return Value{}; },
                      },
                      row.b);
}

bool alias_of(const Field& f, std::string_view k) {
    for (std::string_view a : list_items(f.aliases))
        if (a == k) return true;
    return false;
}

const Row* find_row(std::string_view k) {
    for (const Row& r : rows())
        if (r.f.key == k || alias_of(r.f, k)) return &r;
    return nullptr;
}

std::string accepted_keys() {
    std::string out;
    for (const Row& r : rows()) out += (out.empty() ? "" : ", ") + std::string(r.f.key);
    return out;
}

}  // namespace

const std::vector<Field>& scenario_fields() {
    static const std::vector<Field> f = [] {
        std::vector<Field> out;
        for (const Row& r : rows()) out.push_back(r.f);
        return out;
    }();
    return f;
}

const Field* find_field(std::string_view key) {
    const Row* r = find_row(key);
    if (!r) return nullptr;
    for (const Field& f : scenario_fields())
        if (f.key == r->f.key) return &f;
    return nullptr;
}

std::vector<std::string_view> list_items(std::string_view list) {
    std::vector<std::string_view> out;
    while (!list.empty()) {
        const size_t c = list.find(',');
        out.push_back(list.substr(0, c));
        if (c == std::string_view::npos) break;
        list.remove_prefix(c + 1);
    }
    return out;
}

namespace {
// Whether `item` is one of list_items(list), without building the list (validate_fields runs in every evaluate).
bool list_has(std::string_view list, std::string_view item) {
    while (!list.empty()) {
        const size_t c = list.find(',');
        if (list.substr(0, c) == item) return true;
        if (c == std::string_view::npos) break;
        list.remove_prefix(c + 1);
    }
    return false;
}
}  // namespace

std::string list_text(std::string_view list) {
    std::string out;
    for (std::string_view x : list_items(list)) out += (out.empty() ? "" : ", ") + std::string(x);
    return out;
}

std::string cli_option(const Field& f) {
    std::string o = "--" + std::string(f.key);
    for (char& c : o)
        if (c == '_') c = '-';
    return o;
}

std::string default_text(const Field& f) {
    if (f.optional()) return "";
    if (f.key == "host") return host_text(defaults().host);
    if (f.key == "model") return defaults().model;
    if (f.key == "gpu") return defaults().gpu;
    if (f.type == T::file || f.type == T::spec) return "";
    const Row* r = find_row(f.key);
    const ojson j = value_of(defaults(), *r).j;
    if (j.is_string()) return j.get<std::string>();
    if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
    if (j.is_null()) return "";
    return j.is_number_integer() ? std::to_string(j.get<int64_t>()) : detail::fmt_num(j.get<double>());
}

std::string_view to_string(FieldType t) {
    switch (t) {
        case T::id: return "id";
        case T::enumeration: return "enum";
        case T::integer: return "integer";
        case T::number: return "number";
        case T::boolean: return "boolean";
        case T::string: return "string";
        case T::spec: return "spec";
        case T::file: return "file";
    }
    return "?";
}

std::string_view to_string(FieldGroup g) {
    switch (g) {
        case G::what_runs: return "what_runs";
        case G::where: return "where";
        case G::how: return "how";
        case G::finetune: return "finetune";
        case G::task: return "task";
        case G::cost_inputs: return "cost_inputs";
        case G::targets: return "targets";
        case G::check: return "check";
    }
    return "?";
}

Scenario scenario_from_json(std::string_view text) {
    if (text.size() > kMaxScenarioBytes) fail("scenario", "scenario_too_big", {});
    detail::check_json_depth(text, "scenario");
    const json j = detail::parse_json(text);
    if (j.is_discarded() || !j.is_object()) fail("scenario", "scenario_not_object", {});
    // Every key is a field, an alias of one (given once), or an informational echo of a report.
    std::vector<const json*> given(rows().size(), nullptr);
    // In the keys' sorted order (the first unknown key named is the same whatever the document's order).
    std::vector<json::const_iterator> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it);
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.key() < b.key(); });
    for (const auto& it : keys) {
        const std::string& k = it.key();
        if (k == "config_model" || k == "gguf_file" || k == "schema") continue;
        const Row* r = find_row(k);
        // An unknown key is the field it names, except "internal": that field is reserved for the boundary's
        // own failures (evaluate_json), and a key spelled so must not look like one.
        if (!r)
            fail(k == "internal" ? std::string("scenario") : k.substr(0, 32), "unknown_key",
                 {{"key", detail::utf8_prefix(k, 32)}, {"accepted", accepted_keys()}});
        const size_t i = size_t(r - rows().data());
        if (given[i] && !it.value().is_null() && !given[i]->is_null())
            fail(std::string(r->f.key), "given_twice", {{"key", std::string(r->f.key)}, {"alias", std::string(r->f.aliases)}});
        if (!given[i] || given[i]->is_null()) given[i] = &it.value();
    }
    Scenario s;
    for (size_t i = 0; i < rows().size(); ++i)
        if (given[i] && !given[i]->is_null()) set_field(s, rows()[i], *given[i]);
    const auto at = [&](const char* k) { return given[size_t(find_row(k) - rows().data())] != nullptr; };
    if (s.custom_model && at("model") && s.model != "custom") fail("model", "model_config_params", {});
    if (int(at("config")) + int(at("params_b")) + int(at("gguf")) > 1) fail(at("gguf") ? "gguf" : "config", "model_config_params", {});
    return s;
}

namespace detail {

ojson scenario_object(const Scenario& s) {
    ojson j;
    for (const Row& r : rows()) {
        if (r.emit == Emit::never) continue;
        if (const auto* c = std::get_if<Custom>(&r.b)) {
            if (c->emit) c->emit(s, j);
            continue;
        }
        if (r.when && !r.when(s)) continue;
        Value v = value_of(s, r);
        if (r.when || r.emit == Emit::always || v.non_default) j[std::string(r.f.key)] = std::move(v.j);
    }
    return j;
}

namespace {
// validate_fields' checks, one function a kind of field: the loop over the rows stays a few instructions long.
// (V8 charges a loop's whole body to a function's tier-up budget on every turn: with each check inline, the
// loop's ~60 turns in each of a first evaluate's ~15 validations made validate_fields the one function V8
// recompiled with its optimizing tier during that call, ~7 ms of a second thread on 2 cores: docs/performance.md.)
[[gnu::noinline]] std::optional<InputError> check_id(const Field& f, const Scenario& s) {
    const Catalog& cat = catalog();
    if (f.key == "model" && !s.custom_model && !cat.find_model(s.model)) {
        const std::string near = did_you_mean(s.model);
        return refusal(f.key, near.empty() ? "unknown_model" : "unknown_model_near", {{"model", utf8_prefix(s.model, 64)}, {"near", near}});
    }
    if (f.key == "gpu" && !s.custom_device) {
        const std::vector<std::string> parts = mixed_ids(s.gpu);
        if (parts.size() > 16) return refusal(f.key, "too_many_devices");
        for (const std::string& id : parts.empty() ? std::vector<std::string>{s.gpu} : parts)
            if (!cat.find_device(id)) {
                const std::string near = did_you_mean_device(id);
                Params p{{"device", utf8_prefix(id, 64)}, {"gpu", utf8_prefix(s.gpu, 64)}};
                if (!near.empty()) p.push_back({"near", near});
                return refusal(f.key, parts.empty() ? (near.empty() ? "unknown_device" : "unknown_device_near")
                                                    : (near.empty() ? "unknown_device_in" : "unknown_device_in_near"), std::move(p));
            }
    }
    if (f.key == "draft_model" && s.speculative == "draft") {
        if (s.draft_model.empty()) return refusal(f.key, "draft_model_missing");
        if (!cat.find_model(s.draft_model)) {
            const std::string near = did_you_mean(s.draft_model);
            return refusal(f.key, near.empty() ? "unknown_model" : "unknown_model_near", {{"model", utf8_prefix(s.draft_model, 64)}, {"near", near}});
        }
    }
    if (f.key == "quant" && !cat.find_weight_format(s.quant))
        return refusal(f.key, "unknown_format", {{"quant", utf8_prefix(s.quant, 64)}});
    if (f.key == "api" && !s.api.empty() && !cat.find_api(s.api)) {
        const std::string near = detail::did_you_mean_api(s.api);
        return refusal(f.key, near.empty() ? "unknown_api" : "unknown_api_near", {{"api", utf8_prefix(s.api, 64)}, {"near", near}});
    }
    if (f.key == "rent" && !s.rent.empty() && s.rent != "auto" && !cat.find_rental(s.rent))
        return refusal(f.key, "unknown_rental", {{"rent", utf8_prefix(s.rent, 64)}});
    if (f.key == "kv_quant" && !cat.find_kv_format(s.kv_quant)) {
        std::string ids;
        for (const KvFormat& k : cat.kv_formats) ids += (ids.empty() ? "" : ", ") + k.id;
        return refusal(f.key, "unknown_kv_format", {{"kv_quant", utf8_prefix(s.kv_quant, 64)}, {"accepted", ids}});
    }
    return std::nullopt;
}

[[gnu::noinline]] std::optional<InputError> check_enumeration(const Field& f, const std::string& v) {
    if (list_has(f.values, v)) return std::nullopt;
    return refusal(f.key, "not_accepted", {{"accepted", list_text(f.values)}, {"got", utf8_prefix(v, 16)}});
}

[[gnu::noinline, gnu::cold]] std::optional<InputError> range_error(const Field& f, double x) {
    const std::string unit = !f.unit.empty() && f.unit != "currency" ? " " + std::string(f.unit) : std::string();
    return refusal(f.key, f.optional() ? "out_of_range_auto" : "out_of_range",
                   {{"field", std::string(f.key)}, {"min", fmt_num(f.min)}, {"max", fmt_num(f.max)}, {"unit_en", unit},
                    {"auto_en", std::string(f.auto_text)}, {"got", fmt_num(x)}});
}

[[gnu::noinline]] std::optional<InputError> check_number(const Row& r, const Scenario& s) {
    const Field& f = r.f;
    // The number itself, without building a JSON value (this runs in every evaluate).
    std::optional<double> num;
    if (const auto* m = std::get_if<int64_t Scenario::*>(&r.b)) num = double(s.**m);
    else if (const auto* m2 = std::get_if<double Scenario::*>(&r.b)) num = s.**m2;
    else if (const auto* m3 = std::get_if<std::optional<int64_t> Scenario::*>(&r.b)) { if (s.**m3) num = double(*(s.**m3)); }
    else if (const auto* m4 = std::get_if<std::optional<double> Scenario::*>(&r.b)) num = s.**m4;
    if (!num) return std::nullopt;   // an optional left out, or params_b (checked where the shape is inferred)
    const double x = *num;
    if (!(std::isfinite(x) && x >= f.min && x <= f.max)) return range_error(f, x);
    return std::nullopt;
}
}  // namespace

std::optional<InputError> validate_fields(const Scenario& s) {
    for (const Row& r : rows()) {   // (no optional<InputError> made per row: zeroing it was a fifth of a native evaluate)
        const Field& f = r.f;
        if (f.type == T::id) {
            if (auto e = check_id(f, s)) return e;
        } else if (f.type == T::enumeration && std::holds_alternative<Str>(r.b)) {
            if (auto e = check_enumeration(f, s.*(std::get<Str>(r.b).m))) return e;
        } else if (f.type == T::integer || f.type == T::number) {
            if (auto e = check_number(r, s)) return e;
        }
    }
    return std::nullopt;
}

}  // namespace detail

// ---- report keys ----------------------------------------------------------------------------------------

const std::vector<ReportKey>& report_keys() {
    static const std::vector<ReportKey> k = {
        {"schema", "", "\"headroom.report/1\""},
        {"scenario", "", "the normalized input: the scenario fields above that apply, same keys as the URL"},
        {"scenario.config_model", "", "the name of a model read from a config.json (model is then \"custom\")"},
        {"scenario.gguf_file", "", "the name of the GGUF file the model was read from (model is then \"custom\")"},
        {"model", "", "the resolved model"},
        {"model.id", "", "catalog id, or \"custom\""},
        {"model.name", "", "display name"},
        {"model.params_total", "parameters", "every parameter, computed from the shape"},
        {"model.params_active", "parameters", "parameters one token uses (MoE: shared parts + the routed experts it visits)"},
        {"model.n_layer", "layers", "decoder layers"},
        {"model.n_embd", "", "hidden size"},
        {"model.n_head", "", "attention heads"},
        {"model.n_head_kv", "", "key/value heads"},
        {"model.head_dim", "", "dimension of one head"},
        {"model.n_vocab", "tokens", "vocabulary size"},
        {"model.max_ctx", "tokens", "the model's trained context length"},
        {"model.attention", "", "mha, gqa, mla, or compressed (DeepSeek-V4: a sliding window and compressed entries; docs/sizing.md)"},
        {"model.n_expert", "", "routed experts per MoE layer"},
        {"model.n_expert_used", "", "routed experts a token visits"},
        {"model.swa_window", "tokens", "sliding-window size"},
        {"model.n_layer_swa", "layers", "layers with sliding-window attention"},
        {"model.layer_mixer", "", "hybrids: one character per layer, its token mixer: A attention, S windowed attention (sliding or chunked), L linear attention (Gated DeltaNet), M Mamba-2, m Mamba-1, P attention and Mamba-2 in parallel, X cross-attention to an image, C short convolution, B block-sparse attention over the blocks its own indexer picks (MiniMax-M3), a attention reusing the previous indexer layer's picks (GLM-5.2/5.3), K and H compressed attention (DeepSeek-V4: one entry per 4 tokens picked by an indexer, one per 128), - none; absent for a plain transformer"},
        {"model.layer_ffn", "", "one character per layer, its feed-forward block: D dense, E experts, - none; absent when the layers are uniform (or only a dense lead)"},
        {"model.n_layer_mtp", "layers", "multi-token-prediction layers in the checkpoint (not loaded unless speculative decoding uses them)"},
        {"model.params_mtp", "parameters", "their parameters, not in params_total"},
        {"model.params_vision", "parameters", "the vision / audio encoder and projector, estimated from vision_config / audio_config, not in params_total"},
        {"model.release_date", "YYYY-MM-DD", "when the weights were first published (catalog models)"},
        {"model.hf_repo", "", "the Hugging Face repository (catalog models)"},
        {"model.modelscope_repo", "", "the same weights on ModelScope (modelscope.cn), where published: reachable from mainland China"},
        {"model.source", "", "where the shape comes from"},
        {"model.gguf", "", "a model read from a GGUF header (--gguf): what the file holds"},
        {"model.gguf.file", "", "the file's name"},
        {"model.gguf.file_bytes", "bytes", "the file's size (all shards)"},
        {"model.gguf.tensor_bytes", "bytes", "every tensor's bytes; memory.weights_bytes is these less MTP layers and an encoder inside the file"},
        {"model.gguf.tensors", "", "tensors in the header"},
        {"model.gguf.file_type", "", "llama.cpp's name for general.file_type (Q4_K_M, MXFP4_MOE, ...), absent when the file has none"},
        {"model.gguf.shards", "", "files of a split model (absent: one)"},
        {"model.gguf.chat_template", "", "the header holds a chat template"},
        {"model.gguf.mtp_bytes", "bytes", "MTP layers in the file (not loaded)"},
        {"model.gguf.vision_bytes", "bytes", "a vision/audio encoder inside the file (loaded with images)"},
        {"model.gguf.types", "bytes", "bytes per ggml tensor type, largest first"},
        {"model.repo", "", "a model read from a Hugging Face repository folder (--config DIR): what it holds"},
        {"model.repo.folder", "", "the folder's name"},
        {"model.repo.tensor_bytes", "bytes", "the weights' bytes: the safetensors headers' sum, else the index's total_size"},
        {"model.repo.bytes_exact", "", "true: every tensor's bytes from the headers; false: the index's total split by the shape (warning repo_bytes_estimated_split)"},
        {"model.repo.tensors", "", "tensors listed (absent: unknown)"},
        {"model.repo.shards", "", "safetensors files (absent: one)"},
        {"model.repo.mtp_bytes", "bytes", "MTP layers in the checkpoint (not loaded)"},
        {"model.repo.vision_bytes", "bytes", "the vision/audio tower (loaded with images)"},
        {"model.repo.types", "bytes", "bytes per safetensors dtype, largest first (empty: only the index was read)"},
        {"device", "", "the resolved device (one of `gpus`)"},
        {"device.id", "", "catalog id, or \"custom\""},
        {"device.name", "", "display name"},
        {"device.vendor", "", "nvidia, amd, apple, intel, cpu, huawei, moorethreads or hygon"},
        {"device.mem_bytes", "bytes", "physical memory of one device"},
        {"device.mem_bw_gbps", "GB/s", "peak memory bandwidth"},
        {"device.unified_memory", "", "CPU and GPU share the memory"},
        {"device.p2p_gbps", "GB/s", "GPU-to-GPU link per direction (NVLink, Infinity Fabric), when the part has one"},
        {"device.source", "", "the spec sheet"},
        {"devices", "", "a mixed machine (gpu a+b): each device in order, as device above (id, name, mem_bytes, mem_bw_gbps, source); absent when the devices are alike (device is then each of them, and also the first of a mixed machine)"},
        {"devices[].id", "", "catalog id"},
        {"devices[].name", "", "display name"},
        {"devices[].mem_bytes", "bytes", "its memory"},
        {"devices[].mem_bw_gbps", "GB/s", "its peak memory bandwidth"},
        {"devices[].source", "", "its spec sheet"},
        {"memory", "", "what the scenario needs"},
        {"memory.weights_bytes", "bytes", "the weights in their format"},
        {"memory.kv_cache_bytes", "bytes", "the KV cache for ctx x batch tokens"},
        {"memory.vision_bytes", "bytes", "the vision / audio encoder at 16 bits when images is set (llama.cpp's mmproj F16); absent otherwise"},
        {"memory.speculative_bytes", "bytes", "speculative decoding's drafter on the first device: the MTP layers (at the decoder layers' bytes per parameter) or the draft model, with its KV cache; absent without speculative"},
        {"memory.state_bytes", "bytes", "recurrent state of linear-attention, Mamba and short-convolution layers, and DeepSeek-V4's compressors' pending tokens: per sequence (x batch), not per token; absent when the model has none"},
        {"memory.activations_bytes", "bytes", "activations and compute buffers"},
        {"memory.overhead_bytes", "bytes", "runtime: CUDA context, allocator, graphs (rule of thumb: the x0.3)"},
        {"memory.gradients_bytes", "bytes", "fine-tuning: gradients"},
        {"memory.optimizer_bytes", "bytes", "fine-tuning: optimizer states"},
        {"memory.total_bytes", "bytes", "the sum of the above"},
        {"memory.capacity_bytes", "bytes", "what all the devices together may use"},
        {"memory.host_bytes", "bytes", "weights and KV in host RAM (offload, stream, cpu-moe, llama.cpp's input embedding)"},
        {"memory.per_device", "", "one entry per device"},
        {"memory.per_device[].device", "", "the device id (#i when several)"},
        {"memory.per_device[].used_bytes", "bytes", "what it holds"},
        {"memory.per_device[].capacity_bytes", "bytes", "what it may use (Apple: the GPU working-set limit)"},
        {"fit", "", "whether and where it fits"},
        {"fit.fits", "", "true when every device and the host hold their share"},
        {"fit.headroom_bytes", "bytes", "smallest spare capacity over the devices (and host RAM); negative when it does not fit"},
        {"fit.placement", "", "gpu, offload, stream, cpu-moe or cpu: where the weights are"},
        {"fit.gpu_layers", "layers", "layers on the GPU(s)"},
        {"fit.total_layers", "layers", "layers of the model"},
        {"fit.n_cpu_moe", "layers", "cpu-moe: layers whose routed experts are in host RAM"},
        {"fit.max_ctx", "tokens", "inference: the largest context (a multiple of 256, up to the model's max_ctx) that fits with this placement (when nothing fits: with any), all else unchanged; 0 when none"},
        {"fit.max_batch", "sequences", "inference: the most sequences at this ctx that fit with this placement (up to 65536); 0 when none"},
        {"fit.max_batch_tokens_per_s", "tokens/s", "inference: all max_batch sequences together, decoding at the task with this placement (the serving throughput at that concurrency); 0 when max_batch is 0"},
        {"fit.min_gpus", "devices", "inference: the fewest of this device (up to 64) that hold it all on the GPUs and, with target_tokens_per_s, decode that fast; 0 when none (and on a CPU or a mixed machine; a unified-memory device: 1 or 0)"},
        {"speed", "", "inference that fits: how fast"},
        {"speed.decode_tokens_per_s", "tokens/s", "per sequence, at the task's average context (prompt + half the output, capped at ctx)"},
        {"speed.decode_ctx_tokens", "tokens", "the context decode_tokens_per_s is at"},
        {"speed.decode_zh_chars_per_s", "characters/s", "decode_tokens_per_s as Chinese characters a second, at 0.6 token a character (DeepSeek's API docs): 字/秒 for a Chinese answer"},
        {"speed.decode_tokens_per_s_at_full_ctx", "tokens/s", "per sequence, with the whole ctx in the cache (a one-turn task whose prompt fills ctx less the output, as `headroom curve` takes each point)"},
        {"speed.aggregate_tokens_per_s", "tokens/s", "all batch sequences together"},
        {"speed.prefill_tokens_per_s", "tokens/s", "prompt processing"},
        {"speed.time_to_first_token_s", "s", "a prompt of task_in_tokens"},
        {"speed.decode_bound", "", "memory_bandwidth, compute, pcie, disk, host_memory or interconnect"},
        {"speed.bound_tokens_per_s", "tokens/s", "what the bounding resource allows at 100% efficiency"},
        {"speed.bytes_per_token", "bytes", "read per decode step, all sequences, every tier"},
        {"speed.host_bytes_per_token", "bytes", "of which read from host RAM by the CPU"},
        {"speed.host_efficiency", "share", "share of the host's stated RAM bandwidth assumed"},
        {"speed.flops_per_token", "FLOP", "prefill FLOPs per prompt token"},
        {"speed.decode_efficiency", "share", "share of peak memory bandwidth assumed"},
        {"speed.prefill_efficiency", "share", "share of peak FP16 throughput assumed"},
        {"speed.calibration", "", "which fitted constants apply (docs/speed.md)"},
        {"speed.speculative.method", "", "speculative decoding (present only with it): mtp or draft; decode_tokens_per_s and bound_tokens_per_s include it"},
        {"speed.speculative.draft_model", "", "the draft model's catalog id (draft)"},
        {"speed.speculative.draft_tokens", "tokens", "k, tokens drafted per step (given, or the default: docs/speed.md)"},
        {"speed.speculative.accept_rate", "share", "a, each drafted token's chance to be accepted"},
        {"speed.speculative.accept_rate_basis", "", "given, or the published family rate it comes from (docs/speculative-sources.md), or mtp_median / draft_assumed"},
        {"speed.speculative.tokens_per_step", "tokens", "tokens one verification step yields: (1 - a^(k+1)) / (1 - a) (Leviathan et al. 2023)"},
        {"speed.speculative.verify_step_s", "s", "one step of the model over k + 1 tokens of each sequence"},
        {"speed.speculative.draft_step_s", "s", "one drafted token: the MTP layer and head, or the draft model's step"},
        {"speed.speculative.plain_tokens_per_s", "tokens/s", "decode without speculative decoding, the same scenario"},
        {"cost", "", "what a task costs on this hardware"},
        {"cost.currency", "", "USD or CNY"},
        {"cost.per_task", "currency", "hardware + energy for one task"},
        {"cost.per_million_output_tokens", "currency", "per million generated tokens"},
        {"cost.tasks_per_day", "tasks", "at the utilization, all sequences"},
        {"cost.max_tasks_per_day", "tasks", "at full use (utilization 1), all sequences: the most this hardware can do a day"},
        {"cost.hardware_per_task", "currency", "amortized hardware"},
        {"cost.energy_per_task", "currency", "electricity"},
        {"cost.per_month", "currency", "30 days of hardware and energy"},
        {"cost.hardware_per_day", "currency", "amortization per day"},
        {"cost.energy_per_day", "currency", "electricity per day"},
        {"cost.seconds_per_task", "s", "prefill + generation of one task, all turns"},
        {"cost.task_out_tokens", "tokens", "generated tokens per turn"},
        {"cost.price", "currency", "the hardware price used"},
        {"cost.price_market", "", "whose price: us (US street), cn (Chinese market), used (second-hand), launch (the launch price: the market has none), "
                                  "given (--price)"},
        {"cost.price_fallback", "", "true when a device's price is not from the market asked for (market, or cn for CNY, else us): "
                                    "its US price (street, else launch), converted; the price_fallback warning names the devices"},
        {"cost.price_date", "YYYY-MM or YYYY-MM-DD", "when the price was quoted (several devices: the oldest); absent for a given price"},
        {"cost.price_source", "", "where that price was read (URL); absent for a given price"},
        {"cost.api", "", "the price table's id of the API compared with (--api); absent when typed"},
        {"cost.api_input_per_mtok", "currency per 1M tokens", "its prompt price (converted to the currency)"},
        {"cost.api_cached_input_per_mtok", "currency per 1M tokens", "its cached-prompt price, where offered: the conversation's repeated prefix"},
        {"cost.api_output_per_mtok", "currency per 1M tokens", "its output price"},
        {"cost.api_price_date", "YYYY-MM or YYYY-MM-DD", "when the API price was published"},
        {"cost.api_source", "", "where the API price was read (URL)"},
        {"cost.api_per_task", "currency", "the API's price for the same task (every turn's prompt, cached prefix and answer)"},
        {"cost.break_even_tasks_per_day", "tasks", "local is cheaper above this (0: never)"},
        {"cost.rent", "", "the rental table's id compared with (--rent); absent when typed"},
        {"cost.rent_per_gpu_hour", "currency per hour", "one GPU rented for an hour (the table's price, converted to the currency)"},
        {"cost.rent_per_hour", "currency per hour", "the machine's GPUs rented for an hour (rent_per_gpu_hour x the devices)"},
        {"cost.rent_price_date", "YYYY-MM or YYYY-MM-DD", "when the rental price was published"},
        {"cost.rent_source", "", "where the rental price was read (URL)"},
        {"cost.cloud_gpu_per_task", "currency", "renting the GPUs for the task's time"},
        {"cost.break_even_vs_rent_tasks_per_day", "tasks", "owning is cheaper above this (0: never)"},
        {"verdict", "", "check: a claim against the estimate and the physical bound"},
        {"verdict.verdict", "", "impossible, optimistic, plausible or conservative"},
        {"verdict.claim", "", "tokens_per_s or fits"},
        {"verdict.claim_tokens_per_s", "tokens/s", "the claimed speed"},
        {"verdict.estimate_tokens_per_s", "tokens/s", "headroom's estimate"},
        {"verdict.bound_tokens_per_s", "tokens/s", "the physical bound"},
        {"verdict.ratio_to_estimate", "", "claim / estimate"},
        {"verdict.ratio_to_bound", "", "claim / bound"},
        {"verdict.message", "", "the verdict in a sentence (English)"},
        {"verdict.code", "", "the sentence's code (`headroom messages` lists each code's template and parameters)"},
        {"verdict.params", "", "the sentence's parameters by name, formatted: a translation fills its own template with them"},
        {"launch", "", "inference that fits: the command line that runs this scenario (docs/launch.md)"},
        {"launch.tool", "", "llama-server (engines llama.cpp and generic), ik_llama.cpp (its own llama-server), ollama, vllm, sglang, trtllm-serve, mlx_lm, ktransformers or transformers"},
        {"launch.command", "", "one line with the scenario's context (-c: ctx x batch with -np batch), layers (-ngl), experts (--n-cpu-moe), split (--tensor-split) and KV-cache type; vllm: --max-model-len, --tensor-parallel-size, --gpu-memory-utilization, --max-num-seqs; sglang: --context-length, --tp-size, --mem-fraction-static, --max-running-requests; trtllm-serve: --max_seq_len, --tp_size, --max_batch_size, --kv_cache_free_gpu_memory_fraction; ollama: the server's environment (OLLAMA_CONTEXT_LENGTH, OLLAMA_NUM_PARALLEL, OLLAMA_KV_CACHE_TYPE); mlx_lm: mlx_lm.convert for a quantized format, then mlx_lm.server; ktransformers: its server with --gguf_path, --optimize_config_path, --cpu_infer, --cache_lens, --max_batch_size (docs/launch.md). Empty when no engine runs the placement (stream)"},
        {"launch.note", "", "what the command cannot say; absent when nothing"},
        {"launch.note_code", "", "the note's code (`headroom messages`)"},
        {"launch.note_params", "", "the note's parameters by name"},
        {"launch.others", "", "the same scenario in other tools: [{tool, command, note}] (Ollama for GGUF engines, mlx_lm on a Mac)"},
        {"launch.others[].tool", "", "ollama or mlx_lm"},
        {"launch.others[].command", "", "its command line (Ollama: the server's environment; the context in a request is num_ctx)"},
        {"launch.others[].note", "", "what differs there (Ollama's own default context for this GPU memory)"},
        {"launch.others[].note_code", "", "the note's code (`headroom messages`)"},
        {"launch.others[].note_params", "", "the note's parameters by name"},
        {"warnings", "", "what the numbers rest on, and what headroom did not understand"},
        {"warnings[].code", "", "stable code for faces to translate"},
        {"warnings[].message", "", "English text with the numbers"},
        {"warnings[].params", "", "the numbers and names in the message, by parameter name, formatted (`headroom messages` lists each code's "
                                  "template): a translation fills its own template with them"},
        {"recommendations", "", "recommend: ranked best first; each entry holds scenario, device, memory, fit, speed, cost as above"},
        {"recommendations[].model", "", "id, name, params_total of the model"},
        {"recommendations[].config_price_usd", "USD", "launch price of the devices x count (0: none published)"},
        {"recommendations[].release_date", "", "YYYY-MM-DD the model's weights were first published; empty when unknown"},
        {"ladder_placement", "", "ladder: where the ladder fits each format (the scenario's placement; for auto all on the GPU(s), the CPU on a CPU host)"},
        {"ladder", "", "ladder: per weight format, widest first: the common GGUF types for llama.cpp and generic, the PyTorch checkpoints for vllm and transformers, and the scenario's own"},
        {"ladder[].quant", "", "the weight format"},
        {"ladder[].bits", "bits per weight", "its nominal bits"},
        {"ladder[].weights_bytes", "bytes", "the weights in that format"},
        {"ladder[].max_ctx", "tokens", "the largest context that fits (a multiple of 256, up to the model's max_ctx); 0 when not even 256"},
        {"ladder[].decode_tokens_per_s", "tokens/s", "decode at the scenario's task and ctx; 0 when the scenario's ctx does not fit"},
        {"kv_ladder", "", "ladder: the scenario's weight format with each KV-cache format (llama.cpp: f16, q8_0, q4_0; PyTorch engines: bf16, fp8)"},
        {"kv_ladder[].kv_quant", "", "the KV-cache format"},
        {"kv_ladder[].bits", "bits per element", "its bits per cached element"},
        {"kv_ladder[].max_ctx", "tokens", "the largest context that fits with it"},
        {"kv_ladder[].decode_tokens_per_s", "tokens/s", "decode at the scenario's task and ctx; 0 when that does not fit"},
    };
    return k;
}

namespace {
ojson field_json(const Field& f) {
    ojson o;
    o["key"] = f.key;
    o["type"] = to_string(f.type);
    if (f.type == T::id) o["catalog"] = f.values;
    if (f.type == T::enumeration) {
        ojson v = ojson::array();
        for (std::string_view x : list_items(f.values)) v.push_back(std::string(x));
        o["values"] = v;
    }
    if (f.type == T::integer || f.type == T::number) {
        o["min"] = f.min;
        o["max"] = f.max;
    }
    o["unit"] = f.unit;
    const Row* r = find_row(f.key);
    if (f.optional()) {
        o["default"] = nullptr;
        o["auto"] = f.auto_text;
    } else if (f.type == T::file) {
        o["default"] = nullptr;
    } else {
        const Value v = value_of(defaults(), *r);
        o["default"] = v.j.is_null() ? ojson(default_text(f)) : v.j;
    }
    o["group"] = to_string(f.group);
    o["sweep"] = f.sweep;
    o["echo"] = f.echo;
    o["cli"] = cli_option(f);
    ojson al = ojson::array();
    for (std::string_view x : list_items(f.aliases)) al.push_back(std::string(x));
    o["aliases"] = al;
    o["help"] = f.help;
    return o;
}
}  // namespace

std::string schema_json() {
    ojson j;
    j["schema"] = "headroom.schema/1";
    j["version"] = std::string(version());
    ojson groups = ojson::array();
    for (G g : {G::what_runs, G::where, G::how, G::finetune, G::task, G::cost_inputs, G::targets, G::check})
        groups.push_back(ojson{{"id", to_string(g)}});
    j["groups"] = groups;
    ojson fields = ojson::array();
    for (const Field& f : scenario_fields()) fields.push_back(field_json(f));
    j["fields"] = fields;
    ojson rk = ojson::array();
    for (const ReportKey& k : report_keys()) rk.push_back(ojson{{"path", k.path}, {"unit", k.unit}, {"meaning", k.meaning}});
    j["report"] = rk;
    return j.dump();
}

std::string schema_markdown() {
    std::string o = "| key | CLI option | type | unit | accepted | default | group | sweeps | meaning |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const Field& f : scenario_fields()) {
        std::string accepted;
        if (f.type == T::integer || f.type == T::number) accepted = detail::fmt_num(f.min) + ".." + detail::fmt_num(f.max);
        else if (f.type == T::enumeration) accepted = f.values;
        else if (f.type == T::id) accepted = "an id of `" + std::string(f.values) + "`";
        else if (f.type == T::boolean) accepted = "true, false";
        std::string cli = "`" + cli_option(f) + "`";
        std::string key = "`" + std::string(f.key) + "`";
        for (std::string_view a : list_items(f.aliases)) {
            Field alias = f;
            alias.key = a;
            key += ", `" + std::string(a) + "` (old)";
            cli += ", `" + cli_option(alias) + "`";
        }
        for (char& ch : accepted)
            if (ch == '|') ch = '/';
        const std::string dflt = f.optional() ? "(" + std::string(f.auto_text) + ")" : default_text(f);
        o += "| " + key + " | " + cli + " | " + std::string(to_string(f.type)) + " | " + std::string(f.unit) + " | " + accepted + " | " +
             (dflt.empty() ? "" : "`" + dflt + "`") + " | " + std::string(to_string(f.group)) + " | " + (f.sweep ? "yes" : "") + " | " +
             std::string(f.help) + " |\n";
    }
    o += "\n| report key | unit | meaning |\n|---|---|---|\n";
    for (const ReportKey& k : report_keys())
        o += "| `" + std::string(k.path) + "` | " + std::string(k.unit) + " | " + std::string(k.meaning) + " |\n";
    return o;
}

std::string fuzz_dictionary() {
    std::string o;
    std::vector<std::string> seen;
    auto add = [&](const std::string& s) {
        for (const auto& x : seen)
            if (x == s) return;
        seen.push_back(s);
        o += "\"\\\"" + s + "\\\"\"\n";   // a JSON string token: "\"ctx\""
    };
    for (const Field& f : scenario_fields()) {
        add(std::string(f.key));
        for (std::string_view a : list_items(f.aliases)) add(std::string(a));
        if (f.type == T::enumeration)
            for (std::string_view v : list_items(f.values)) add(std::string(v));
    }
    return o;
}

}  // namespace headroom
