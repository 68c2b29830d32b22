// headroom: the command-line face. Argument parsing, tables and --json; every number comes from the core.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detect.hpp"
#include "gguf_file.hpp"
#include "hf_dir.hpp"
#include "headroom/headroom.hpp"
#include "headroom/schema.hpp"

using namespace headroom;
using ojson = nlohmann::ordered_json;

namespace {

struct UsageError {
    std::string option, message;
};

std::string num(double v) {
    char buf[64];
    if (std::fabs(v) < 1e15 && v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// A count to read, rounded and grouped by thousands: 16501.2 -> "16,501" (not "1.65e+04").
std::string count(double v) {
    if (!std::isfinite(v) || std::fabs(v) >= 1e15) return num(v);
    return headroom::group_thousands(std::llround(v));
}

// Options of commands that are not scenario fields (the scenario's come from the schema, headroom/schema.hpp).
struct CommandOpt {
    const char* name;
    const char* for_command;   // the one command that takes it
    const char* help;
};
const CommandOpt kCommandOpts[] = {
    {"preset", "cost", "a built-in comparison, e.g. seed-layerwise-vs-4090 (the seed article's two builds)"},
    {"top", "recommend", "how many to list, 1..100 [default: 10]"},
    {"ctxs", "curve", "the contexts, comma-separated [default: 1024, 2048, ... up to the model's limit, and --ctx]"},
    {"markdown", "schema", "print the key tables of docs/contract.md (value: true)"},
    {"fuzz-dict", "schema", "print the libFuzzer dictionary of fuzz/scenario.dict (value: true)"},
};

// The schema key of a CLI option (--kv-quant -> kv_quant) or an old spelling (--calibrate -> claims); null if none.
const Field* field_of_option(const std::string& opt) {
    std::string k = opt;
    for (char& ch : k)
        if (ch == '-') ch = '_';
    return find_field(k);
}

using Given = std::vector<std::pair<std::string, std::string>>;

// Removes a command option (--top, --ctxs, --preset) from the options given, returning its value.
std::optional<std::string> take(Given& given, const char* name) {
    for (auto it = given.begin(); it != given.end(); ++it)
        if (it->first == name) {
            std::string v = std::move(it->second);
            given.erase(it);
            return v;
        }
    return std::nullopt;
}

// Whether a scenario field was given, under its name or an older one (--gpu-spec or --device).
bool gives(const Given& given, std::string_view key) {
    return std::any_of(given.begin(), given.end(), [&](const auto& g) {
        const Field* f = field_of_option(g.first);
        return f && f->key == key;
    });
}

struct Command {
    const char* name;
    const char* summary;
    bool scenario;
};
const Command kCommands[] = {
    {"size", "memory needed: weights, KV cache, buffers, runtime, per device", true},
    {"fit", "does it fit, where (all-GPU, offload, streaming), and the headroom left", true},
    {"speed", "decode and prefill tokens/s, time to first token, and what bounds them", true},
    {"recommend", "hardware for a model (cheapest first, or fastest within --budget-usd), or with only --gpu: models for a device", true},
    {"cost", "what one task costs on this hardware (amortized, with energy), against a cloud API; --preset seed-layerwise-vs-4090", true},
    {"check", "a verdict on a claimed tokens/s (--claim-tokens-per-s): impossible, optimistic, plausible, conservative", true},
    {"models", "list catalog models", false},
    {"gpus", "list catalog devices", false},
    {"quants", "list weight and KV-cache formats", false},
    {"apis", "list the dated API prices per million tokens (--api PROVIDER/MODEL compares one with local hardware)", false},
    {"rentals", "list the dated GPU rental prices per GPU-hour (--rent ID, or --rent auto for the cheapest)", false},
    {"messages", "every sentence the core writes (warnings, errors, verdicts, notes): code, kind and English template, as JSON", false},
    {"detect", "what this machine has: its GPUs as catalog ids, RAM, and the options that follow (--gpu auto uses it; docs/detect.md)", false},
    {"curve", "decode tokens/s against context, each point with its whole context in the cache (the page's chart)", true},
    {"ladder", "per weight format, the largest context that fits and the decode speed; the KV-cache format as a lever", true},
    {"schema", "every scenario field and report key: JSON (the page's form), --markdown (docs), --fuzz-dict", false},
    {"shape", "what headroom reads from a --config (the model's shape as a catalog entry: layer kinds, experts, MTP, vision) or a --gguf (the header's summary)", true},
};

std::string field_help(const Field& f) {
    std::string h(f.help);
    if (f.type == FieldType::integer || f.type == FieldType::number) {
        std::string unit(f.unit);
        if (unit == "currency") unit = "in --currency";
        h += "; " + num(f.min) + ".." + num(f.max) + (unit.empty() ? "" : " " + unit);
    } else if (f.type == FieldType::enumeration) {
        h += ": " + list_text(f.values);
    }
    if (f.optional()) h += " [default: " + std::string(f.auto_text) + "]";
    else if (const std::string d = default_text(f); !d.empty()) h += " [default: " + d + "]";
    if (!f.aliases.empty()) {
        std::string al;
        for (std::string_view a : list_items(f.aliases)) {
            Field alias = f;
            alias.key = a;
            al += (al.empty() ? "" : ", ") + cli_option(alias);
        }
        h += " (also " + al + ")";
    }
    return h;
}

void print_help(std::ostream& o, const Command* cmd) {
    if (!cmd) {
        o << "headroom — will this model fit on this hardware, and where?\n\nusage: headroom <command> [options]\n\ncommands:\n";
        for (const auto& c : kCommands) o << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << "\n";
        o << "\n`headroom <command> --help` describes its options. Every command takes --format table|json|csv (--json: one JSON\n"
             "document on stdout; csv: one row per scenario, ladder rung, recommendation or catalog entry, for spreadsheets).\n"
             "Sizes are in GB = 10^9 bytes; device memory sold as \"24 GB\" is 24 GiB (2^30 bytes). Exit codes: 0 ok, 2 bad input, 1 internal error.\n";
        return;
    }
    o << "usage: headroom " << cmd->name << " [options]\n" << cmd->summary << "\n\noptions:\n";
    auto line = [&](const std::string& left, const std::string& help) {
        o << left << std::string(left.size() < 26 ? 26 - left.size() : 1, ' ') << help << "\n";
    };
    if (cmd->scenario) {
        FieldGroup last = FieldGroup::check;
        bool first = true;
        for (FieldGroup g : {FieldGroup::what_runs, FieldGroup::where, FieldGroup::how, FieldGroup::finetune, FieldGroup::task,
                             FieldGroup::cost_inputs, FieldGroup::targets, FieldGroup::check})
            for (const Field& f : scenario_fields()) {
                if (f.group != g || f.echo) continue;
                if (first || g != last) o << (first ? "" : "\n") << " " << to_string(g) << ":\n";
                first = false;
                last = g;
                const char* hint = f.type == FieldType::file ? " FILE" : f.type == FieldType::spec ? " SPEC" : " X";
                line("  " + cli_option(f) + hint, field_help(f));
            }
        o << "\nComma lists sweep, llama-bench style, for";
        for (const Field& f : scenario_fields())
            if (f.sweep) o << " " << cli_option(f);
        o << ": --quant q4_k_m,q8_0 --ctx 4096,32768 gives four rows.\n\n";
    }
    for (const CommandOpt& c : kCommandOpts)
        if (std::string(c.for_command) == cmd->name) line(std::string("  --") + c.name + " X", c.help);
    o << "  --format X              table (default), json (one JSON document) or csv (for spreadsheets)\n"
         "  --json                  the same as --format json\n  --help                  this text\n";
}

std::vector<std::string> split_commas(const std::string& v) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : v) {
        if (ch == ',') { out.push_back(cur); cur.clear(); }
        else cur += ch;
    }
    out.push_back(cur);
    return out;
}

std::string read_file_bounded(const std::string& path, const std::string& option) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw UsageError{option, "cannot read file '" + path + "'"};
    std::string text;
    char buf[65536];
    while (f.read(buf, sizeof buf) || f.gcount() > 0) {
        text.append(buf, size_t(f.gcount()));
        if (text.size() > (4u << 20)) throw UsageError{option, "file larger than 4 MiB"};
    }
    return text;
}

