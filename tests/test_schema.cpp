#include <algorithm>
// The schema (headroom/schema.hpp): every face reads one table, so the table itself is what is tested here,
// against the parser, the validator, the emitted reports, docs/contract.md and the fuzz dictionary.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "headroom/schema.hpp"

using namespace headroom;
using nlohmann::json;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The error field of parsing and validating a scenario, "" when it is accepted.
std::string refused(const json& j) {
    try {
        const Scenario s = scenario_from_json(j.dump());
        if (auto e = validate(s)) return e->field;
        return "";
    } catch (const InputError& e) {
        return e.field;
    }
}

// Every key path of a JSON document, arrays as [] ("memory.per_device[].used_bytes").
void walk(const json& j, const std::string& at, std::set<std::string>& out) {
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string p = at.empty() ? it.key() : at + "." + it.key();
            out.insert(p);
            // A coded sentence's parameters are named by its template (`headroom messages`), not by report_keys().
            if (it.key() != "params" && it.key() != "note_params") walk(it.value(), p, out);
        }
    else if (j.is_array())
        for (const json& e : j) walk(e, at + "[]", out);
}

}  // namespace

TEST_CASE("schema: keys are unique snake_case, options and aliases resolve to their field") {
    std::set<std::string> seen;
    for (const Field& f : scenario_fields()) {
        INFO(f.key);
        CHECK(seen.insert(std::string(f.key)).second);
        for (char c : f.key) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
        CHECK(find_field(f.key) == &f);
        for (std::string_view a : list_items(f.aliases)) {
            CHECK(seen.insert(std::string(a)).second);
            CHECK(find_field(a) == &f);
        }
        CHECK(!f.help.empty());
        if (f.type == FieldType::integer || f.type == FieldType::number) CHECK(f.min < f.max);
    }
    CHECK(find_field("nope") == nullptr);
    CHECK(cli_option(*find_field("kv_quant")) == "--kv-quant");
}

TEST_CASE("schema: enumeration values are exactly what the parser accepts and prints") {
    for (const Field& f : scenario_fields()) {
        if (f.type != FieldType::enumeration) continue;
        INFO(f.key);
        for (std::string_view sv : list_items(f.values)) {
            const std::string v(sv);
            const Scenario s = scenario_from_json(json{{std::string(f.key), v}}.dump());
            const json back = json::parse(scenario_to_json(s));
            // the canonical spelling round-trips (a field emitted when not default leaves its default out)
            if (back.contains(std::string(f.key))) CHECK(back[std::string(f.key)] == v);
            else CHECK(default_text(f) == v);
        }
        CHECK(refused(json{{std::string(f.key), "no-such-value"}}) == f.key);
    }
}

TEST_CASE("schema: defaults are the default scenario's, and a report's scenario reopens exactly") {
    const json d = json::parse(scenario_to_json(Scenario{}));
    for (const Field& f : scenario_fields()) {
        INFO(f.key);
        if (!d.contains(std::string(f.key))) {
            CHECK((f.optional() || f.type == FieldType::file || default_text(f) != "" || f.key == "claims_applied" || f.key == "gpu_spec" ||
                   f.key == "api" || f.key == "rent" || f.key == "draft_model"));
            continue;
        }
        const json& v = d[std::string(f.key)];
        if (v.is_number()) CHECK(v.get<double>() == std::stod(default_text(f)));
        else CHECK((v.is_string() ? v.get<std::string>() : v.dump()) == default_text(f));
    }
    // Every emitted scenario key is a field (or the informational config_model).
    const std::vector<json> scenarios = {
        json::object(),
        {{"model", "qwen3-30b-a3b"}, {"mode", "lora"}, {"currency", "CNY"}, {"price", 9000}, {"turns", 2}, {"n_cpu_moe", 4},
         {"decode_efficiency", 0.5}, {"prefill_efficiency", 0.3}, {"claims_applied", "x"}},
        {{"params_b", 7}, {"gpu_spec", "vendor=amd,mem_gb=48,bw_gbps=960"}, {"gpu_layers", 10}, {"placement", "offload"}},
    };
    for (const json& sj : scenarios) {
        const Scenario s = scenario_from_json(sj.dump());
        const std::string a = scenario_to_json(s);
        CHECK(scenario_to_json(scenario_from_json(a)) == a);
        const json aj = json::parse(a);
        for (auto it = aj.begin(); it != aj.end(); ++it) {
            INFO(it.key());
            CHECK((find_field(it.key()) != nullptr || it.key() == "config_model"));
        }
    }
}

TEST_CASE("schema: old spellings are accepted as input, once, and outputs use the new name") {
    const Scenario s = scenario_from_json(R"({"device":"vendor=amd,mem_gb=48,bw_gbps=960","decode_eff":0.5,"prefill_eff":0.25})");
    const json j = json::parse(scenario_to_json(s));
    CHECK(j["gpu_spec"] == "vendor=amd,mem_gb=48,bw_gbps=960");
    CHECK(j["decode_efficiency"] == 0.5);
    CHECK(j["prefill_efficiency"] == 0.25);
    CHECK(!j.contains("device"));
    CHECK(!j.contains("decode_eff"));
    CHECK(refused(json{{"decode_eff", 0.5}, {"decode_efficiency", 0.6}}) == "decode_efficiency");
}

