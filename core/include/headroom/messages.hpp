// headroom/messages.hpp — every sentence the core writes for people (warnings, input errors, claim verdicts,
// launch notes) has a stable code, named parameters and one English template (core/src/messages.cpp).
// A face in another language translates the template by its code and fills in the same parameters.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace headroom {

struct Param {
    std::string name, value;   // value: already formatted ("25.8 GB", "12", "rtx-4090")
};
using Params = std::vector<Param>;

// The English text of a code with its parameters; "{name}" stays as typed where a parameter is missing.
std::string render_message(std::string_view code, const Params& params);

// {"schema": "headroom.messages/1", "messages": [{"code", "kind", "text", "params": [names]}]}: every code,
// its kind (warning, error, verdict, note) and its English template, for translators and their tests.
std::string messages_json();

// A count grouped by thousands, as a message parameter and the CLI's tables write it: 16501 -> "16,501".
std::string group_thousands(int64_t v);

}  // namespace headroom