// The options given, as typed: an error on a field names the spelling the user typed (--device, not --gpu-spec).
std::vector<std::string> g_typed;

std::string option_of(const std::string& field) {
    if (const Field* f = find_field(field)) {
        for (const std::string& t : g_typed)
            if (field_of_option(t) == f) return "--" + t;
        return cli_option(*f);
    }
    std::string o = field;
    for (char& ch : o)
        if (ch == '_') ch = '-';
    return "--" + o;
}

// Options -> scenario JSON objects (the URL/wasm keys): files read, sweeps expanded. The core parses them.
std::vector<ojson> scenario_rows(const Given& given) {
    std::vector<ojson> rows(1, ojson::object());
    for (const auto& [name, value] : given) {
        const Field* f = field_of_option(name);
        if (!f) throw UsageError{name, "not a scenario option"};
        const std::string key(f->key);
        if (f->type == FieldType::file) {
            // A GGUF file is its header's summary (gguf_file.cpp); the other files are read as text.
            // A GGUF file is its header's summary (gguf_file.cpp), a repository folder given to --config its summary
            // (hf_dir.cpp); the other files are read as text.
            const std::string text = key == "gguf"                                        ? cli::gguf_summary_of_path(value)
                                     : key == "config" && std::filesystem::is_directory(value) ? cli::hf_repo_summary_of_dir(value)
                                                                                            : read_file_bounded(value, name);
            for (auto& r : rows) r[key] = text;
            continue;
        }
        const std::vector<std::string> vals = f->sweep ? split_commas(value) : std::vector<std::string>{value};
        std::vector<ojson> next;
        for (const auto& r : rows)
            for (const auto& v : vals) {
                ojson n = r;
                n[key] = v;
                next.push_back(std::move(n));
            }
        rows = std::move(next);
        if (rows.size() > 10000) throw UsageError{name, "the sweep expands to more than 10000 scenarios"};
    }
    return rows;
}

std::vector<Scenario> build_scenarios(const Given& given) {
    std::vector<Scenario> out;
    for (const auto& r : scenario_rows(given)) out.push_back(scenario_from_json(r.dump()));
    return out;
}

std::string gb(int64_t b) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f GB", double(b) / 1e9);
    return buf;
}

// Device memory is sold in GiB (a "24 GB" card holds 24 x 2^30 bytes): the per-device lines use GiB.
std::string gib(int64_t b) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f GiB", double(b) / kBytesPerGiB);
    return buf;
}

std::string fixed1(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string pad(const std::string& s, size_t w, bool right = false) {
    if (s.size() >= w) return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

void print_speed(const Report& r);
void print_cost(const Report& r);

// "NVIDIA GeForce RTX 4090 24GB x2", or a mixed machine's devices joined with " + ".
std::string devices_text(const Report& r) {
    if (r.devices.empty()) return r.device.name + (r.scenario.gpus > 1 ? " x" + std::to_string(r.scenario.gpus) : "");
    std::string t;
    for (const Device& d : r.devices) t += (t.empty() ? "" : " + ") + d.name;
    return t;
}

enum class Format { table, json, csv };

// ---- CSV (RFC 4180): one row per JSON object, a column per scalar leaf ("memory.weights_bytes", "memory.per_device[0].device"),
// in first-seen order over all rows; warnings as their codes, space-separated. Every value is the JSON's, unrounded.
void flatten(const ojson& v, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string p = path.empty() ? it.key() : path + "." + it.key();
            if (it.key() == "warnings" && it->is_array()) {
                std::string codes;
                for (const auto& w : *it) codes += (codes.empty() ? "" : " ") + w.value("code", std::string());
                out.emplace_back(p, codes);
            } else {
                flatten(*it, p, out);
            }
        }
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) flatten(v[i], path + "[" + std::to_string(i) + "]", out);
    } else {
        out.emplace_back(path, v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump());
    }
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
}

void print_csv(const std::vector<ojson>& rows) {
    std::vector<std::vector<std::pair<std::string, std::string>>> flat(rows.size());
    std::vector<std::string> cols;
    for (size_t i = 0; i < rows.size(); ++i) {
        flatten(rows[i], "", flat[i]);
        for (const auto& kv : flat[i])
            if (std::find(cols.begin(), cols.end(), kv.first) == cols.end()) cols.push_back(kv.first);
    }
    std::string out;
    for (size_t c = 0; c < cols.size(); ++c) out += (c ? "," : "") + csv_cell(cols[c]);
    out += "\r\n";
    for (const auto& f : flat) {
        for (size_t c = 0; c < cols.size(); ++c) {
            const auto it = std::find_if(f.begin(), f.end(), [&](const auto& kv) { return kv.first == cols[c]; });
            out += (c ? "," : "") + (it == f.end() ? std::string() : csv_cell(it->second));
        }
        out += "\r\n";
    }
    std::cout << out;
}

