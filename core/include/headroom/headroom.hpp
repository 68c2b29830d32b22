// headroom/headroom.hpp — the core's entry points. Everything a face needs.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headroom/catalog.hpp"
#include "headroom/report.hpp"
#include "headroom/scenario.hpp"

namespace headroom {

// Checks a scenario against the catalog and the accepted ranges; the first problem, if any.
std::optional<InputError> validate(const Scenario& s);

// Scenario -> Report. Precondition: validate(s) returned nothing (throws InputError otherwise).
// Depth::sweep leaves out what a sweep's candidates do not show (recommend's candidates, the curve's points): the
// inverse answers (fit.max_ctx, max_batch, max_batch_tokens_per_s, min_gpus: about 35 more sizings, 75 us against
// 3) and the launch command.
enum class Depth { full, sweep };
Report evaluate(const Scenario& s, Depth depth = Depth::full);

std::string_view to_string(Bound b);

// The speed model's constants for a scenario's engine on a device (core/src/speed.cpp, docs/speed.md): what
// the accuracy bench refits when it leaves a source out (bench/validation.cpp).
struct SpeedCalibration {
    std::string name;
    double bw_eff = 0, layer_us = 0, prefill_util = 0, step_us = 0, expert_pad = 0, moe_layer_us = 0, attn_eff = 1;
    bool validated = false;
    double gemm_flops = 0;   // the peak FLOP/s the prefill GEMMs are referred to (the device's, for this engine and format)
};
SpeedCalibration speed_calibration(const Scenario& s, const Device& d);

// Recommendations: searches over scenarios, best first.
// for_model: hardware configurations (every catalog device x 1-8 of it, Apple machines alone) that fit
//   `base` and reach target_tokens_per_s (default 10), cheapest first; or, within budget_usd, fastest first.
// for_device: catalog models and formats that fit base's device(s) at target_tokens_per_s (default 10),
//   the largest model first, then the widest format. Fine-tuning scenarios have no speed target.
enum class RecommendFor { model, device };
std::vector<Report> recommend(const Scenario& base, RecommendFor what, int top = 10);
std::string recommend_json(std::string_view scenario_json, RecommendFor what, int top = 10);   // {"ok":..,"report":{.., "recommendations":[..]}}
std::string recommendations_to_json(const Report& base, const std::vector<Report>& recs, int indent = -1);

// Decode speed against context (the page's chart, `headroom curve`): each point decodes with its whole
// context in the cache (a task whose prompt fills it: task_in_tokens = ctx - task_out_tokens, one turn).
struct CurvePoint {
    int64_t ctx = 0;
    bool fits = false;
    Placement placement = Placement::gpu;
    double decode_tokens_per_s = 0;   // 0 when it does not fit
    Bound decode_bound = Bound::memory_bandwidth;
    std::string error;                // a context the scenario refuses (e.g. a task longer than it)
};
// The contexts the chart shows by default: powers of two from 1024 to the model's limit (at most 131072), and ctx.
std::vector<int64_t> curve_contexts(const Scenario& base);
std::vector<CurvePoint> context_curve(const Scenario& base, const std::vector<int64_t>& ctxs);
// {"ok":true,"points":[{ctx, fits, placement?, decode_tokens_per_s?, decode_bound?, error?}]}; ctxs_json "" = curve_contexts.
std::string curve_json(std::string_view scenario_json, std::string_view ctxs_json = "");

// The quant ladder (`headroom ladder`): for each common weight format of the engine, widest first, the largest
// context that fits (a multiple of 256 tokens, up to the model's max_ctx; 0: not even 256) with the ladder's
// placement, and the decode speed at the scenario's ctx where that fits; then, for the scenario's format, the same
// with each KV-cache format. The placement is the scenario's, or for auto all on the GPU(s) (the CPU on a CPU host).
struct LadderRung {
    std::string quant;              // a weight format id, or (kv rungs) a KV-cache format id
    double bits = 0;                // nominal bits per weight, or bits per KV element
    int64_t weights_bytes = 0;      // the weights in this format (kv rungs: the scenario's)
    int64_t max_ctx = 0;
    double decode_tokens_per_s = 0; // at the scenario's ctx; 0 when that does not fit
};
struct Ladder {
    Placement placement = Placement::gpu;
    std::vector<LadderRung> quants, kv;
};
Ladder quant_ladder(const Scenario& base);
// The base report with "ladder": [{quant, bits, weights_bytes, max_ctx, decode_tokens_per_s}], "kv_ladder": [{kv_quant,
// bits, max_ctx, decode_tokens_per_s}] and "ladder_placement", in the boundary's envelope (result_json).
std::string ladder_json(std::string_view scenario_json);
std::string ladder_to_json(const Report& base, const Ladder& l, int indent = -1);

// A built-in comparison (core/data/presets.json): each build's figures as its article computed them,
// beside headroom's report for the same build. Throws InputError{"preset"} for an unknown id.
// `overrides` (scenario JSON, may be "{}") applies to every build, e.g. {"utilization":0.25}.
std::string preset_json(std::string_view id, std::string_view overrides = "{}", int indent = -1);
std::vector<std::string> preset_ids();

// Parsers for outside input. Each throws InputError naming the field.
// "vendor=nvidia,mem_gb=24,bw_gbps=1008,fp16_tflops=165"
Device parse_device_spec(std::string_view spec);
// "ram_gb=64,ram_bw_gbps=80,pcie_gbps=25,disk_gbps=3.5"
HostSpec parse_host_spec(std::string_view spec);
// A headroom-stream claims file (headroom.claims/1, --backend cuda): its measured host-to-device (pinned)
// and disk rates replace the host spec's pcie_gbps and disk_gbps. Returns what it applied, for the report.
std::string apply_claims(Scenario& s, std::string_view claims_json);
// A Hugging Face config.json (dense, MoE, MLA, sliding-window). `id` names the result.
Model model_from_hf_config(std::string_view json_text, std::string_view id = "custom");
// A model's shape as a core/data/models.json entry (`headroom shape`, scripts/gen_models.py): every column the
// catalog compiles, nested objects only where they apply. Identity and provenance keys are left to the caller.
std::string model_entry_json(const Model& m);
// The model a GGUF summary (the scenario's `gguf` field; gguf_summary in headroom/gguf.hpp writes it) stands for:
// its shape from the header's keys, its weights the file's exact tensor bytes (Model::file). docs/gguf.md.
Model model_from_gguf_summary(std::string_view summary_json);
// The wasm face of the reader: `data` holds the first bytes of each file, one after another; `parts_json` is
// [[bytes given, file size], ...] per file (the shards of a split model, any order). Answers
// {"ok":true,"gguf":{"need_bytes":[n per file, 0 when complete]}} (read at least n bytes of that file and call
// again), {"ok":true,"gguf":{"summary":{...}}} or {"ok":false,"error":{...}}. `file_name` names the model's file.
std::string gguf_summary_json(std::string_view data, std::string_view parts_json, std::string_view file_name);
// A downloaded Hugging Face repository (docs/hf-repo.md): config.json, model.safetensors.index.json ("" when absent)
// and the safetensors headers read (each the file's first 8 + header-length bytes; file_sizes, where known, checks
// the offsets against each file) -> the summary the scenario's `config` field carries ("format": "headroom.hf/1"):
// the config, the tensor bytes by group and per layer, parameters, bytes per dtype and the weight format that
// quantization_config declares. Throws InputError{"config", ...}.
std::string hf_repo_summary(std::string_view config_json, std::string_view index_json, const std::vector<std::string>& safetensors_headers,
                            std::string_view name, const std::vector<int64_t>& file_sizes = {});
bool is_hf_repo_summary(std::string_view text);   // the text is such a summary (not a plain config.json)
// Its model: model_from_hf_config's shape, its weights the repository's bytes (Model::file; quant its format).
Model model_from_hf_repo_summary(std::string_view summary_json);
// The wasm face: `headers` holds each safetensors file's first bytes one after another, parts_json [[bytes given,
// file size], ...] per file ("[]": the index alone). {"ok":true,"hf_repo":{"summary":{...}}} or {"ok":false,"error":{...}}.
std::string hf_repo_summary_json(std::string_view config_json, std::string_view index_json, std::string_view headers,
                                 std::string_view parts_json, std::string_view name);
// A dense model of `params_b` billion parameters with a shape inferred from Llama-family ratios.
Model model_from_params_b(double params_b);

// JSON faces of the same structs (schema in CONTRACT.md). Scenario keys match the URL keys.
std::string scenario_to_json(const Scenario& s);
Scenario scenario_from_json(std::string_view json_text);   // throws InputError
std::string report_to_json(const Report& r, int indent = -1);
// {"ok":true,"report":{...}} or {"ok":false,"error":{"field":...,"message":...}}: the wasm boundary.
std::string evaluate_json(std::string_view scenario_json);
// The boundary's envelope for any of the above: {"ok":true,"<key>":<body()>}, or {"ok":false,"error":{field,message}}
// for an InputError (its field) or any other exception (field "internal"). Never throws.
std::string result_json(std::string_view key, const std::function<std::string()>& body);
// Catalog listings for faces: {"models":[...],"devices":[...],"weight_formats":[...],"kv_formats":[...]}
std::string catalog_json();
// The dated price tables: {"as_of", "apis": [{id, provider, provider_name, model_name, model?, currency, input_per_mtok,
// cached_input_per_mtok?, output_per_mtok, date, source}]} and {"as_of", "rentals": [{id, platform, platform_name, gpu,
// currency, per_gpu_hour, billing?, date, source}]} (docs/prices.md).
std::string apis_json();
std::string rentals_json();
std::string_view version();   // "MAJOR.MINOR.PATCH" from project(VERSION) in the top CMakeLists.txt, its one place

}  // namespace headroom
