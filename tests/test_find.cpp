// Finding a model from what people type: Hugging Face repo ids, "did you mean", the page's search,
// and which models `recommend --gpu` puts first (docs/recommend.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "headroom/headroom.hpp"
#include "headroom/suggest.hpp"
#include "support.hpp"

using namespace headroom;
using json = nlohmann::json;

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower((unsigned char)c));
    return s;
}
using test_support::upper;
std::string model_error(const std::string& model) {
    const json r = json::parse(evaluate_json(json{{"model", model}}.dump()));
    REQUIRE(r["ok"] == false);
    CHECK(r["error"]["field"] == "model");
    return r["error"]["message"].get<std::string>();
}
bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("find: every catalog model by its id and by its Hugging Face repo id, any case") {
    const Catalog& cat = catalog();
    std::set<std::string> repos;
    for (const Model& m : cat.models()) {
        INFO(m.id << " " << m.hf_repo);
        CHECK(m.id.find('/') == std::string::npos);   // a '/' means a repo id
        CHECK(cat.find_model(upper(m.id)) == &m);
        if (m.hf_repo.empty()) continue;
        CHECK(repos.insert(lower(m.hf_repo)).second);   // one model per repo
        CHECK(cat.find_model(m.hf_repo) == &m);
        CHECK(cat.find_model(lower(m.hf_repo)) == &m);
        CHECK(cat.find_model(upper(m.hf_repo)) == &m);
    }
}

TEST_CASE("find: a repo id resolves exactly, never by guessing") {
    const Catalog& cat = catalog();
    REQUIRE(cat.find_model("qwen3-8b"));
    CHECK(cat.find_model("Qwen/Qwen3-8B") == cat.find_model("qwen3-8b"));
    CHECK(cat.find_model("QWEN/qwen3-8b") == cat.find_model("qwen3-8b"));
    // The catalog lists an instruct repo for Qwen2.5-7B: that repo works, the base repo's name does not.
    const Model* q = cat.find_model("qwen2.5-7b");
    REQUIRE(q);
    CHECK(cat.find_model(q->hf_repo) == q);
    CHECK(cat.find_model("Qwen/Qwen3-8B-Instruct") == nullptr);
    CHECK(cat.find_model("Qwen3-8B") == cat.find_model("qwen3-8b"));   // the id, any case
    CHECK(cat.find_model("qwen/qwen3-8") == nullptr);
    CHECK(cat.find_model("/") == nullptr);
    CHECK(cat.find_model("") == nullptr);
}

TEST_CASE("find: a scenario with a repo id echoes the catalog id") {
    const json r = json::parse(evaluate_json(R"({"model":"Qwen/Qwen3-8B","gpu":"rtx-4090"})"));
    REQUIRE(r["ok"] == true);
    CHECK(r["report"]["scenario"]["model"] == "qwen3-8b");
    CHECK(r["report"]["model"]["id"] == "qwen3-8b");
    // the same numbers as the id
    const json by_id = json::parse(evaluate_json(R"({"model":"qwen3-8b","gpu":"rtx-4090"})"));
    CHECK(r["report"].dump() == by_id["report"].dump());
    CHECK(scenario_from_json(R"({"model":"QWEN3-8B"})").model == "qwen3-8b");
}

