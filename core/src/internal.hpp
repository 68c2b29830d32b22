// Internal helpers shared by the core's translation units. Not installed.
#pragma once
#include <initializer_list>
#include <utility>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headroom/headroom.hpp"

namespace headroom {

std::optional<Vendor> parse_vendor(std::string_view s);

namespace detail {
extern const char* const embedded_presets_json;

// The model file readers a scenario's `config` and `gguf` keys go through (schema.cpp). model_readers() is
// defined alone in model_readers.cpp, so a program that defines its own is linked without the readers' code
// (hf_config.cpp, hf_repo.cpp, gguf_model.cpp): the page's first wasm module links model_readers_none.cpp,
// which refuses both keys, and leaves ~25 KB gzipped of code to the readers module (wasm/CMakeLists.txt).
struct ModelReaders {
    Model (*config)(std::string_view text);   // a config.json, or a repository folder's summary
    Model (*gguf)(std::string_view text);     // a GGUF file's summary
};
const ModelReaders& model_readers();

// Tokens per Chinese character (docs/cost.md): DeepSeek API docs, "1 个中文字符 ≈ 0.6 个 token". Used by the
// answer-length helper (task_out_zh_chars) and by speed.decode_zh_chars_per_s.
constexpr double kTokensPerZhChar = 0.6;

// Text utilities (text.cpp).
std::string fmt_num(double v);            // shortest round-trip-ish text for messages
std::string gb(int64_t bytes);            // "24.0 GB" (10^9 bytes; no decimal from 100 GB up): what a model needs
std::string gib(int64_t bytes);           // "18.6 GiB" (2^30 bytes): what a device holds, and what it is short or has to spare
std::string sig3(double v);               // three significant digits: 0.0117, 34.6
// printf's "%.*f" and "%.*g" of a double, exactly, without printf (text.cpp says why).
std::string printf_fixed(double v, int decimals);
std::string printf_general(double v, int precision);
std::string lower(std::string_view s);    // ASCII only
// strtod over the whole text (true when all of it is the number: strtod's end at the text's end), without strtod for
// a plain decimal that is exact in one operation (the common case: a scenario's 0.5, a host's 3.5 GB/s).
bool parse_number(std::string_view s, double& out);
std::string upper(std::string_view s);
// Lower case, letters and digits only: "MiniMax-M2", "minimax_m2" and "minimax-m2" are one key (ASCII).
std::string alnum_key(std::string_view s);

// Outside text that reaches a message or a report must stay valid UTF-8, or the JSON writer throws.
bool valid_utf8(std::string_view s);
std::string utf8_clean(std::string_view s);                 // each invalid byte replaced by '?'
std::string utf8_prefix(std::string_view s, size_t max);    // at most max bytes, never cutting a character
// Rejects JSON text nested deeper than max_depth (a linear scan, strings skipped) before it is parsed:
// nlohmann's dump() and the code walking a document recurse, and hostile nesting would exhaust the stack.
void check_json_depth(std::string_view text, const char* field, int max_depth = 32);

// Messages quote outside text cut at a byte count: cleaned, so an error can always be written as JSON.
[[noreturn]] inline void fail(std::string field, std::string message) {
    throw InputError{utf8_clean(field), utf8_clean(message), {}, {}};
}
// A coded sentence (headroom/messages.hpp): its English text rendered from the template, parameters cleaned.
inline Params clean_params(Params p) {
    for (Param& x : p)
        if (!valid_utf8(x.value)) x.value = utf8_clean(x.value);   // a valid value is its own cleaning
    return p;
}
// A message's parameters as a call site writes them, {{"name", value}, ...}: each value any text, copied into the
// Params out of line (text.cpp). Built at the call site, a Params is a vector, its strings and a copy of each: ~100
// bytes of code a parameter, in every function that can refuse or warn, which V8 compiles on its first call whether
// or not it refuses (docs/performance.md).
using ParamList = std::initializer_list<std::pair<const char*, std::string_view>>;
Params params(ParamList p);
InputError input_error(std::string field, const char* code, Params p);
InputError input_error(std::string field, const char* code, ParamList p);
[[noreturn]] void fail(std::string field, const char* code, Params p);
[[noreturn]] void fail(std::string field, const char* code, ParamList p);
// The same as a value, for the checks that return their first problem (validate, validate_fields).
std::optional<InputError> refusal(std::string_view field, const char* code, Params p);
std::optional<InputError> refusal(std::string_view field, const char* code, ParamList p = {});
// A warning, verdict or launch note: its code and parameters. Its English text is rendered once the report is
// complete, and only for a report that is shown (evaluate at Depth::full): a sweep's candidates never show theirs.
Warning warning(const char* code, Params p);
Warning warning(const char* code, ParamList p);
inline std::string num_text(int64_t v) { return std::to_string(v); }
// Whether the engine runs the model on n GPUs of a kind: vLLM, SGLang and TensorRT-LLM shard the attention heads, so n
// must divide them (vLLM's ModelConfig.verify_with_parallel_config: "Total number of attention heads (N) must be
// divisible by tensor parallel size (T)"); the others take any count. validate.cpp (tp_heads) and fit.min_gpus use it.
inline bool runs_on_gpus(Engine e, const Model& m, int64_t n) {
    return !tensor_parallel_engine(e) || m.n_head <= 0 || m.n_head % n == 0;
}

// A byte count computed in double, refused above 1e18 (an exabyte: ~10^6 x the largest machine) so that
// sums of a few of them stay far inside int64 whatever ctx x batch x shape the inputs multiply to.
constexpr double kMaxBytes = 1e18;
inline int64_t checked_bytes(double bytes, const char* what) {
    if (!(bytes <= kMaxBytes))
        fail("scenario", "too_many_bytes", {{"what_en", what}});
    return static_cast<int64_t>(bytes);
}

// Weight bytes of a model in a format, per placement unit.
struct WeightBytes {
    int64_t token_embd = 0;              // input embedding table
    int64_t token_embd_lookup = 0;       // of which only looked up, a row a token, even when tied (Gemma 3n's per-layer table)
    int64_t output = 0;                  // LM head (0 when tied) + final norm
    std::vector<int64_t> layer;          // per decoder layer
    std::vector<int64_t> layer_experts;  // of which routed experts (all of them); a token reads n_expert_used/n_expert
    int64_t layers_total = 0;
    // Parameters a token multiplies (params_active less the embedding lookups, params_lookup): speed counts 2 FLOPs
    // each. From the shape, also for a file's weights; kept here so that a memoized WeightBytes carries its count.
    int64_t params_matmul = 0;
    int64_t total() const { return token_embd + output + layers_total; }
};
WeightBytes weight_bytes(const Model& m, const WeightFormat& f);
// A model file's own bytes (Model::file: a GGUF header, a repository's safetensors), grouped the same way;
// params_matmul is m's (the model read from that file).
WeightBytes weight_bytes(const FileWeights& f, const Model& m);

// KV-cache bytes for one token in each layer, summed over layers, given a context (SWA layers cap at the window).
// Cross-attention layers cache an image's tokens only when the model sees one (`images`).
// The cells a sliding-window layer keeps at context `ctx` (the window; llama.cpp's engines one micro-batch more).
// ubatch < 0 (kSwaRead): the tokens a decode step attends to, the window itself.
constexpr int64_t kSwaRead = -1;
int64_t swa_cells(const Model& m, Engine engine, int64_t ctx, int64_t ubatch);
// `ubatch`: llama.cpp's micro-batch (llama_ubatch(s)), which its sliding-window cache keeps beside the window; kSwaRead
// for the bytes a decode step reads.
int64_t kv_cache_bytes(const Model& m, const KvFormat& kv, Engine engine, int64_t ctx, int64_t batch, bool images,
                       int64_t ubatch);
// Per-sequence recurrent state (linear attention, Mamba, short conv) of `batch` sequences, in the engine's dtype.
int64_t state_bytes(const Model& m, Engine engine, int64_t batch);
// DeepSeek-V4's layer kinds from compress_ratios, one per layer (a config.json's list, a GGUF's
// attention.compress_ratios; entries past n_layer are the MTP layers'): 0 'S' (window only), 4 'K' (compressed, with the
// indexer: vLLM attention.py, llama.cpp deepseek4.cpp), another ratio 'H' (one value for all). What does not fit (a
// negative entry: not an integer) is said in `unknown` and sized as window only. Sets m.kv_ratio_sparse / heavy.
void compressed_layer_kinds(const std::vector<int64_t>& ratios, Model& m, std::string& mixer, std::vector<std::string>& unknown);
// Engines whose decode reads only the entries the lightning indexer picks (DeepSeek V3.2 / V4, GLM-5): vLLM, SGLang and
// TensorRT-LLM gather them (FlashMLA's sparse kernels: vllm sparse_mla.py); llama.cpp masks the others and reads every
// entry (llama-graph.cpp build_attn with top_k: kq_mask_top_k; src/models/deepseek4.cpp), as transformers' eager
// attention does. sizing.cpp (the bytes a step reads), speed.cpp (attention FLOPs).
bool gathers_top_k(Engine e);
// Elements layer il caches per token (K and V together; MLA's latent and, where the layer has one, its indexer key).
int64_t kv_elements_per_token_layer(const Model& m, Engine engine, int il);

// Engines that run routed experts on the CPU with the rest on the GPU (llama.cpp --n-cpu-moe / -ot exps=CPU; KTransformers'
// optimize rules, which put every layer's routed experts on the CPU by default).
inline bool expert_offload_engine(Engine e) {
    return e == Engine::llama_cpp || e == Engine::generic || e == Engine::ik_llama_cpp || e == Engine::ktransformers;
}

// KTransformers' CPU kernel for the scenario's expert format: "AMX" (BF16, INT8 experts) or "llamafile" (GGUF); speed.cpp.
const char* kt_kernel_name(const Scenario& s);

// Where a placement strategy (evaluate.cpp) puts an inference scenario's bytes: what each device holds, what
// stays in host RAM, which layers run where, and whether it fits. The report shows it; speed reads it.
struct Placed {
    Placement placement = Placement::gpu;
    std::vector<int64_t> used;       // bytes on each device
    std::vector<int64_t> capacity;   // what each device may use
    std::vector<int> layer_device;   // split placements: the device each layer's weights are on (-1: host RAM); empty otherwise
    std::vector<Device> devices;     // mixed devices (--gpu a+b): each one, in order; empty when they are alike
    int64_t host_bytes = 0;          // in host RAM: weights (and the KV cache of layers kept there)
    int gpu_layers = 0;              // layers whose weights stay on the devices (stream: 0, read through the slots)
    int n_cpu_moe = 0;               // cpu-moe: the first layers, whose routed experts are in host RAM
    int stream_slots = 0;            // stream: layer slots of the ring; two let the next copy overlap compute
    bool from_disk = false;          // stream: the weights exceed host RAM and are read from disk
    bool fits = false;
    int64_t headroom_bytes = 0;      // the smallest spare over the devices (and host RAM where it must hold bytes)
    std::vector<Warning> warnings;   // what the placement says about itself
};

// Fills `out` for an inference scenario placed by `placed`, with speculative decoding when the scenario asks for it
// (speculative.cpp).
void estimate_speed(const Model& m, const Device& dev, const Scenario& s, const KvFormat& kvf, const WeightBytes& w,
                    const Placed& placed, Speed& out, std::vector<Warning>& warnings);
// The same without speculation (speed.cpp), a step running tokens_per_step tokens of each sequence at once.
void estimate_speed_plain(const Model& m, const Device& dev, const Scenario& s, const KvFormat& kvf, const WeightBytes& w,
                          const Placed& placed, Speed& out, std::vector<Warning>& warnings, int tokens_per_step = 1);

// Speculative decoding (speculative.cpp): tokens a verification step yields with k drafted at acceptance a; the
// acceptance rate the scenario's model family published (basis: its key, or an assumed median); the memory the
// drafter adds (the MTP layers with their KV cache, or the draft model's weights, KV cache and state).
struct SpecRate {
    double a = 0;
    std::string basis;
    bool assumed = false;
};
double spec_tokens_per_step(double a, int64_t k);
SpecRate spec_default_rate(const Model& m, const Scenario& s);
int64_t speculative_bytes(const Model& m, const Scenario& s, const WeightFormat& wf, const KvFormat& kvf);

// Fills `c` from an inference report with speed; false (and maybe a warning) when cost does not apply.
// seconds_per_task: the whole task (all turns), from the speed model.
bool estimate_cost(const Scenario& s, const Report& r, double seconds_per_task, Cost& c, std::vector<Warning>& warnings);
int64_t task_out_tokens(const Scenario& s);
// What "decode at a context of c tokens" means, once (curve.cpp): one turn whose prompt fills c less the output.
Scenario full_context_task(const Scenario& base, int64_t c);

// "qwen3-8b, qwen3-4b": the ids near an unknown model id, or "" when nothing is near (suggest.cpp).
std::string did_you_mean(std::string_view typed);
// "deepseek/deepseek-chat": API ids near an unknown one: the same provider's, or with the same model name (suggest.cpp).
std::string did_you_mean_api(std::string_view typed);
// Catalog device ids near what was typed ("4090" -> "rtx-4090, rtx-4090d, ..."); "" when none.
std::string did_you_mean_device(std::string_view typed);

// headroom check (verdict.cpp): the claim in r.scenario against r's speed and fit.
// with_mtp: the same scenario's speed with the model's MTP layers drafting, when the claim is above the plain bound.
Verdict judge_claim(const Report& r, const Speed* with_mtp = nullptr);

// The macOS GPU working-set limit for an Apple machine with `mem_bytes` of unified memory.
int64_t apple_gpu_working_set_bytes(int64_t mem_bytes);
// The machine's devices, one entry per device: each of a mixed machine (r.devices), else gpus x r.device.
std::vector<const Device*> machine_devices(const Report& r);
// Placement cpu beside a GPU: the host that --host describes, as the device the model runs on.
Device host_cpu_device(const HostSpec& h);

// Inverse answers (evaluate.cpp): does an inference scenario fit with placement p (sizing and placement only; an
// input the core refuses does not), and the largest context (a multiple of 256 tokens up to model_max_ctx) that does.
bool fits_with(const Scenario& s, Placement p);
// The ids of a mixed machine, --gpu rtx-4090+rtx-3090 (a space, as a URL's '+' arrives, separates too); empty for
// one id. Each is lower case, as given.
std::vector<std::string> mixed_ids(const std::string& gpu);
// launch.cpp: the command line for a report that fits, with the layers each device holds (several devices).
Launch launch_commands(const Report& r, const std::vector<int>& layer_shares);
double decode_with(const Scenario& s, Placement p);   // decode tokens/s at the task when it fits with p, else 0
int64_t max_ctx_with(const Scenario& s, int64_t model_max_ctx, Placement p);
}  // namespace detail
}  // namespace headroom