void print_report(const Report& r, bool fit_view, bool cost_view = false) {
    const Scenario& s = r.scenario;
    std::cout << r.model.name << " · " << s.quant << " · ctx " << s.ctx << " · batch " << s.batch << " · " << to_string(s.engine)
              << " · " << to_string(s.mode) << (s.method == Method::rule_of_thumb ? " · rule of thumb" : "") << "\n"
              << devices_text(r) << "\n\n";
    const MemoryBreakdown& m = r.memory;
    auto row = [](const char* k, int64_t v, const std::string& note = "") {
        std::cout << "  " << pad(k, 14) << pad(gb(v), 12, true) << (note.empty() ? "" : "  " + note) << "\n";
    };
    row("weights", m.weights_bytes, std::to_string(r.params_total) + " params");
    if (s.method == Method::detailed) {
        row("KV cache", m.kv_cache_bytes, s.kv_quant + ", " + std::to_string(s.ctx * s.batch) + " tokens");
        if (m.state_bytes > 0)
            row("state", m.state_bytes, (r.model.is_compressed() ? std::string("compressors' pending tokens")
                                                                  : std::to_string(r.model.n_layer_recurrent()) + " recurrent layers") +
                                            ", " + std::to_string(s.batch) + " sequence" + (s.batch > 1 ? "s" : ""));
        if (m.vision_bytes > 0) row("encoder", m.vision_bytes, "vision / audio, 16-bit (--images)");
        if (m.speculative_bytes > 0)
            row("drafter", m.speculative_bytes, s.speculative == "mtp" ? std::to_string(r.model.n_layer_mtp) + " MTP layers and their KV cache"
                                                                       : s.draft_model + " and its KV cache");
        row("activations", m.activations_bytes);
        if (s.mode != Mode::inference) {
            row("gradients", m.gradients_bytes);
            row("optimizer", m.optimizer_bytes);
        }
    }
    row(s.method == Method::detailed ? "runtime" : "overhead x0.3", m.overhead_bytes);
    row("total", m.total_bytes);
    if (m.host_bytes > 0) row("in host RAM", m.host_bytes);
    std::cout << "  (GB = 10^9 bytes, as the seed articles count)\n\n";
    for (const DeviceUse& u : m.per_device)
        std::cout << "  " << pad(u.device, 20) << pad(gib(u.used_bytes), 11, true) << " of " << gib(u.capacity_bytes) << "\n";
    std::cout << "  (GiB = 2^30 bytes: a \"24 GB\" card holds 24 GiB)\n";
    const Fit& f = r.fit;
    std::cout << "\n  " << (f.fits ? "fits" : "does not fit") << " (" << to_string(f.placement);
    if (f.placement == Placement::offload)
        std::cout << ", " << f.gpu_layers << "/" << f.total_layers << " layers on GPU"
                  << (f.gpu_layers == f.total_layers ? ", the output layer in host RAM" : "");
    if (f.placement == Placement::cpu_moe) std::cout << ", experts of " << f.n_cpu_moe << "/" << f.total_layers << " layers in host RAM";
    std::cout << "), " << (f.fits ? gib(f.headroom_bytes) + " to spare" : gib(-f.headroom_bytes) + " short") << "\n";
    if (f.has_inverse) {
        const Placement asked = r.scenario.placement;
        const std::string how = f.fits ? std::string(to_string(f.placement)) : asked == Placement::auto_ ? "any placement" : std::string(to_string(asked));
        std::cout << "  largest context that fits (" << how << "): "
                  << (f.max_ctx ? std::to_string(f.max_ctx) + " tokens" : std::string("none")) << (f.max_ctx == r.model.max_ctx ? " (the model's maximum)" : "")
                  << "; most sequences at " << r.scenario.ctx << ": " << f.max_batch
                  << (f.max_batch > 0 ? ", " + fixed1(f.max_batch_tokens_per_s) + " tokens/s together" : std::string()) << "\n";
        if (f.min_gpus > 1 || (f.min_gpus == 1 && s.gpus > 1))
            std::cout << "  fewest " << r.device.id << " that hold it all on GPUs" << (s.target_tokens_per_s > 0 ? " at " + fixed1(s.target_tokens_per_s) + "+ tokens/s" : "")
                      << ": " << f.min_gpus << "\n";
        else if (f.min_gpus == 0 && r.device.vendor != Vendor::cpu && !r.device.unified_memory && r.devices.empty())
            std::cout << "  more than 64 " << r.device.id << " would be needed to hold it all on GPUs"
                      << (s.target_tokens_per_s > 0 ? " at " + fixed1(s.target_tokens_per_s) + "+ tokens/s" : "") << "\n";
    }
    if (fit_view) {   // fit and speed show the speed and the command; size stays about memory
        std::cout << "\n";
        print_speed(r);
        if (r.has_launch) {
            const Launch& l = r.launch;
            std::cout << "\n  run it       " << (l.command.empty() ? "(no command)" : l.command) << "\n";
            if (!l.note.empty()) std::cout << "               " << l.note << "\n";
            for (const LaunchAlt& a : l.others)
                std::cout << "  or " << pad(a.tool, 9) << a.command << "\n               " << a.note << "\n";
        }
    }
    if (cost_view) {
        std::cout << "\n";
        print_cost(r);
    }
    if (r.has_verdict)
        std::cout << "\n  claim " << (s.claim_tokens_per_s > 0 ? fixed1(r.verdict.claim_tokens_per_s) + " tokens/s" : std::string("it fits")) << ": "
                  << r.verdict.verdict << ". " << r.verdict.message << "\n";
    for (const Warning& w : r.warnings) std::cout << "  note: " << w.message << "\n";
}

void print_speed(const Report& r) {
    if (!r.has_speed) {
        std::cout << (r.scenario.mode != Mode::inference ? "  speed: not estimated for fine-tuning\n"
                                                         : "  speed: none, it does not fit (see the memory above)\n");
        return;
    }
    const Speed& sp = r.speed;
    char buf[256];
    const Scenario& s = r.scenario;
    // Below 0.1 tokens/s, three significant digits and tokens per minute (a streamed 70B from disk: 0.0233, 1.4/min).
    auto rate = [](double v) {
        char b[64];
        if (v >= 0.1) std::snprintf(b, sizeof b, "%.1f tokens/s", v);
        else std::snprintf(b, sizeof b, "%.3g tokens/s (%.2g tokens/min)", v, v * 60);
        return std::string(b);
    };
    std::snprintf(buf, sizeof buf, "  decode       %18s per sequence%s, bound: %s (%s at 100%%)\n", rate(sp.decode_tokens_per_s).c_str(),
                  s.batch > 1 ? (" (" + std::to_string(int64_t(sp.aggregate_tokens_per_s)) + " tokens/s for all " + std::to_string(s.batch) + ")").c_str() : "",
                  std::string(to_string(sp.decode_bound)).c_str(), rate(sp.bound_tokens_per_s).c_str());
    std::cout << buf;
    // Which context the decode figure is at, and what it falls to with the whole --ctx in the cache.
    if (sp.decode_ctx_tokens < s.ctx) {
        std::snprintf(buf, sizeof buf, "               at the task's %lld tokens in the cache; %s with all %lld (--ctx)\n",
                      (long long)sp.decode_ctx_tokens, rate(sp.decode_tokens_per_s_at_full_ctx).c_str(), (long long)s.ctx);
        std::cout << buf;
    }
    if (sp.prefill_tokens_per_s > 0) {
        std::snprintf(buf, sizeof buf, "  prefill      %9.1f tokens/s; first token after %.2f s for a %lld-token prompt", sp.prefill_tokens_per_s,
                      sp.time_to_first_token_s, (long long)s.task_in_tokens);
        std::cout << buf;
        if (s.cached_tokens > 0) std::cout << " after " << s.cached_tokens << " cached tokens";
        std::cout << "\n";
    }
    if (const SpeculativeSpeed& x = sp.speculative; !x.method.empty()) {
        std::snprintf(buf, sizeof buf, "  speculative  %s, %lld drafted a step at %.0f%% acceptance (%s): %.2f tokens a step, %s without\n",
                      x.method == "mtp" ? "MTP layers" : x.draft_model.c_str(), (long long)x.draft_tokens, x.accept_rate * 100,
                      x.accept_rate_basis.c_str(), x.tokens_per_step, rate(x.plain_tokens_per_s).c_str());
        std::cout << buf;
    }
    std::snprintf(buf, sizeof buf, "  assumptions  %.0f%% of peak bandwidth, %.0f%% of peak FLOPs (%s); %.2f GB read per step\n",
                  sp.decode_efficiency * 100, sp.prefill_efficiency * 100, sp.calibration.c_str(), double(sp.bytes_per_token) / 1e9);
    std::cout << buf;
    if (sp.host_bytes_per_token > 0) {
        std::snprintf(buf, sizeof buf, "               of which %.2f GB from host RAM by the CPU, at %.0f%% of its stated bandwidth\n",
                      double(sp.host_bytes_per_token) / 1e9, sp.host_efficiency * 100);
        std::cout << buf;
    }
}