TEST_CASE("find: a repository's former id resolves to the model it now names, and the report says so") {
    const Catalog& cat = catalog();
    // Meta renamed its Llama 3.1 repositories (core/data/hf/meta-llama/Llama-3.1-*/meta.json: renamed_from, sourced);
    // source: https://github.com/meta-llama/llama-models/commit/1156e8676f57de65e085abde5b5e6bf79857ae6f (sku_list.py)
    const std::pair<const char*, const char*> renamed[] = {
        {"meta-llama/Meta-Llama-3.1-8B", "llama-3.1-8b"},
        {"meta-llama/Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"},
        {"meta-llama/Meta-Llama-3.1-70B", "llama-3.1-70b"},
        {"meta-llama/Meta-Llama-3.1-70B-Instruct", "llama-3.1-70b-instruct"},
        {"meta-llama/Meta-Llama-3.1-405B", "llama-3.1-405b"},
    };
    for (const auto& [old_repo, id] : renamed) {
        INFO(old_repo);
        const Model* m = cat.find_model(old_repo);
        REQUIRE(m);
        CHECK(m->id == id);
        CHECK(cat.find_model(lower(old_repo)) == m);
        CHECK(cat.find_model(upper(old_repo)) == m);
        const RenamedRepo* r = cat.find_renamed_repo(lower(old_repo));
        REQUIRE(r);
        CHECK(r->repo == old_repo);   // as published, whatever the case typed
        CHECK(&cat.models()[r->model] == m);
        CHECK(m->hf_repo != old_repo);

        const json rep = json::parse(evaluate_json(json{{"model", lower(old_repo)}, {"gpu", "h100-sxm"}, {"gpus", 8}}.dump()));
        REQUIRE(rep["ok"] == true);
        CHECK(rep["report"]["scenario"]["model"] == id);   // links echo the catalog id
        CHECK(rep["report"]["model"]["hf_repo"] == m->hf_repo);
        int notes = 0;
        for (const json& w : rep["report"]["warnings"]) {
            if (w["code"] != "model_renamed") continue;
            ++notes;
            const std::string msg = w["message"];
            CHECK(msg.find(std::string(old_repo) + " is the repository's former id") == 0);
            CHECK(msg.find("renamed it " + m->hf_repo) != std::string::npos);
        }
        CHECK(notes == 1);
        // The same numbers as by the id, less the note.
        json by_id = json::parse(evaluate_json(json{{"model", id}, {"gpu", "h100-sxm"}, {"gpus", 8}}.dump()))["report"];
        json by_old = rep["report"];
        json& ws = by_old["warnings"];
        ws.erase(std::remove_if(ws.begin(), ws.end(), [](const json& w) { return w["code"] == "model_renamed"; }), ws.end());
        CHECK(by_old.dump() == by_id.dump());
    }
    // A draft model given by a former repo id: the same note, naming the draft.
    const json draft = json::parse(evaluate_json(json{{"model", "llama-3.1-70b"}, {"speculative", "draft"},
                                                      {"draft_model", "meta-llama/Meta-Llama-3.1-8B-Instruct"}, {"gpu", "h100-sxm"}}.dump()));
    REQUIRE(draft["ok"] == true);
    CHECK(draft["report"]["scenario"]["draft_model"] == "llama-3.1-8b-instruct");
    int draft_notes = 0;
    for (const json& w : draft["report"]["warnings"])
        if (w["code"] == "model_renamed") {
            ++draft_notes;
            CHECK(w["params"]["old"] == "meta-llama/Meta-Llama-3.1-8B-Instruct");
            CHECK(w["params"]["model"] == "llama-3.1-8b-instruct");
        }
    CHECK(draft_notes == 1);
    // Every former id: not a current one, one model each, and the model's repository is another.
    std::set<std::string> seen;
    for (const RenamedRepo& r : cat.renamed_repos) {
        INFO(r.repo);
        REQUIRE(r.model < cat.models().size());
        CHECK(seen.insert(lower(r.repo)).second);
        for (const Model& m : cat.models()) CHECK(lower(m.hf_repo) != lower(r.repo));
    }
    CHECK(cat.renamed_repos.size() >= 5);
    // Only what is sourced: Llama 3's repositories kept their names, and an id is not a repo id.
    CHECK(cat.find_renamed_repo("meta-llama/Meta-Llama-3-8B") == nullptr);
    CHECK(cat.find_model("meta-llama/Meta-Llama-3-8B")->id == "llama-3-8b");
    CHECK(cat.find_model("meta-llama/Llama-3-8B") == nullptr);
    CHECK(cat.find_renamed_repo("Meta-Llama-3.1-8B") == nullptr);
    CHECK(cat.find_model("Meta-Llama-3.1-8B") == nullptr);
    // By its current id or a catalog id, no note.
    for (const char* model : {"llama-3.1-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct", "LLM-Research/Meta-Llama-3.1-8B-Instruct"}) {
        INFO(model);
        const json rep = json::parse(evaluate_json(json{{"model", model}}.dump()));
        REQUIRE(rep["ok"] == true);
        for (const json& w : rep["report"]["warnings"]) CHECK(w["code"] != "model_renamed");
    }
    // A scenario read again with another model forgets the former id.
    Scenario s = scenario_from_json(R"({"model":"meta-llama/Meta-Llama-3.1-8B"})");
    CHECK(s.model == "llama-3.1-8b");
    CHECK(s.model_renamed_from == "meta-llama/Meta-Llama-3.1-8B");
    CHECK(scenario_from_json(R"({"model":"llama-3.1-8b"})").model_renamed_from.empty());
    // Models for a device from a scenario whose model was a former id: the other models carry no note.
    s.gpu = "rtx-4090";
    for (const Report& r : recommend(s, RecommendFor::device, 5))
        for (const Warning& w : r.warnings) CHECK(w.code != "model_renamed");
    // The page's model field: a former id is an exact match.
    const json j = json::parse(search_models_json("meta-llama/Meta-Llama-3.1-70B-Instruct", 5));
    CHECK(j["exact"] == "llama-3.1-70b-instruct");
    CHECK(j["matches"][0]["id"] == "llama-3.1-70b-instruct");
}

