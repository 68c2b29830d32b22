// The built-in catalog: core/data/*.json, checked and compiled into tables by scripts/gen_catalog.py at
// build time (a data typo fails the build); turned into the Catalog once, on first use, without parsing.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

#include "catalog_data.hpp"   // generated: headroom::gen::models, devices, ggml_types, weight_formats, kv_formats
#include "internal.hpp"

namespace headroom {

namespace detail {
extern const char* const embedded_presets_json = gen::presets_json;
}  // namespace detail

namespace {

Model to_model(const gen::ModelRow& r) {
    Model m;
    gen::assign_model(m, r);   // generated: every compiled column, member by member
    return m;
}

Device to_device(const gen::DeviceRow& r) {
    Device d;
    gen::assign_device(d, r);   // generated: every compiled column but mem_gib, member by member
    // Memory chips come in binary sizes: a "24GB" card has 24 GiB (nvidia-smi: 24564 MiB on an RTX 4090),
    // a "32GB" Mac 32 GiB (sysctl hw.memsize). docs/devices.md.
    d.mem_bytes = gib_to_bytes(r.mem_gib);
    return d;
}

WeightFormat to_weight_format(const gen::WeightFormatRow& r) {
    WeightFormat f;
    f.id = r.id;
    f.source = r.source;
    f.kind = r.kind;
    f.nominal_bits = r.nominal_bits;
    f.bits = r.bits;
    f.scale_bits = r.scale_bits;
    f.zero_bits = r.zero_bits;
    f.g_idx_bits = r.g_idx_bits;
    f.keep_bits = r.keep_bits;
    f.group_size = r.group_size;
    f.experts_only = r.experts_only;
    f.ggml_type = r.ggml_type;
    return f;
}

// One catalog vector from one generated table, row by row, allocated once.
template <class T, class Row, size_t N, class F>
void fill(std::vector<T>& out, const Row (&rows)[N], F to_entry) {
    out.reserve(N);
    for (const Row& r : rows) out.push_back(to_entry(r));
}

Catalog load() {
    Catalog c;
    fill(c.models, gen::models, to_model);
    for (const gen::RenamedRepoRow& r : gen::renamed_repos)
        if (r.row >= 0) c.renamed_repos.push_back(RenamedRepo{r.repo, static_cast<size_t>(r.row)});   // row -1: the table is empty
    fill(c.devices, gen::devices, to_device);
    fill(c.ggml_types, gen::ggml_types, [](const gen::GgmlTypeRow& r) { return GgmlType{r.name, r.block_elements, r.block_bytes}; });
    fill(c.weight_formats, gen::weight_formats, to_weight_format);
    fill(c.kv_formats, gen::kv_formats, [](const gen::KvFormatRow& r) { return KvFormat{r.id, r.source, r.bits}; });
    fill(c.apis, gen::apis, [](const gen::ApiRow& r) { ApiPrice a; gen::assign_api(a, r); return a; });
    fill(c.rentals, gen::rentals, [](const gen::RentalRow& r) { RentalPrice p; gen::assign_rental(p, r); return p; });
    c.prices_as_of = gen::prices_as_of;
    return c;
}

// A row number from one of the generator's sorted indexes (ids are ASCII, sorted bytewise); -1 when absent.
template <size_t N>
int lookup(const gen::IdIndex (&index)[N], std::string_view id) {
    const auto* it = std::lower_bound(std::begin(index), std::end(index), id,
                                      [](const gen::IdIndex& e, std::string_view k) { return std::string_view(e.id) < k; });
    return it != std::end(index) && it->id == id ? it->row : -1;
}

// One of those indexes as a hash map (id -> row), built once per index, on first use: an evaluate looks up its model,
// device and formats about ten times, and binary searches over the ids were ~10% of a catalog sweep's time.
using HashedIndex = std::unordered_map<std::string_view, int>;
template <const auto& Index>
const HashedIndex& hashed() {
    static const HashedIndex h = [] {
        HashedIndex m;
        for (const gen::IdIndex& e : Index) m.emplace(e.id, e.row);
        return m;
    }();
    return h;
}

template <class V>
auto find_in(const V& vec, const HashedIndex& index, std::string_view id) -> decltype(&vec[0]) {
    // The ids are lower case; an id typed so (every id a sweep passes) is looked up without a lowered copy.
    const bool upper = std::any_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    const std::string lowered = upper ? detail::lower(id) : std::string();
    const auto it = index.find(upper ? std::string_view(lowered) : id);
    return it == index.end() ? nullptr : &vec[static_cast<size_t>(it->second)];
}

}  // namespace

const Catalog& catalog() {
    static const Catalog c = load();   // thread-safe static init
    return c;
}

// An id (any case), else a Hugging Face or ModelScope repo id exactly as the catalog lists it, any case
// ("Qwen/Qwen3-8B", "LLM-Research/Meta-Llama-3.1-8B-Instruct"), else a repo id the model had before a rename
// ("meta-llama/Meta-Llama-3.1-8B-Instruct"; set_model notes it in the report).
// No guessing: a near miss is unknown, and the message suggests (suggest.cpp).
const Model* Catalog::find_model(std::string_view id) const {
    if (const Model* m = find_in(models, hashed<gen::model_index>(), id)) return m;
    if (id.find('/') == std::string_view::npos) return nullptr;   // every repo id is owner/name
    const std::string key = detail::lower(id);
    for (const Model& m : models)
        if ((!m.hf_repo.empty() && detail::lower(m.hf_repo) == key) || (!m.modelscope_repo.empty() && detail::lower(m.modelscope_repo) == key))
            return &m;
    const RenamedRepo* r = find_renamed_repo(key);
    return r ? &models[r->model] : nullptr;
}
const RenamedRepo* Catalog::find_renamed_repo(std::string_view repo) const {
    if (repo.find('/') == std::string_view::npos) return nullptr;
    const std::string key = detail::lower(repo);
    for (const RenamedRepo& r : renamed_repos)
        if (detail::lower(r.repo) == key) return &r;
    return nullptr;
}
const Device* Catalog::find_device(std::string_view id) const { return find_in(devices, hashed<gen::device_index>(), id); }
const WeightFormat* Catalog::find_weight_format(std::string_view id) const { return find_in(weight_formats, hashed<gen::weight_format_index>(), id); }
const KvFormat* Catalog::find_kv_format(std::string_view id) const { return find_in(kv_formats, hashed<gen::kv_format_index>(), id); }
int Catalog::find_ggml_type(std::string_view name) const { return lookup(gen::ggml_type_index, name); }
const ApiPrice* Catalog::find_api(std::string_view id) const { return find_in(apis, hashed<gen::api_index>(), id); }
const RentalPrice* Catalog::find_rental(std::string_view id) const { return find_in(rentals, hashed<gen::rental_index>(), id); }

}  // namespace headroom