void print_cost(const Report& r) {
    if (!r.has_cost) {
        std::cout << "  cost: not available (see the notes)\n";
        return;
    }
    const Cost& c = r.cost;
    const Scenario& s = r.scenario;
    char buf[1024];
    const char* cur = c.currency.c_str();
    std::snprintf(buf, sizeof buf,
                  "  per task     %.4g %s  (hardware %.3g + energy %.3g; %s output tokens in %.1f s)\n"
                  "  per 1M out   %.4g %s\n  tasks/day    %s at %.0f%% utilization (%s at full use)\n  per month    %.4g %s\n",
                  c.per_task, cur, c.hardware_per_task, c.energy_per_task,
                  (s.turns > 1 ? std::to_string(s.turns) + " turns x " + std::to_string(c.task_out_tokens) : std::to_string(c.task_out_tokens)).c_str(),
                  c.seconds_per_task,
                  c.per_million_output_tokens, cur, count(c.tasks_per_day).c_str(), s.utilization * 100, count(c.max_tasks_per_day).c_str(),
                  c.per_month, cur);
    std::cout << buf;
    if (c.per_task < 0.01) {   // a small amount reads better per thousand tasks
        std::snprintf(buf, sizeof buf, "  per 1000     %.4g %s\n", c.per_task * 1000, cur);
        std::cout << buf;
    }
    const std::string market = c.price_market == "us" ? "US street price" : c.price_market == "cn" ? "Chinese market" : c.price_market == "used" ? "used market"
                               : c.price_market == "launch" ? "launch price" : c.price_market;
    const std::string basis = c.price_market == "given" ? std::string("given") : market + (c.price_date.empty() ? std::string() : ", " + c.price_date);
    std::snprintf(buf, sizeof buf, "  assumptions  price %.6g %s (%s) over %.3g years, %s\n", c.price, cur, basis.c_str(), s.lifetime_years,
                  s.residual_value > 0 ? ("residual " + fixed1(s.residual_value * 100) + "%").c_str() : "no residual value");
    std::cout << buf;
    if (!c.api.empty()) {
        std::snprintf(buf, sizeof buf, "  API          %s: %.4g in%s / %.4g out %s per 1M tokens (%s, %s)\n", c.api.c_str(), c.api_input_per_mtok,
                      c.api_cached_input_per_mtok > 0 ? (" (" + num(c.api_cached_input_per_mtok) + " cached)").c_str() : "", c.api_output_per_mtok, cur,
                      c.api_price_date.c_str(), c.api_source.c_str());
        std::cout << buf;
    }
    if (c.api_per_task > 0) {
        if (c.break_even_tasks_per_day > 0)
            std::snprintf(buf, sizeof buf, "  vs API       %.4g %s per task; local is cheaper above %s tasks/day\n", c.api_per_task, cur,
                          count(c.break_even_tasks_per_day).c_str());
        else
            std::snprintf(buf, sizeof buf, "  vs API       %.4g %s per task: less than the electricity of one local task; local never pays off\n",
                          c.api_per_task, cur);
        std::cout << buf;
    }
    if (!c.rent.empty()) {
        std::snprintf(buf, sizeof buf, "  rent         %s: %.4g %s an hour for the machine's GPUs (%s, %s)\n", c.rent.c_str(), c.rent_per_hour, cur,
                      c.rent_price_date.c_str(), c.rent_source.c_str());
        std::cout << buf;
    }
    if (c.cloud_gpu_per_task > 0) {
        std::snprintf(buf, sizeof buf, "  vs renting   %.4g %s per task on hourly GPUs used fully; owning is cheaper above %s tasks/day\n",
                      c.cloud_gpu_per_task, cur, count(c.break_even_vs_rent_tasks_per_day).c_str());
        std::cout << buf;
    }
}

void print_sweep_table(const std::vector<Report>& rs) {
    const char* hdr[] = {"model", "quant", "ctx", "batch", "device", "weights", "kv_cache", "total", "fit", "headroom", "decode_tps", "bound"};
    const size_t w[] = {18, 8, 8, 6, 18, 11, 11, 11, 10, 11, 10, 16};
    // Other swept fields that differ between the rows (engine, kv_quant, speculative, ...): a column each, after the
    // device, so that no two rows look alike.
    std::vector<ojson> sc;
    for (const Report& r : rs) sc.push_back(ojson::parse(scenario_to_json(r.scenario)));
    std::vector<std::string> extra;
    for (const Field& f : scenario_fields()) {
        const std::string k(f.key);
        if (!f.sweep || k == "model" || k == "quant" || k == "ctx" || k == "batch" || k == "gpu" || k == "gpus") continue;
        for (const ojson& j : sc)
            if (j.value(k, ojson()) != sc.front().value(k, ojson())) {
                extra.push_back(k);
                break;
            }
    }
    auto cell = [](const ojson& v) { return v.is_null() ? std::string("-") : v.is_string() ? v.get<std::string>() : v.dump(); };
    for (size_t i = 0; i < 12; ++i) {
        std::cout << pad(hdr[i], w[i], i >= 5 && i < 11) << " ";
        if (i == 4)
            for (const std::string& k : extra) std::cout << pad(k, std::max<size_t>(k.size(), 8)) << " ";
    }
    std::cout << "\n";
    for (size_t row = 0; row < rs.size(); ++row) {
        const Report& r = rs[row];
        const std::string dev = r.device.id + (r.scenario.gpus > 1 ? " x" + std::to_string(r.scenario.gpus) : "");
        const std::string cells[] = {r.model.id, r.scenario.quant, std::to_string(r.scenario.ctx), std::to_string(r.scenario.batch), dev,
                                     gb(r.memory.weights_bytes), gb(r.memory.kv_cache_bytes), gb(r.memory.total_bytes),
                                     r.fit.fits ? std::string(to_string(r.fit.placement)) : "no", gb(r.fit.headroom_bytes),
                                     r.has_speed ? fixed1(r.speed.decode_tokens_per_s) : "-",
                                     r.has_speed ? std::string(to_string(r.speed.decode_bound)) : "-"};
        for (size_t i = 0; i < 12; ++i) {
            std::cout << pad(cells[i], w[i], i >= 5 && i < 11) << " ";
            if (i == 4)
                for (const std::string& k : extra) std::cout << pad(cell(sc[row].value(k, ojson())), std::max<size_t>(k.size(), 8)) << " ";
        }
        std::cout << "\n";
    }
}

