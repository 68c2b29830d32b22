// headroom-page-answers: the page's calls answered by the native core at build time. The page's default view
// (no scenario in the link) makes a known handful of calls (the defaults, the schema, the catalog, and for the
// default scenario its result, recommendations, quant ladder and speed curve); scripts/prerender-page.mjs lists
// them, this tool answers each with the functions the wasm modules bind (wasm/page_calls.hpp), and the page
// reads the answers from data/answers.json instead of loading the module (web/js/core.js). The module is fetched
// when the reader moves to the form or types (docs/page.md). wasm/test/answers.test.mjs checks every answer
// against the module's own.
//
// stdin: a JSON array of calls, each [name, ...args] (args: strings, and recommend's / search_models' top as a
// number). stdout: {"calls": [...the same...], "answers": [one string per call]}. Exit 2 on a call it does not
// know or arguments of the wrong type, naming it.
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "page_calls.hpp"

namespace {

using nlohmann::json;
namespace page = headroom::page;

std::string arg_string(const json& call, std::size_t i) {
    if (call.size() <= i || !call[i].is_string()) throw std::invalid_argument(call.dump() + ": argument " + std::to_string(i) + " must be a string");
    return call[i].get<std::string>();
}
int arg_int(const json& call, std::size_t i) {
    if (call.size() <= i || !call[i].is_number_integer()) throw std::invalid_argument(call.dump() + ": argument " + std::to_string(i) + " must be an integer");
    return call[i].get<int>();
}

std::string answer(const json& call) {
    if (!call.is_array() || call.empty() || !call[0].is_string()) throw std::invalid_argument(call.dump() + ": a call is [name, ...args]");
    const std::string name = call[0].get<std::string>();
    const auto n_args = [&](std::size_t n) {
        if (call.size() != n + 1) throw std::invalid_argument(call.dump() + ": " + name + " takes " + std::to_string(n) + " arguments");
    };
    if (name == "evaluate") { n_args(1); return page::evaluate(arg_string(call, 1)); }
    if (name == "recommend") { n_args(3); return page::recommend(arg_string(call, 1), arg_string(call, 2), arg_int(call, 3)); }
    if (name == "preset") { n_args(2); return page::preset(arg_string(call, 1), arg_string(call, 2)); }
    if (name == "speed_curve") { n_args(2); return page::speed_curve(arg_string(call, 1), arg_string(call, 2)); }
    if (name == "ladder") { n_args(1); return page::ladder(arg_string(call, 1)); }
    if (name == "search_models") { n_args(2); return page::search_models(arg_string(call, 1), arg_int(call, 2)); }
    n_args(0);
    if (name == "catalog") return page::catalog();
    if (name == "apis") return page::apis();
    if (name == "rentals") return page::rentals();
    if (name == "messages") return page::messages();
    if (name == "default_scenario") return page::default_scenario();
    if (name == "schema") return page::schema();
    if (name == "version") return page::version();
    throw std::invalid_argument(call.dump() + ": no page function " + name +
                                " (evaluate, recommend, preset, speed_curve, ladder, search_models, catalog, apis, rentals, messages,"
                                " default_scenario, schema, version)");
}

}  // namespace

int main() {
    try {
        const json calls = json::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}));
        if (!calls.is_array()) throw std::invalid_argument("stdin must be a JSON array of calls");
        json answers = json::array();
        for (const auto& call : calls) answers.push_back(answer(call));
        std::cout << json{{"calls", calls}, {"answers", answers}}.dump() << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "headroom-page-answers: " << e.what() << '\n';
        return 2;
    }
}
