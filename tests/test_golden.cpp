// Golden reports (approval tests). Each tests/golden/*.json holds a scenario, the entry point that runs it
// and the approved answer:
//   {"about": "what it covers",
//    "command": "evaluate" | "recommend-model" | "recommend-device" | "preset",
//    "preset": "ID",            (preset only; "scenario" then holds the overrides)
//    "top": N,                  (recommend only; default 3)
//    "scenario": {...},         the scenario JSON as the page and the wasm module send it
//    "report": {...}}           the approved report (preset: the comparison), or
//    "error": {field, message}  when the core refuses the scenario.
// This test runs every file through the core's JSON entry points (evaluate_json, recommend_json, preset_json)
// and compares the answer with the approved one as JSON values, numbers exactly; a mismatch lists the JSON
// paths that differ with the approved and the new value. wasm/test/golden.test.mjs runs the same files through
// the wasm module, so both cores must give the same reports.
//
// An intended change of reports: `scripts/approve-golden [build-dir]` rewrites every file's answer from the
// current core (this binary with HEADROOM_APPROVE_GOLDEN=1); review `git diff tests/golden` and commit it
// with the change. A new scenario: a file with "about", "command" and "scenario" only, then approve.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"

namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

std::vector<fs::path> golden_files() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(HEADROOM_GOLDEN_DIR))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

ojson read_json(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    return ojson::parse(text.str());
}

// The core's answer for one golden file: {"report": ...} or {"error": ...}.
ojson answer(const ojson& g) {
    const std::string command = g.at("command").get<std::string>();
    const std::string scenario = g.at("scenario").dump();
    if (command == "preset") {
        try {
            return ojson{{"report", ojson::parse(headroom::preset_json(g.at("preset").get<std::string>(), scenario))}};
        } catch (const headroom::InputError& e) {
            return ojson{{"error", ojson{{"field", e.field}, {"message", e.message}}}};
        }
    }
    std::string text;
    if (command == "evaluate") text = headroom::evaluate_json(scenario);
    else if (command == "recommend-model" || command == "recommend-device")
        text = headroom::recommend_json(scenario, command == "recommend-model" ? headroom::RecommendFor::model : headroom::RecommendFor::device,
                                        g.value("top", 3));
    else
        throw std::runtime_error("unknown command '" + command + "' (evaluate, recommend-model, recommend-device, preset)");
    const ojson a = ojson::parse(text);
    return a.at("ok").get<bool>() ? ojson{{"report", a.at("report")}} : ojson{{"error", a.at("error")}};
}

std::string shown(const ojson& v) {
    std::string s = v.dump();
    return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

// Every path where `now` differs from `approved`. Numbers compare by value, exactly (an integer and a float
// holding the same value are equal, as they are once JavaScript parses them); object key order is ignored.
void diff(const ojson& approved, const ojson& now, const std::string& path, std::vector<std::string>& out) {
    const std::string here = path.empty() ? "<root>" : path;
    if (approved.is_object() && now.is_object()) {
        for (auto it = approved.begin(); it != approved.end(); ++it) {
            const std::string p = path.empty() ? it.key() : path + "." + it.key();
            if (!now.contains(it.key())) out.push_back(p + ": removed (was " + shown(it.value()) + ")");
            else diff(it.value(), now.at(it.key()), p, out);
        }
        for (auto it = now.begin(); it != now.end(); ++it)
            if (!approved.contains(it.key()))
                out.push_back((path.empty() ? it.key() : path + "." + it.key()) + ": added (now " + shown(it.value()) + ")");
    } else if (approved.is_array() && now.is_array()) {
        for (size_t i = 0; i < std::min(approved.size(), now.size()); ++i)
            diff(approved[i], now[i], path + "[" + std::to_string(i) + "]", out);
        if (approved.size() != now.size())
            out.push_back(here + ": " + std::to_string(approved.size()) + " elements, now " + std::to_string(now.size()));
    } else if (approved != now) {
        out.push_back(here + ": " + shown(approved) + " -> " + shown(now));
    }
}

}  // namespace

TEST_CASE("golden reports: the core gives the approved answer for every scenario in tests/golden") {
    const bool approve = std::getenv("HEADROOM_APPROVE_GOLDEN") != nullptr;
    const auto files = golden_files();
    REQUIRE(!files.empty());
    for (const fs::path& file : files) {
        INFO(file.filename().string());
        const ojson g = read_json(file);
        const ojson now = answer(g);
        if (approve) {   // keep the file's own keys and order, replace the answer
            ojson out;
            for (auto it = g.begin(); it != g.end(); ++it)
                if (it.key() != "report" && it.key() != "error") out[it.key()] = it.value();
            for (auto it = now.begin(); it != now.end(); ++it) out[it.key()] = it.value();
            std::ofstream(file) << out.dump(2) << "\n";
            continue;
        }
        if (!g.contains("report") && !g.contains("error")) {
            FAIL_CHECK("not approved yet: run scripts/approve-golden and review the new file");
            continue;
        }
        ojson approved;
        for (const char* k : {"report", "error"})
            if (g.contains(k)) approved[k] = g.at(k);
        std::vector<std::string> diffs;
        diff(approved, now, "", diffs);
        if (diffs.empty()) continue;
        std::string msg = std::to_string(diffs.size()) + " path(s) differ from the approved answer (approved -> now):\n";
        for (size_t i = 0; i < std::min<size_t>(diffs.size(), 10); ++i) msg += "  " + diffs[i] + "\n";
        if (diffs.size() > 10) msg += "  ... and " + std::to_string(diffs.size() - 10) + " more\n";
        msg += "If the change is intended: scripts/approve-golden, then review git diff tests/golden.";
        FAIL_CHECK(msg);
    }
}

// The corpus keeps covering what it was written to cover: a deleted or rewritten file must not drop a
// placement, engine, mode or entry point unnoticed.
TEST_CASE("golden reports: the corpus covers every placement, engine, mode and entry point") {
    std::set<std::string> seen;
    for (const fs::path& file : golden_files()) {
        const ojson g = read_json(file);
        seen.insert("command " + g.at("command").get<std::string>());
        if (!g.contains("report") || g.at("command") != "evaluate") continue;
        const ojson& r = g.at("report");
        seen.insert("placement " + r.at("fit").at("placement").get<std::string>());
        seen.insert("engine " + r.at("scenario").at("engine").get<std::string>());
        seen.insert("mode " + r.at("scenario").at("mode").get<std::string>());
        seen.insert("method " + r.at("scenario").at("method").get<std::string>());
        if (r.contains("verdict")) seen.insert("verdict " + r.at("verdict").at("verdict").get<std::string>());
        if (!r.at("fit").at("fits").get<bool>()) seen.insert("no fit");
        if (r.contains("cost")) seen.insert("currency " + r.at("cost").at("currency").get<std::string>());
    }
    for (const char* want : {"command evaluate", "command recommend-model", "command recommend-device", "command preset",
                             "placement gpu", "placement offload", "placement cpu-moe", "placement stream",
                             "engine generic", "engine llama.cpp", "engine vllm", "engine transformers",
                             "mode inference", "mode lora", "mode qlora", "mode full", "method detailed", "method rule-of-thumb",
                             "verdict impossible", "verdict optimistic", "verdict plausible", "verdict conservative",
                             "no fit", "currency USD", "currency CNY"}) {
        INFO(want);
        CHECK(seen.count(want) == 1);
    }
}