TEST_CASE("did you mean: the nearest ids in the core's unknown-model message") {
    auto s = suggest_models("qwen3-7b");
    REQUIRE(s.size() >= 2);
    CHECK(s[0] == "qwen3-8b");
    CHECK(s[1] == "qwen3-4b");
    CHECK(suggest_models("llama3.1-8b").at(0) == "llama-3.1-8b");
    CHECK(suggest_models("gemma3-27b").at(0) == "gemma-3-27b");
    CHECK(suggest_models("qwen3-8b-instruct").at(0) == "qwen3-8b");            // an id is its beginning
    CHECK(suggest_models("Qwen/Qwen3-8B-Instruct").at(0) == "Qwen/Qwen3-8B");   // as typed: a repo id
    CHECK(suggest_models("Qwen/Qwen3-7B").at(0) == "Qwen/Qwen3-8B");
    // A copy of a catalog model's repository (GGUF, MLX, quantized; any owner) suggests the model it derives from.
    CHECK(suggest_models("unsloth/Qwen3-8B-GGUF").at(0) == "Qwen/Qwen3-8B");
    CHECK(suggest_models("mlx-community/Qwen3-30B-A3B-4bit").at(0) == "Qwen/Qwen3-30B-A3B");
    CHECK(suggest_models("lmstudio-community/gemma-3-27b-it-GGUF").at(0) == "google/gemma-3-27b-it");
    // A copy named after a repository's former id (renamed_from in the catalog's data) suggests the current one.
    CHECK(suggest_models("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF").at(0) == "meta-llama/Llama-3.1-8B-Instruct");
    CHECK(suggest_models("bartowski/Meta-Llama-3.1-70B-Instruct-GGUF").at(0) == "meta-llama/Llama-3.1-70B-Instruct");
    CHECK(suggest_models("unsloth/Meta-Llama-3.1-8B-bnb-4bit").at(0) == "meta-llama/Llama-3.1-8B");
    CHECK(suggest_models("meta-llama/Meta-Llama-3.1-8B-Instrct").at(0) == "meta-llama/Llama-3.1-8B-Instruct");   // a typo of the former id
    CHECK(suggest_models("Meta-Llama-3.1-70B-Instruct").at(0) == "llama-3.1-70b-instruct");   // the former name as an id
    // Llama 3 kept its repository names (no renamed_from): its copies still find it.
    CHECK(suggest_models("bartowski/Meta-Llama-3-8B-Instruct-GGUF").at(0) == "meta-llama/Meta-Llama-3-8B-Instruct");
    CHECK(suggest_models("unsloth/gpt-oss-20b-GGUF").at(0) == "openai/gpt-oss-20b");
    for (const std::string& id : suggest_models("deepseek")) CHECK(id.rfind("deepseek", 0) == 0);   // a family's beginning
    CHECK(suggest_models("qwen3-7b", 1).size() == 1);
    CHECK(suggest_models("zzzzzzzzzzzz").empty());
    CHECK(suggest_models("").empty());
    CHECK(suggest_models(std::string(100000, 'q')).size() <= 3);   // cut before it is compared
    CHECK(suggest_models("\xff\xfe-8b").size() <= 3);

    const std::string msg = model_error("qwen3-7b");
    CHECK(msg.find("unknown model 'qwen3-7b' (did you mean qwen3-8b, qwen3-4b") == 0);
    CHECK(model_error("llama3.1-8b").find("did you mean llama-3.1-8b") != std::string::npos);
    CHECK(model_error("zzzzzzzzzzzz").find("did you mean") == std::string::npos);
    CHECK(model_error("zzzzzzzzzzzz").find("`headroom models` lists") != std::string::npos);
    // An unknown repo id still fails, with the current name suggested.
    CHECK(model_error("meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo").find("did you mean meta-llama/Llama-3.1-8B-Instruct") != std::string::npos);
    CHECK(model_error("meta-llama/Meta-Llama-3.1-405B-Instruct").find("did you mean meta-llama/Llama-3.1-405B") != std::string::npos);
}

