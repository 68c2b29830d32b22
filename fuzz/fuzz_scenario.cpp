// Scenario JSON (the URL state decoded by the page; the wasm boundary): scenario_from_json, evaluate,
// the JSON round trip, and evaluate_json as the page calls it.
#include "fuzz_common.hpp"
#include "scenario_json.hpp"   // core/src: the flat-object reader against nlohmann's parser

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // The core reads a flat object itself (json_io.cpp): it must read every text as nlohmann's parser does.
    {
        const auto a = headroom::detail::parse_json(text), b = headroom::detail::parse_json_full(text);
        if (a.is_discarded() != b.is_discarded() || (!a.is_discarded() && a.dump() != b.dump()))
            headroom_fuzz::finding("the flat-object JSON reader and nlohmann's parser disagree", std::string(text));
    }
    headroom::Scenario s;
    try {
        s = headroom::scenario_from_json(text);
    } catch (const headroom::InputError&) {
        headroom_fuzz::check_boundary(headroom::evaluate_json(text));
        return 0;
    } catch (const std::exception& e) {
        headroom_fuzz::finding("scenario_from_json threw a non-InputError exception", e.what());
    }
    headroom_fuzz::evaluate_checked(s);
    // A scenario that parsed must survive scenario -> JSON -> scenario unchanged (config models travel as
    // their shape only in the report, so the round trip is checked for catalog and params_b models).
    if (!s.custom_model || s.custom_model_origin == "params_b") {
        const std::string a = headroom::scenario_to_json(s);
        try {
            const std::string b = headroom::scenario_to_json(headroom::scenario_from_json(a));
            if (a != b) headroom_fuzz::finding("scenario JSON round trip differs", a + " vs " + b);
        } catch (const headroom::InputError& e) {
            headroom_fuzz::finding("scenario_to_json output is refused by scenario_from_json", a + ": " + e.field + ": " + e.message);
        }
    }
    headroom_fuzz::check_boundary(headroom::evaluate_json(text));
    return 0;
}