// headroom apis / rentals: the dated price tables (docs/prices.md).
int prices_command(const std::string& cmd, Format fmt) {
    const Catalog& c = catalog();
    const bool apis = cmd == "apis";
    const ojson all = ojson::parse(apis ? apis_json() : rentals_json());
    const ojson& rows = all[apis ? "apis" : "rentals"];
    if (fmt == Format::json) {
        std::cout << all.dump(2) << "\n";
        return 0;
    }
    if (fmt == Format::csv) {
        print_csv(std::vector<ojson>(rows.begin(), rows.end()));
        return 0;
    }
    size_t id_w = 10;
    for (const auto& r : rows) id_w = std::max(id_w, r["id"].get<std::string>().size());
    if (apis) {
        std::printf("%-*s %-8s %9s %9s %9s  %-10s %s\n", int(id_w), "id", "currency", "input", "cached", "output", "date", "model");
        for (const ApiPrice& a : c.apis())
            std::printf("%-*s %-8s %9s %9s %9s  %-10s %s\n", int(id_w), a.id.c_str(), a.currency.c_str(), num(a.input_per_mtok).c_str(),
                        a.cached_input_per_mtok > 0 ? num(a.cached_input_per_mtok).c_str() : "-", num(a.output_per_mtok).c_str(), a.date.c_str(),
                        a.model.empty() ? a.model_name.c_str() : a.model.c_str());
        std::printf("\nPrices per million tokens, in each row's currency, as published on the date (sources: `headroom apis --json`, "
                    "docs/prices.md). Tables checked %s.\n", c.prices_as_of.c_str());
    } else {
        std::printf("%-*s %-8s %9s  %-10s %s\n", int(id_w), "id", "currency", "per_hour", "date", "billing");
        for (const RentalPrice& p : c.rentals())
            std::printf("%-*s %-8s %9s  %-10s %s\n", int(id_w), p.id.c_str(), p.currency.c_str(), num(p.per_gpu_hour).c_str(), p.date.c_str(),
                        p.billing.c_str());
        std::printf("\nOne GPU for an hour, in each row's currency, as published on the date (sources: `headroom rentals --json`, "
                    "docs/prices.md). Tables checked %s.\n", c.prices_as_of.c_str());
    }
    return 0;
}

int list_command(const std::string& cmd, Format fmt) {
    if (cmd == "apis" || cmd == "rentals") return prices_command(cmd, fmt);
    if (cmd == "messages") {
        if (fmt == Format::csv) throw UsageError{"format", "messages prints JSON"};
        std::cout << ojson::parse(messages_json()).dump(2) << "\n";
        return 0;
    }
    const Catalog& c = catalog();
    const bool json = fmt == Format::json;
    if (fmt == Format::csv) {
        auto all = ojson::parse(catalog_json());
        std::vector<ojson> rows;
        if (cmd == "models" || cmd == "gpus")
            for (const auto& e : all[cmd == "models" ? "models" : "devices"]) rows.push_back(e);
        for (const char* k : {"weight_formats", "kv_formats"})
            if (cmd == "quants")
                for (const auto& e : all[k]) {
                    ojson row{{"table", k}};
                    row.update(e);
                    rows.push_back(row);
                }
        print_csv(rows);
        return 0;
    }
    if (json) {
        auto all = nlohmann::ordered_json::parse(catalog_json());
        const char* key = cmd == "models" ? "models" : cmd == "gpus" ? "devices" : nullptr;
        if (key) std::cout << all[key].dump(2) << "\n";
        else std::cout << ojson{{"weight_formats", all["weight_formats"]}, {"kv_formats", all["kv_formats"]}}.dump(2) << "\n";
        return 0;
    }
    char buf[256];
    if (cmd == "models") {
        int id_w = 18, name_w = 24;
        for (const Model& m : c.models()) id_w = std::max(id_w, int(m.id.size())), name_w = std::max(name_w, int(m.name.size()));
        std::printf("%-*s %-*s %-10s %10s %10s %6s %8s %s\n", id_w, "id", name_w, "name", "released", "params_b", "active_b", "layers", "max_ctx",
                    "attention");
        for (const Model& m : c.models()) {
            std::snprintf(buf, sizeof buf, "%-*s %-*s %-10s %10.2f %10.2f %6d %8lld %s%s", id_w, m.id.c_str(), name_w, m.name.c_str(),
                          m.release_date.empty() ? "-" : m.release_date.c_str(), double(params_total(m)) / 1e9, double(params_active(m)) / 1e9,
                          m.n_layer, (long long)m.max_ctx,
                          m.attention_kind(),
                          m.is_moe() ? (" moe " + std::to_string(m.n_expert_used) + "/" + std::to_string(m.n_expert)).c_str() : "");
            std::puts(buf);
        }
    } else if (cmd == "gpus") {
        int id_w = 22;
        for (const Device& d : c.devices()) id_w = std::max(id_w, int(d.id.size()));
        std::printf("%-*s %-36s %-12s %8s %9s %11s %10s %10s %9s %9s  %s\n", id_w, "id", "name", "vendor", "mem_gib", "bw_gbps", "fp16_tflops",
                    "launch_usd", "street_usd", "price_cny", "used_usd", "category");
        auto price = [](double v) { return v > 0 ? num(v) : std::string("-"); };
        for (const Device& d : c.devices()) {
            std::snprintf(buf, sizeof buf, "%-*s %-36.36s %-12s %8.4g %9.0f %11.1f %10s %10s %9s %9s  %s", id_w, d.id.c_str(), d.name.c_str(),
                          std::string(to_string(d.vendor)).c_str(), d.mem_gib(), d.mem_bw_gbps, d.fp16_tflops, price(d.price_usd).c_str(),
                          price(d.price_us_usd).c_str(), price(d.price_cny).c_str(), price(d.price_used_usd).c_str(), d.category.c_str());
            std::puts(buf);
        }
        std::puts("\nlaunch_usd: launch price (a Mac: the cheapest machine with it; a CPU host: the CPU). street_usd (US), price_cny (the "
                  "Chinese market, 元) and used_usd (second-hand): each dated and sourced in `headroom gpus --json` (docs/prices.md). "
                  "A CPU host runs with no GPU (placement cpu).");
    } else {
        std::printf("%-10s %-8s %s\n", "weights", "kind", "nominal bits (exact sizing is per tensor)");
        for (const WeightFormat& f : c.weight_formats)
            std::printf("%-10s %-8s %g\n", f.id.c_str(), f.kind == FormatKind::gguf ? "gguf" : f.kind == FormatKind::float_ ? "float" : "grouped", f.nominal_bits);
        std::printf("\n%-10s %s\n", "kv cache", "bits per element");
        for (const KvFormat& f : c.kv_formats) std::printf("%-10s %g\n", f.id.c_str(), f.bits);
    }
    return 0;
}