TEST_CASE("did you mean: the nearest device ids in the core's unknown-device message") {
    const auto error_of = [](const json& scenario) {
        const json r = json::parse(evaluate_json(scenario.dump()));
        REQUIRE(r["ok"] == false);
        CHECK(r["error"]["field"] == "gpu");
        return r["error"];
    };
    // Every word in the id or the name, letters and digits compared (the page's device finder); the plain card first.
    json e = error_of({{"gpu", "4090"}});
    CHECK(e["code"] == "unknown_device_near");
    CHECK(e["params"]["near"].get<std::string>().rfind("rtx-4090, ", 0) == 0);
    CHECK(e["message"].get<std::string>().find("(did you mean rtx-4090, ") != std::string::npos);
    CHECK(error_of({{"gpu", "RTX4090"}})["params"]["near"].get<std::string>().rfind("rtx-4090, ", 0) == 0);
    CHECK(error_of({{"gpu", "910b"}})["params"]["near"] == "ascend-910b-64gb");
    const std::string h100 = error_of({{"gpu", "H100"}})["params"]["near"];
    CHECK(h100.find("h100-sxm") != std::string::npos);
    CHECK(h100.find("mi100") == std::string::npos);
    // A typo: the ids at most two edits away.
    CHECK(error_of({{"gpu", "rtx-4900"}})["params"]["near"].get<std::string>().find("rtx-4090") != std::string::npos);
    // Nothing near: the message as before, without a near parameter.
    e = error_of({{"gpu", "zzz"}});
    CHECK(e["code"] == "unknown_device");
    CHECK(!e["params"].contains("near"));
    // One card of a mixed machine.
    e = error_of({{"gpu", "rtx-4090+3090"}});
    CHECK(e["code"] == "unknown_device_in_near");
    CHECK(e["params"]["near"].get<std::string>().rfind("rtx-3090", 0) == 0);
}

