// The scenario's JSON face, read from the schema table (schema.cpp). Internal to the core.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "headroom/scenario.hpp"

namespace headroom::detail {
// The scenario as a report lists it: the schema's fields that apply, in the schema's order.
nlohmann::ordered_json scenario_object(const Scenario& s);
// Catalog ids, enumerations and the schema's ranges, in the schema's order: the first problem, if any.
std::optional<InputError> validate_fields(const Scenario& s);
}  // namespace headroom::detail
