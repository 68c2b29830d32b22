// Every input the fuzzers (fuzz/) ever crashed on, kept: tests/data/regressions/<target>/* is fed to
// the same parser as fuzz/fuzz_<target>.cpp. A parser may refuse with InputError and nothing else;
// what it accepts evaluates to a report with finite numbers only. Plus the hostile inputs of issue #7
// (huge and deeply nested files), which must be refused quickly and without recursion.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream o;
    o << f.rdbuf();
    return o.str();
}

using test_support::all_finite;

// Evaluates `s`; InputError is a fine answer. Anything else fails the test.
void evaluate_ok(const Scenario& s) {
    try {
        const Report r = evaluate(s);
        CHECK(all_finite(nlohmann::json::parse(report_to_json(r))));
        CHECK(r.memory.total_bytes >= 0);
    } catch (const InputError& e) {
        CHECK(!e.message.empty());
    }
}

// The same driver as fuzz/fuzz_<target>.cpp, with CHECKs instead of abort().
void feed(const std::string& target, const std::string& text) {
    try {
        if (target == "config") {
            Scenario s;
            s.model = "custom";
            s.custom_model = model_from_hf_config(text, "regression");
            s.custom_model_origin = "config";
            evaluate_ok(s);
            s.placement = Placement::stream;
            s.ctx = 131072;
            s.batch = 4;
            evaluate_ok(s);
        } else if (target == "scenario") {
            const std::string out = evaluate_json(text);
            const auto j = nlohmann::json::parse(out);
            if (j["ok"] == true) CHECK(all_finite(j));
            else CHECK(j["error"]["field"] != "internal");
            const Scenario s = scenario_from_json(text);
            evaluate_ok(s);
            if (!s.custom_model || s.custom_model_origin == "params_b") {
                const std::string a = scenario_to_json(s);
                CHECK(scenario_to_json(scenario_from_json(a)) == a);
            }
        } else if (target == "device_spec") {
            Scenario s;
            s.custom_device = parse_device_spec(text);
            s.gpu_spec = text;
            evaluate_ok(s);
            s.model = "deepseek-v3";
            s.gpus = 3;
            evaluate_ok(s);
        } else if (target == "host_spec") {
            Scenario s;
            s.model = "llama-3.1-70b";
            s.host = parse_host_spec(text);
            for (Placement p : {Placement::auto_, Placement::offload, Placement::stream}) {
                s.placement = p;
                evaluate_ok(s);
            }
        } else if (target == "claims") {
            Scenario s;
            s.model = "llama-3.1-70b";
            s.placement = Placement::stream;
            apply_claims(s, text);
            evaluate_ok(s);
        } else {
            FAIL("unknown regression folder " + target);
        }
    } catch (const InputError& e) {
        CHECK(!e.field.empty());
        CHECK(!e.message.empty());
    }
}

std::string nested(size_t depth, const std::string& open, const std::string& close) {
    std::string s;
    s.reserve(depth * (open.size() + close.size()));
    for (size_t i = 0; i < depth; ++i) s += open;
    for (size_t i = 0; i < depth; ++i) s += close;
    return s;
}

template <class F>
double seconds(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

using test_support::field_of;

}  // namespace

TEST_CASE("fuzzer findings stay fixed", "[regressions]") {
    const fs::path root = fs::path(HEADROOM_TEST_DATA) / "regressions";
    REQUIRE(fs::is_directory(root));
    int n = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
        if (!dir.is_directory()) continue;
        for (const auto& f : fs::directory_iterator(dir.path())) {
            if (f.path().filename().string().front() == '.') continue;
            INFO(f.path().string());
            feed(dir.path().filename().string(), read(f.path()));
            ++n;
        }
    }
    CHECK(n > 0);
}

TEST_CASE("huge and deeply nested inputs are refused quickly, without recursion", "[regressions]") {
    // A 10 MB config.json: refused on its size before parsing.
    const std::string big = "{\"a\":\"" + std::string(10'000'000, 'x') + "\"}";
    double t = seconds([&] { CHECK(field_of([&] { model_from_hf_config(big); }) == "config"); });
    CHECK(t < 0.5);
    t = seconds([&] { CHECK(evaluate_json(nlohmann::json{{"config", big}}.dump()).find("\"ok\":false") != std::string::npos); });
    CHECK(t < 2.0);
    CHECK(field_of([&] { scenario_from_json(big); }) == "scenario");
    CHECK(field_of([&] { Scenario s; apply_claims(s, big); }) == "claims");

    // A million levels of nesting, within the size limits: refused by a non-recursive scan before any
    // recursive code (parser callbacks, dump, destructors) could exhaust the stack.
    const std::string deep_arr = nested(1'000'000, "[", "]");
    const std::string deep_obj = nested(200'000, "{\"a\":", "}");
    t = seconds([&] {
        CHECK(field_of([&] { model_from_hf_config(deep_arr); }) == "config");
        CHECK(field_of([&] { model_from_hf_config(deep_obj); }) == "config");
        CHECK(field_of([&] { scenario_from_json(deep_arr); }) == "scenario");
        CHECK(field_of([&] { scenario_from_json("{\"config\":" + deep_obj + "}"); }) == "scenario");
        CHECK(field_of([&] { scenario_from_json("{\"claims\":" + deep_arr + "}"); }) == "scenario");
        CHECK(field_of([&] { Scenario s; apply_claims(s, deep_obj); }) == "claims");
        CHECK(evaluate_json(deep_arr).find("\"ok\":false") != std::string::npos);
    });
    CHECK(t < 5.0);

    // Long specs are refused on their length.
    CHECK(field_of([&] { parse_device_spec(std::string(5000, 'a')); }) == "device");
    CHECK(field_of([&] { parse_host_spec(std::string(5000, ',')); }) == "host");
}