TEST_CASE("search: by family, size, repo id and id, every word matching") {
    auto ids = [](std::string_view q, size_t n = 200) {
        std::vector<std::string> out;
        for (const Model* m : search_models(q, n)) out.push_back(m->id);
        return out;
    };
    const auto eight = ids("8b");
    CHECK(has(eight, "qwen3-8b"));
    CHECK(has(eight, "llama-3.1-8b"));
    for (const Model* m : search_models("8B", 200)) {
        INFO(m->id);
        CHECK(std::fabs(m->params_b_nominal - 8) < 1e-9);   // a size word finds that size, not 38b or a8b
    }
    // Every word must match (the catalog may hold several 30B-A3B models: Coder, VL, 2507 updates).
    CHECK(has(ids("30b a3b"), "qwen3-30b-a3b"));
    for (const Model* m : search_models("30b a3b", 200)) CHECK(lower(m->id + m->name).find("a3b") != std::string::npos);
    CHECK(has(ids("qwen3 30b"), "qwen3-30b-a3b"));
    CHECK(!has(ids("qwen3 30b"), "qwen3-32b"));
    CHECK(ids("Qwen/Qwen3-8B").at(0) == "qwen3-8b");       // the exact repo first
    CHECK(ids("meta-llama/Meta-Llama-3.1-8B-Instruct").at(0) == "llama-3.1-8b-instruct");   // a former repo id, exact
    CHECK(has(ids("meta-llama-3.1 70b"), "llama-3.1-70b"));   // the former names are searched too
    CHECK(ids("qwen3-8b").at(0) == "qwen3-8b");
    for (const Model* m : search_models("meta-llama", 200)) CHECK(lower(m->hf_repo).rfind("meta-llama/", 0) == 0);
    CHECK(ids("meta-llama").size() >= 5);
    const auto gemma = search_models("gemma", 200);
    CHECK(gemma.size() >= 4);
    for (const Model* m : gemma) CHECK(lower(m->id + m->name + m->family + m->hf_repo).find("gemma") != std::string::npos);
    CHECK(!has(ids("gemma"), "llama-3.1-8b"));
    CHECK(has(ids("gemma 27b"), "gemma-3-27b"));
    CHECK(has(ids("gemma 27b"), "gemma-2-27b"));
    CHECK(!has(ids("gemma 27b"), "gemma-3-12b"));
    CHECK(ids("gpt-oss").size() >= 2);
    CHECK(ids("").empty());
    CHECK(ids("   ").empty());
    CHECK(ids("nothing-like-this").empty());
    CHECK(ids("8b", 2).size() == 2);
    CHECK(search_models(std::string(100000, 'a'), 5).empty());

    const json j = json::parse(search_models_json("Qwen/Qwen3-8B", 5));
    CHECK(j["exact"] == "qwen3-8b");
    CHECK(j["matches"][0]["id"] == "qwen3-8b");
    CHECK(j["matches"][0].contains("release_date"));
    CHECK(j["matches"][0]["hf_repo"] == "Qwen/Qwen3-8B");
    const json none = json::parse(search_models_json("qwen3-7b", 5));
    CHECK(none["exact"] == "");
    CHECK(none["matches"].empty());
    CHECK(none["suggestions"][0] == "qwen3-8b");
    CHECK(json::parse(search_models_json("\xff\xff", 5))["matches"].is_array());
}

TEST_CASE("recommend --gpu: formats of min_bits and up, sensible formats and recent models first") {
    const Catalog& cat = catalog();
    auto bits = [&](const Report& r) { return cat.find_weight_format(r.scenario.quant)->nominal_bits; };
    Scenario s = scenario_from_json(R"({"gpu":"rtx-4090"})");
    CHECK(s.min_bits == 4);
    const auto def = recommend(s, RecommendFor::device, 100);
    REQUIRE(!def.empty());
    for (const Report& r : def) {
        INFO(r.model.id << " " << r.scenario.quant);
        CHECK(bits(r) >= 4);   // no 2- or 3-bit quant by default
    }
    s.min_bits = 2;
    const auto all = recommend(s, RecommendFor::device, 100);
    CHECK(all.size() >= def.size());
    bool narrow_seen = false;
    for (const Report& r : all) {
        INFO(r.model.id << " " << r.scenario.quant);
        if (bits(r) < 4) narrow_seen = true;
        else CHECK(!narrow_seen);   // every 4-bit-or-wider row before any narrower one
    }
    // Within a tier: the catalog's last year of releases first (when dates are known), then the larger.
    std::string newest;
    for (const Model& m : cat.models()) newest = std::max(newest, m.release_date);
    const std::string since = newest.empty() ? "" : std::to_string(std::stoi(newest.substr(0, 4)) - 1) + newest.substr(4);
    auto recent = [&](const Report& r) { return !since.empty() && r.model.release_date >= since; };
    for (size_t i = 1; i < def.size(); ++i) {
        INFO(def[i - 1].model.id << " then " << def[i].model.id);
        CHECK(recent(def[i - 1]) >= recent(def[i]));
        if (recent(def[i - 1]) == recent(def[i])) CHECK(def[i - 1].params_total >= def[i].params_total);
    }
    // The option is a scenario field with its range.
    const json bad = json::parse(recommend_json(R"({"gpu":"rtx-4090","min_bits":0.5})", RecommendFor::device, 3));
    CHECK(bad["ok"] == false);
    CHECK(bad["error"]["field"] == "min_bits");
    // Hardware for a model is not filtered: the scenario's format is the user's.
    const auto hw = recommend(scenario_from_json(R"({"model":"llama-3.1-8b","quant":"q3_k_m"})"), RecommendFor::model, 3);
    CHECK(!hw.empty());
}
