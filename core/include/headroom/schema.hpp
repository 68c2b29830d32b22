// headroom/schema.hpp — every scenario field and report key declared once.
//
// A scenario field is one row: its JSON / URL key (the CLI option is the key with dashes), type, unit,
// accepted range or values, default, group and help. Parsing, JSON output, range validation, the CLI's
// options and --help, the page's form (through the wasm module's schema()), the fuzz dictionary and the
// key tables of docs/contract.md are all read from these rows: adding a field is one row plus its formula.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace headroom {

enum class FieldType {
    id,           // a catalog id (`catalog` names which catalog)
    enumeration,  // one of `values`
    integer,      // a whole number in min..max
    number,       // a finite number in min..max
    boolean,
    string,       // free text (e.g. a currency code checked by the core)
    spec,         // key=value,... text (a custom device, a host)
    file,         // the contents of a file (the CLI reads the path given; JSON and the page carry the text)
};

// Where a field belongs on a form; the CLI's --help lists fields in these groups.
enum class FieldGroup { what_runs, where, how, finetune, task, cost_inputs, targets, check };

struct Field {
    std::string_view key;        // JSON and URL key; the CLI option is --key with '_' -> '-'
    FieldType type;
    FieldGroup group;
    std::string_view unit;       // "tokens", "W", "GB/s", "" for none
    double min = 0, max = 0;     // integer and number: the accepted range, inclusive
    std::string_view values;     // enumeration: the accepted values; id: the catalog; comma-separated
    std::string_view help;       // one line, English (faces translate by key)
    std::string_view auto_text;  // optional fields (no default value): what the core uses when the field is absent
    std::string_view aliases;    // older spellings accepted as input keys and CLI options, comma-separated
    bool sweep = false;          // the CLI accepts a comma list and evaluates each value
    bool echo = false;           // set by the core and echoed in reports (accepted so a report's scenario reopens): no form input
    bool optional() const { return !auto_text.empty(); }
};

// Every scenario field, in the order a report's `scenario` object lists them.
const std::vector<Field>& scenario_fields();
// A field by key or alias (as written in JSON, URLs or CLI options with dashes turned to underscores).
const Field* find_field(std::string_view key_or_alias);
// The CLI option of a field: "--" + key with '_' -> '-'.
std::string cli_option(const Field& f);
// The default scenario's value of a field as text ("8192", "llama-3.1-8b"); "" for optional fields.
std::string default_text(const Field& f);
// The items of a comma-separated list in a Field ("a,b,c": values, aliases), and the same list for a message ("a, b, c").
std::vector<std::string_view> list_items(std::string_view list);
std::string list_text(std::string_view list);
std::string_view to_string(FieldType t);
std::string_view to_string(FieldGroup g);

// One key of the report (`headroom.report/1`), its unit and meaning. Paths use '.' between objects and
// '[]' for array elements ("memory.per_device[].used_bytes"); tests check every emitted key is listed.
struct ReportKey {
    std::string_view path, unit, meaning;
};
const std::vector<ReportKey>& report_keys();

// {"schema":"headroom.schema/1","version":..,"groups":[..],"fields":[..],"report":[..]}: what the page
// builds its form from, and what `headroom schema --json` prints.
std::string schema_json();
// Markdown tables of scenario fields and report keys, as docs/contract.md holds them (a test compares).
std::string schema_markdown();
// A libFuzzer dictionary of every scenario key and enumeration value (fuzz/scenario.dict; a test compares).
std::string fuzz_dictionary();

}  // namespace headroom