int schema_command(const Given& given) {
    for (const auto& [name, value] : given) {
        if (value != "true") throw UsageError{name, "takes the value true"};
        std::cout << (name == "markdown" ? schema_markdown() : fuzz_dictionary());
        return 0;
    }
    std::cout << ojson::parse(schema_json()).dump(2) << "\n";
    return 0;
}

// headroom shape --config FILE: the shape the core read, as a core/data/models.json entry (scripts/gen_models.py).
// headroom shape --gguf FILE: the summary a scenario carries for the file (the page builds the same one).
int shape_command(const Given& given) {
    std::string path;
    bool gguf = false;
    for (const auto& [name, value] : given) {
        gguf = field_of_option(name) == find_field("gguf");
        if (field_of_option(name) != find_field("config") && !gguf) throw UsageError{name, "shape takes only --config or --gguf"};
        path = value;
    }
    if (gguf) {
        const std::string summary = cli::gguf_summary_of_path(path);
        const Model m = model_from_gguf_summary(summary);
        auto e = ojson::parse(summary);
        if (!m.unknown.empty()) e["unknown_architecture"] = m.unknown;
        std::cout << e.dump(2) << "\n";
        return m.unknown.empty() ? 0 : 3;
    }
    if (path.empty()) throw UsageError{"config", "shape needs --config FILE (a Hugging Face config.json) or --gguf FILE"};
    // A repository folder: the shape, and the summary a scenario's config carries (bytes, parameters, format).
    const std::string repo = std::filesystem::is_directory(path) ? cli::hf_repo_summary_of_dir(path) : std::string();
    const Model m = repo.empty() ? model_from_hf_config(read_file_bounded(path, "config")) : model_from_hf_repo_summary(repo);
    auto e = ojson::parse(model_entry_json(m));
    if (!m.unknown.empty()) e["unknown_architecture"] = m.unknown;
    if (!repo.empty()) e["repo_summary"] = ojson::parse(repo);
    std::cout << e.dump(2) << "\n";
    return m.unknown.empty() ? 0 : 3;
}

