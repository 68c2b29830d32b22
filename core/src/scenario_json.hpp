// The scenario's JSON face, read from the schema table (schema.cpp). Internal to the core.
#pragma once
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "headroom/scenario.hpp"

namespace headroom::detail {
// The scenario as a report lists it: the schema's fields that apply, in the schema's order.
nlohmann::ordered_json scenario_object(const Scenario& s);
// Catalog ids, enumerations and the schema's ranges, in the schema's order: the first problem, if any.
std::optional<InputError> validate_fields(const Scenario& s);
// Every JSON document the core reads (json_io.cpp): one parser, into an ordered_json (keys in the document's order; a
// repeated key keeps its first place and its last value), in time linear in the text, however many keys an object
// has (ordered_json's own parse looks each key up in a list). Discarded (is_discarded()) when the text is not JSON.
nlohmann::ordered_json parse_json(std::string_view text);
// The same with nlohmann's parser whatever the text (parse_json reads a flat object itself): the fuzzer compares them.
nlohmann::ordered_json parse_json_full(std::string_view text);
// A copy with every object's keys sorted, as nlohmann::json (a std::map) held and wrote them: where an output kept
// that order (a repository summary's config, a preset's article).
nlohmann::ordered_json sorted_json(const nlohmann::ordered_json& v);
}  // namespace headroom::detail
