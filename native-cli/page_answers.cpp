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
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "page_calls.hpp"

namespace {

using nlohmann::json;
namespace page = headroom::page;

// A call's argument i as the function's parameter type (strings, and recommend's / search_models' top).
template <typename T>
T arg(const json& call, std::size_t i);
template <>
std::string arg<std::string>(const json& call, std::size_t i) {
    if (!call[i].is_string()) throw std::invalid_argument(call.dump() + ": argument " + std::to_string(i) + " must be a string");
    return call[i].get<std::string>();
}
template <>
int arg<int>(const json& call, std::size_t i) {
    if (!call[i].is_number_integer()) throw std::invalid_argument(call.dump() + ": argument " + std::to_string(i) + " must be an integer");
    return call[i].get<int>();
}

template <typename... A, std::size_t... I>
std::string invoke(std::string (*f)(A...), const json& call, std::index_sequence<I...>) {
    return f(arg<std::decay_t<A>>(call, I + 1)...);
}
template <typename... A>
std::string invoke(std::string (*f)(A...), const json& call) {
    if (call.size() != sizeof...(A) + 1)
        throw std::invalid_argument(call.dump() + ": " + call[0].get<std::string>() + " takes " + std::to_string(sizeof...(A)) + " arguments");
    return invoke(f, call, std::index_sequence_for<A...>{});
}

std::string answer(const json& call) {
    if (!call.is_array() || call.empty() || !call[0].is_string()) throw std::invalid_argument(call.dump() + ": a call is [name, ...args]");
    const std::string name = call[0].get<std::string>();
#define HEADROOM_ANSWER(fn) \
    if (name == #fn) return invoke(&page::fn, call);
    HEADROOM_PAGE_FUNCTIONS(HEADROOM_ANSWER)
#undef HEADROOM_ANSWER
#define HEADROOM_NAME(fn) " " #fn
    throw std::invalid_argument(call.dump() + ": no page function " + name + " (the page's:" HEADROOM_PAGE_FUNCTIONS(HEADROOM_NAME) ")");
#undef HEADROOM_NAME
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