int curve_command(Given given, Format fmt) {
    const bool json = fmt == Format::json;
    std::string ctxs;   // a JSON array for the core; each item checked here, so the error names --ctxs
    if (const auto c = take(given, "ctxs")) {
        for (const std::string& item : split_commas(*c)) {
            char* end = nullptr;
            std::strtoll(item.c_str(), &end, 10);
            if (item.empty() || *end) throw UsageError{"ctxs", "must be whole numbers, comma-separated; got '" + item.substr(0, 32) + "'"};
        }
        ctxs = "[" + *c + "]";
    }
    const auto rows = scenario_rows(given);
    if (rows.size() != 1) throw UsageError{"", "curve takes one scenario, not a sweep"};
    const auto out = ojson::parse(curve_json(rows[0].dump(), ctxs));
    if (!out["ok"].get<bool>()) throw InputError{out["error"]["field"].get<std::string>(), out["error"]["message"].get<std::string>(), {}, {}};
    if (json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (fmt == Format::csv) {
        print_csv(std::vector<ojson>(out["points"].begin(), out["points"].end()));
        return 0;
    }
    std::printf("%10s  %-10s %12s  %s\n", "ctx", "placement", "decode_tps", "bound");
    for (const auto& p : out["points"]) {
        if (p.contains("error")) std::printf("%10lld  %s\n", (long long)p["ctx"].get<int64_t>(), p["error"].get<std::string>().c_str());
        else if (!p["fits"].get<bool>()) std::printf("%10lld  %-10s %12s  -\n", (long long)p["ctx"].get<int64_t>(), "no fit", "-");
        else
            std::printf("%10lld  %-10s %12.1f  %s\n", (long long)p["ctx"].get<int64_t>(), p["placement"].get<std::string>().c_str(),
                        p["decode_tokens_per_s"].get<double>(), p["decode_bound"].get<std::string>().c_str());
    }
    std::cout << "\nEach row decodes with its whole context in the cache (a prompt of ctx minus --task-out-tokens).\n";
    return 0;
}

int preset_command(const std::string& id, const std::string& overrides, Format fmt) {
    const auto cmp = ojson::parse(preset_json(id, overrides));
    if (fmt == Format::json) {
        std::cout << cmp.dump(2) << "\n";
        return 0;
    }
    if (fmt == Format::csv) {
        print_csv(std::vector<ojson>(cmp["builds"].begin(), cmp["builds"].end()));
        return 0;
    }
    std::cout << cmp["title"].get<std::string>() << "\nsource: " << cmp["source"].get<std::string>() << "\n\n";
    std::printf("%-58s %12s %12s %14s %12s\n", "", "tokens/s", "s per task", "tasks/day", "per task");
    for (const auto& b : cmp["builds"]) {
        const auto& a = b["article"];
        const auto& r = b["report"];
        const std::string cur = r["scenario"]["currency"];
        std::printf("%s\n", b["name"].get<std::string>().c_str());
        std::printf("  %-56s %12s %12.0f %14.0f %8.4g %s\n", "the article (machine price / one day of tasks)", a["speed"].get<std::string>().c_str(),
                    a["seconds_per_task"].get<double>(), a["tasks_per_day"].get<double>(), a["per_task"].get<double>(), cur.c_str());
        if (r.contains("cost")) {
            const auto& c = r["cost"];
            std::printf("  %-56s %12.4g %12.0f %14.4g %8.4g %s\n", "headroom (physics, 3-year amortization, energy)",
                        r["speed"]["decode_tokens_per_s"].get<double>(), c["seconds_per_task"].get<double>(), c["tasks_per_day"].get<double>(),
                        c["per_task"].get<double>(), cur.c_str());
            std::printf("  %-56s %s-bound, %s\n", "", r["speed"]["decode_bound"].get<std::string>().c_str(),
                        r["fit"]["placement"].get<std::string>().c_str());
        } else {
            std::printf("  headroom: no cost (it does not fit)\n");
        }
        std::printf("  %s\n\n", b["notes"].get<std::string>().c_str());
    }
    std::cout << "Other options (--utilization, --lifetime-years, --kwh-price, ...) apply to both builds.\n";
    return 0;
}

int recommend_command(Given given, Format fmt) {
    const bool json = fmt == Format::json;
    int top = 10;
    if (const auto t = take(given, "top")) {
        char* end = nullptr;
        const long v = std::strtol(t->c_str(), &end, 10);
        if (t->empty() || *end || v < 1 || v > 100) throw UsageError{"top", "must be a whole number 1..100"};
        top = int(v);
    }
    const bool for_device = (gives(given, "gpu") || gives(given, "gpu_spec")) && !gives(given, "model") && !gives(given, "config") &&
                            !gives(given, "params_b");
    const auto scenarios = build_scenarios(given);
    if (scenarios.size() != 1) throw UsageError{"", "recommend takes one scenario, not a sweep"};
    const Scenario& base = scenarios[0];
    const auto recs = recommend(base, for_device ? RecommendFor::device : RecommendFor::model, top);
    if (json || fmt == Format::csv) {
        const auto out = ojson::parse(recommendations_to_json(evaluate(base), recs));
        if (json) std::cout << out.dump(2) << "\n";
        else print_csv(std::vector<ojson>(out["recommendations"].begin(), out["recommendations"].end()));
        return 0;
    }
    if (for_device)
        std::cout << "Models that run on " << evaluate(base).device.name << (base.gpus > 1 ? " x" + std::to_string(base.gpus) : "")
                  << " at " << (base.target_tokens_per_s > 0 ? base.target_tokens_per_s : 10.0) << "+ tokens/s (ctx " << base.ctx << "), in formats of "
                  << num(base.min_bits) << "+ bits per weight (--min-bits); the last year's releases first, then the largest:\n\n";
    else   // (a GGUF file's own format replaces --quant: the resolved scenario's)
        std::cout << "Hardware for " << evaluate(base).model.name << " " << evaluate(base).scenario.quant << " (ctx " << base.ctx << ", batch " << base.batch << ")"
                  << (base.mode != Mode::inference ? "" : base.target_tokens_per_s > 0 ? " at " + fixed1(base.target_tokens_per_s) + "+ tokens/s"
                                                     : base.budget_usd > 0 ? "" : " at 10.0+ tokens/s")
                  << (base.budget_usd > 0 ? ", within $" + fixed1(base.budget_usd) + ", fastest first" : ", cheapest first") << ":\n\n";
    int model_w = 16;   // the longest model id listed
    for (const Report& r : recs) model_w = std::max(model_w, int(r.model.id.size()));
    const std::string price_col = base.currency == "CNY" ? "price_cny" : "price_usd";
    std::printf("%-3s %-30s %10s %-10s %-6s %-*s %-10s %-8s %11s %11s %-14s %10s %-16s\n", "#", "device", price_col.c_str(), "price_date", "market",
                model_w, "model", "released", "quant", "total", "headroom", "placement", "decode_tps", "bound");
    int i = 0;
    for (const Report& r : recs) {
        const std::string dev = r.device.id + (r.scenario.gpus > 1 ? " x" + std::to_string(r.scenario.gpus) : "");
        const double price = r.cost.price;   // the market's (--market), in --currency
        // where the weights are: gpu, offload GPU-layers/all, cpu-moe CPU-expert-layers/all, stream
        const Fit& f = r.fit;
        std::string where(to_string(f.placement));
        if (f.placement == Placement::offload) where += " " + std::to_string(f.gpu_layers) + "/" + std::to_string(f.total_layers);
        if (f.placement == Placement::cpu_moe) where += " " + std::to_string(f.n_cpu_moe) + "/" + std::to_string(f.total_layers);
        // whose price: us (street), cn, used, launch; "mixed" for a machine of cards priced in different markets
        const std::string market = price <= 0 ? "-" : r.cost.price_market.empty() ? "mixed" : r.cost.price_market;
        std::printf("%-3d %-30s %10s %-10s %-6s %-*s %-10s %-8s %11s %11s %-14s %10.1f %-16s\n", ++i, dev.c_str(), price > 0 ? fixed1(price).c_str() : "-",
                    price > 0 ? r.cost.price_date.c_str() : "-", market.c_str(), model_w, r.model.id.c_str(), r.model.release_date.empty() ? "-" : r.model.release_date.c_str(), r.scenario.quant.c_str(),
                    gb(r.memory.total_bytes).c_str(), gb(f.headroom_bytes).c_str(),
                    where.c_str(), r.speed.decode_tokens_per_s, std::string(to_string(r.speed.decode_bound)).c_str());
    }
    if (recs.empty()) std::cout << "  nothing in the catalog meets that; loosen the target, the budget or the format\n";
    // not host_bytes > 0: llama.cpp keeps the input embedding in host RAM even with every layer on the GPU
    const bool uses_host = std::any_of(recs.begin(), recs.end(), [](const Report& r) { return r.fit.placement != Placement::gpu; });
    if (uses_host)
        std::cout << "\nRows with offload, cpu-moe or stream also rely on the host: " << num(base.host.ram_gb) << " GB of RAM at "
                  << num(base.host.ram_bw_gbps) << " GB/s (--host; its price is not in " << price_col << ").\n";
    if (!for_device)
        std::cout << "\nPrices are the devices' alone (a Mac: the whole machine), in the market --market names (US street, else launch; "
                     "--currency CNY: the Chinese market's where known, else the US one converted: the market column says whose), "
                     "dated; datacenter parts have none and come last.\n";
    return 0;
}

int ladder_command(const Given& given, Format fmt) {
    const auto scenarios = build_scenarios(given);
    if (scenarios.size() != 1) throw UsageError{"", "ladder takes one scenario, not a sweep (it sweeps the formats itself)"};
    const Scenario& base = scenarios[0];
    const Report r = evaluate(base);
    const Ladder l = quant_ladder(base);
    if (fmt != Format::table) {
        const auto out = ojson::parse(ladder_to_json(r, l));
        if (fmt == Format::json) {
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        std::vector<ojson> rows;
        for (const char* k : {"ladder", "kv_ladder"})
            for (const auto& e : out[k]) {
                ojson row{{"lever", k}, {"placement", out["ladder_placement"]}};
                row.update(e);
                rows.push_back(row);
            }
        print_csv(rows);
        return 0;
    }
    std::cout << r.model.name << " on " << r.device.name << (base.gpus > 1 ? " x" + std::to_string(base.gpus) : "") << " · " << to_string(base.engine)
              << " · placement " << to_string(l.placement) << "\n"
              << "the largest context that fits (256-token steps, up to the model's " << r.model.max_ctx << "), and decode at --ctx " << base.ctx
              << "\n\n";
    auto ctx_text = [&](int64_t c) {
        return c == 0 ? std::string("does not fit") : std::to_string(c) + (c == r.model.max_ctx ? " (max)" : "");
    };
    std::printf("  %-10s %6s %11s %18s %14s\n", "weights", "bits", "size", "max context", "decode_tps");
    for (const LadderRung& q : l.quants)
        std::printf("  %-10s %6g %11s %18s %14s\n", q.quant.c_str(), q.bits, gb(q.weights_bytes).c_str(), ctx_text(q.max_ctx).c_str(),
                    q.decode_tokens_per_s > 0 ? fixed1(q.decode_tokens_per_s).c_str() : "-");
    std::printf("\n  %s weights with each KV-cache format:\n  %-10s %6s %30s %14s\n", r.scenario.quant.c_str(), "kv cache", "bits", "max context",
                "decode_tps");
    for (const LadderRung& k : l.kv)
        std::printf("  %-10s %6g %30s %14s\n", k.quant.c_str(), k.bits, ctx_text(k.max_ctx).c_str(),
                    k.decode_tokens_per_s > 0 ? fixed1(k.decode_tokens_per_s).c_str() : "-");
    std::cout << "\n(GB = 10^9 bytes. decode_tps '-': --ctx " << base.ctx << " does not fit in that format.)\n";
    return 0;
}

int run(int argc, char** argv) {
    if (argc < 2) {
        print_help(std::cerr, nullptr);
        return 2;
    }
    const std::string cmd_name = argv[1];
    if (cmd_name == "--help" || cmd_name == "-h" || cmd_name == "help") {
        print_help(std::cout, nullptr);
        return 0;
    }
    if (cmd_name == "--version") {
        std::cout << "headroom " << version() << "\n";
        return 0;
    }
    const Command* cmd = nullptr;
    for (const auto& c : kCommands)
        if (cmd_name == c.name) cmd = &c;
    if (!cmd) throw UsageError{"command", "unknown command '" + cmd_name.substr(0, 32) + "'; accepted: size, fit, speed, recommend, cost, check, ladder, curve, models, gpus, quants, detect, schema, shape"};

    Format fmt = Format::table;
    bool format_given = false;
    Given given;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout, cmd);
            return 0;
        }
        if (a == "--json" || a == "--format" || a.rfind("--format=", 0) == 0) {
            std::string v = a == "--json" ? "json" : a.size() > 8 ? a.substr(9) : i + 1 < argc ? argv[++i] : "";
            if (format_given) throw UsageError{"format", "given twice (--json is --format json)"};
            format_given = true;
            if (v == "table") fmt = Format::table;
            else if (v == "json") fmt = Format::json;
            else if (v == "csv") fmt = Format::csv;
            else throw UsageError{"format", "accepted: table, json, csv; got '" + v.substr(0, 16) + "'"};
            continue;
        }
        if (a.rfind("--", 0) != 0) throw UsageError{"", "unexpected argument '" + a.substr(0, 64) + "'"};
        std::string name = a.substr(2), value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else {
            if (i + 1 >= argc) throw UsageError{name, "needs a value"};
            value = argv[++i];
        }
        bool known = cmd->scenario && field_of_option(name);
        for (const CommandOpt& c : kCommandOpts) known |= name == c.name && std::string(c.for_command) == cmd->name;
        if (!known)
            throw UsageError{name, std::string("unknown option for `headroom ") + cmd->name + "`; see `headroom " + cmd->name + " --help`"};
        for (const auto& g : given) {
            const Field* a = field_of_option(g.first);
            if (g.first == name || (a && a == field_of_option(name)))
                throw UsageError{name, "given twice" + (g.first == name ? std::string() : " (as --" + g.first + ")")};
        }
        given.emplace_back(name, value);
        g_typed.push_back(name);
    }
    const bool json = fmt == Format::json;
    if (auto it = std::find_if(given.begin(), given.end(), [](const auto& g) { return gives({g}, "gpu") && g.second == "auto"; });
        it != given.end()) {   // --gpu auto: this machine, as `headroom detect` reads it; options given win
        given.erase(it);
        const Detected d = detect(read_this_machine());
        std::cerr << describe(d);
        if (d.gpu_spec_needs_bw) throw UsageError{"gpu", "no catalog device for this GPU; give --gpu-spec " + d.gpu_spec + ",bw_gbps=<GB/s>"};
        for (const auto& [k, v] : d.options)
            if (!gives(given, field_of_option(k)->key)) given.emplace_back(k, v);
    }
    if (std::string(cmd->name) == "detect") {
        if (fmt == Format::csv) throw UsageError{"format", "detect prints a table or JSON"};
        const Detected d = detect(read_this_machine());
        std::cout << (json ? to_json(d).dump(2) + "\n" : describe(d));
        return 0;
    }
    if (fmt == Format::csv && (std::string(cmd->name) == "schema" || std::string(cmd->name) == "shape"))
        throw UsageError{"format", std::string(cmd->name) + " prints JSON or markdown; csv is for reports, ladders, curves, recommendations and lists"};
    if (std::string(cmd->name) == "schema") return schema_command(given);
    if (std::string(cmd->name) == "shape") return shape_command(given);
    if (!cmd->scenario) return list_command(cmd->name, fmt);

    if (std::string(cmd->name) == "check" && !gives(given, "claim_tokens_per_s") && !gives(given, "claim_fits"))
        throw UsageError{"claim-tokens-per-s", "check needs a claim: --claim-tokens-per-s 25 or --claim-fits true"};
    if (std::string(cmd->name) == "recommend") return recommend_command(given, fmt);
    if (std::string(cmd->name) == "curve") return curve_command(given, fmt);
    if (std::string(cmd->name) == "ladder") return ladder_command(given, fmt);
    if (const auto id = take(given, "preset")) {   // only `cost` takes it (kCommandOpts)
        const auto rows = scenario_rows(given);          // the other options override every build
        if (rows.size() != 1) throw UsageError{"preset", "a preset takes one set of overrides, not a sweep"};
        return preset_command(*id, rows[0].dump(), fmt);
    }
    std::vector<Report> reports;
    for (const Scenario& s : build_scenarios(given)) reports.push_back(evaluate(s));
    if (fmt == Format::csv) {
        std::vector<ojson> rows;
        for (const Report& r : reports) rows.push_back(ojson::parse(report_to_json(r)));
        print_csv(rows);
    } else if (json) {
        if (reports.size() == 1) std::cout << report_to_json(reports[0], 2) << "\n";
        else {
            std::string out = "{\"schema\":\"headroom.reports/1\",\"reports\":[";
            for (size_t i = 0; i < reports.size(); ++i) out += (i ? "," : "") + report_to_json(reports[i]);
            std::cout << ojson::parse(out + "]}").dump(2) << "\n";
        }
    } else if (reports.size() == 1) {
        print_report(reports[0], std::string(cmd->name) != "size", std::string(cmd->name) == "cost");
    } else {
        print_sweep_table(reports);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "headroom: " << (e.option.empty() ? "" : (e.option == "command" ? "" : "--" + e.option + ": ")) << e.message << "\n";
        return 2;
    } catch (const InputError& e) {
        std::cerr << "headroom: " << option_of(e.field) << ": " << e.message << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "headroom: internal error: " << e.what() << "\n";
        return 1;
    }
}