TEST_CASE("schema: 'not set' is not a number a user can type") {
    // Optional fields are left out to get the derived value; -1 (the old sentinel) is refused, naming the field.
    for (const Field& f : scenario_fields()) {
        if (!f.optional() || (f.type != FieldType::integer && f.type != FieldType::number)) continue;
        INFO(f.key);
        CHECK(refused(json{{std::string(f.key), -1}}) == f.key);
        CHECK(refused(json{{std::string(f.key), f.max * 2}}) == f.key);
    }
    Scenario s;
    CHECK(!s.price);
    const Report r = evaluate(s);
    REQUIRE(r.has_cost);
    CHECK(r.cost.price > 0);   // derived: the launch price
}

TEST_CASE("schema: every range is enforced, naming the field and the range") {
    for (const Field& f : scenario_fields()) {
        if (f.type != FieldType::integer && f.type != FieldType::number) continue;
        if (f.key == "params_b") continue;   // a custom model's own parser checks it (below)
        INFO(f.key);
        const std::string key(f.key);
        const double below = f.min - (f.type == FieldType::integer ? 1 : std::max(f.min * 0.5, 0.001));
        try {
            const Scenario s = scenario_from_json(json{{key, below}}.dump());
            const auto e = validate(s);
            REQUIRE(e);
            CHECK(e->field == key);
            CHECK(e->message.find(key + " must be ") != std::string::npos);
        } catch (const InputError& e) {
            CHECK(e.field == key);
        }
        CHECK(refused(json{{key, f.max + 1}}) == key);
    }
    CHECK(refused(json{{"params_b", 0.001}}) == "params_b");
    CHECK(refused(json{{"ctx", 1}}) == "");
}

TEST_CASE("schema: every key a report emits is documented in report_keys()") {
    std::set<std::string> documented;
    for (const ReportKey& k : report_keys()) documented.insert(std::string(k.path));
    std::set<std::string> emitted;
    const std::vector<std::string> scenarios = {
        R"({})",
        R"({"model":"mixtral-8x7b","gpu":"rtx-4090","currency":"CNY","api_price_per_mtok":2,"cloud_gpu_per_hour":3})",
        R"({"model":"qwen3-8b","gpu":"rtx-4090","currency":"CNY","api":"deepseek/deepseek-chat","rent":"auto"})",
        R"({"model":"gpt-oss-120b","quant":"mxfp4_moe","gpu":"rtx-4090","claim_tokens_per_s":30})",
        R"({"model":"gemma-3-27b","gpu":"h100-sxm","gpus":2,"claim_fits":true})",
        R"({"model":"llama-3.1-70b","gpu":"rtx-3050-laptop-4gb","placement":"stream"})",
        R"({"model":"llama-3.1-8b","mode":"full","gpus":2})",
        R"({"model":"deepseek-v3","gpu":"h100-sxm","gpus":8,"engine":"vllm"})",
    };
    for (const std::string& s : scenarios) {
        const json r = json::parse(evaluate_json(s));
        INFO(s << " -> " << r.dump());
        REQUIRE(r["ok"] == true);
        walk(r["report"], "", emitted);
    }
    const json rec = json::parse(recommend_json(R"({"model":"llama-3.1-8b"})", RecommendFor::model, 3));
    REQUIRE(rec["ok"] == true);
    std::set<std::string> rec_keys;
    walk(rec["report"], "", rec_keys);
    for (const std::string& k : rec_keys) {
        // Recommendation entries repeat the report's objects: recommendations[].memory.total_bytes is memory.total_bytes.
        const std::string p = "recommendations[].";
        const std::string rest = k.size() > p.size() ? k.substr(p.size()) : "";
        if (k.rfind(p, 0) == 0 && (documented.count(rest) || (rest.rfind("scenario.", 0) == 0 && find_field(rest.substr(9))))) continue;
        emitted.insert(k);
    }
    for (const std::string& k : emitted) {
        if (k.rfind("scenario.", 0) == 0 && find_field(k.substr(9))) continue;   // scenario fields are the schema's
        INFO(k);
        CHECK(documented.count(k) == 1);
    }
}

TEST_CASE("schema: docs/contract.md and fuzz/scenario.dict are generated from it") {
    const std::string root = HEADROOM_SOURCE_DIR;
    const std::string doc = read_text(root + "/docs/contract.md");
    const std::string begin = "<!-- schema:begin (generated: headroom schema --markdown true) -->\n", end = "<!-- schema:end -->";
    const size_t a = doc.find(begin), b = doc.find(end);
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    CHECK(doc.substr(a + begin.size(), b - a - begin.size()) == schema_markdown());
    const std::string dict = read_text(root + "/fuzz/scenario.dict");
    const std::string marker = "# --- generated: `headroom schema --fuzz-dict true`";
    const size_t m = dict.find(marker);
    REQUIRE(m != std::string::npos);
    CHECK(dict.substr(dict.find('\n', m) + 1) == fuzz_dictionary());
}

TEST_CASE("schema: schema_json lists every field with its type, default and group") {
    const json j = json::parse(schema_json());
    CHECK(j["schema"] == "headroom.schema/1");
    REQUIRE(j["fields"].size() == scenario_fields().size());
    for (const json& f : j["fields"]) {
        INFO(f["key"]);
        CHECK(f.contains("type"));
        CHECK(f.contains("default"));
        CHECK(f.contains("group"));
        if (f["type"] == "enum") CHECK(!f["values"].empty());
        if (f["type"] == "integer") CHECK((f["default"].is_null() || f["default"].is_number_integer()));
    }
    const auto ctx = std::find_if(j["fields"].begin(), j["fields"].end(), [](const auto& f) { return f["key"] == "ctx"; });
    REQUIRE(ctx != j["fields"].end());
    CHECK((*ctx)["default"] == 8192);
    CHECK(j["fields"][0]["key"] == "model");   // the form's order: what runs first
    CHECK(j["report"].size() == report_keys().size());
}
