// The built-in catalog: core/data/*.json, checked and compiled into tables by scripts/gen_catalog.py at
// build time (a data typo fails the build); turned into the Catalog once, on first use, without parsing.
#include <algorithm>
#include <cmath>

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
std::vector<T> entries(const Row (&rows)[N], F to_entry) {
    std::vector<T> out;
    out.reserve(N);
    for (const Row& r : rows) out.push_back(to_entry(r));
    return out;
}

}  // namespace

// Out of line: catalog() is called in every lookup, and kept a few instructions long it is not among the functions
// V8 recompiles with its optimizing tier during a fresh module's first evaluate (docs/performance.md). The models and
// devices are places to fill (model_row, device_row), not built here.
[[gnu::noinline]] Catalog Catalog::load() {
    Catalog c;
    c.models_.resize(std::size(gen::models));
    c.model_built_.resize(std::size(gen::models));
    for (const gen::RenamedRepoRow& r : gen::renamed_repos)
        if (r.row >= 0) c.renamed_repos.push_back(RenamedRepo{r.repo, static_cast<size_t>(r.row)});   // row -1: the table is empty
    c.devices_.resize(std::size(gen::devices));
    c.device_built_.resize(std::size(gen::devices));
    c.ggml_types = entries<GgmlType>(gen::ggml_types, [](const gen::GgmlTypeRow& r) { return GgmlType{r.name, r.block_elements, r.block_bytes}; });
    c.weight_formats = entries<WeightFormat>(gen::weight_formats, to_weight_format);
    c.kv_formats = entries<KvFormat>(gen::kv_formats, [](const gen::KvFormatRow& r) { return KvFormat{r.id, r.source, r.bits}; });
    c.prices_as_of = gen::prices_as_of;
    return c;
}

const Model& Catalog::model_row(size_t i) const {
    if (!model_built_[i]) {
        models_[i] = to_model(gen::models[i]);
        model_built_[i] = true;
    }
    return models_[i];
}
const Device& Catalog::device_row(size_t i) const {
    if (!device_built_[i]) {
        devices_[i] = to_device(gen::devices[i]);
        device_built_[i] = true;
    }
    return devices_[i];
}
const std::vector<Model>& Catalog::models() const {
    if (!all_models_) {
        for (size_t i = 0; i < models_.size(); ++i) model_row(i);
        all_models_ = true;
    }
    return models_;
}
const std::vector<Device>& Catalog::devices() const {
    if (!all_devices_) {
        for (size_t i = 0; i < devices_.size(); ++i) device_row(i);
        all_devices_ = true;
    }
    return devices_;
}

namespace {

// FNV-1a, 32 bits, as scripts/gen_catalog.py hashes the ids when it lays out the tables below.
constexpr uint32_t fnv1a(std::string_view s) {
    uint32_t h = 2166136261u;
    for (const unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
}

// A row number from one of the generator's hash tables (ids as they are written: lower case, bar the GGML types'
// names); -1 when absent. The table is at most half full, so the probe meets an empty slot. Built at build time: an
// evaluate looks up its model, device and formats about ten times and builds no map first.
template <size_t N>
int lookup(const gen::IdSlot (&slots)[N], std::string_view id) {
    static_assert((N & (N - 1)) == 0, "gen_catalog.py makes every table a power of two long");
    for (size_t i = fnv1a(id) & (N - 1);; i = (i + 1) & (N - 1))
        if (slots[i].row < 0 || std::string_view(slots[i].id) == id) return slots[i].row;
}

// The row of an id, any case; -1 when absent. The ids are lower case; an id typed so (every id a sweep passes) is
// looked up without a lowered copy.
template <size_t N>
int find_row(const gen::IdSlot (&slots)[N], std::string_view id) {
    const bool upper = std::any_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return upper ? lookup(slots, detail::lower(id)) : lookup(slots, id);
}

template <class V, size_t N>
auto find_in(const V& vec, const gen::IdSlot (&slots)[N], std::string_view id) -> decltype(&vec[0]) {
    const int row = find_row(slots, id);
    return row < 0 ? nullptr : &vec[static_cast<size_t>(row)];
}

}  // namespace

const Catalog& catalog() {
    static const Catalog c = Catalog::load();   // thread-safe static init
    return c;
}

// An id (any case), else a Hugging Face or ModelScope repo id exactly as the catalog lists it, any case
// ("Qwen/Qwen3-8B", "LLM-Research/Meta-Llama-3.1-8B-Instruct"), else a repo id the model had before a rename
// ("meta-llama/Meta-Llama-3.1-8B-Instruct"; set_model notes it in the report).
// No guessing: a near miss is unknown, and the message suggests (suggest.cpp).
const Model* Catalog::find_model(std::string_view id) const {
    if (const int row = find_row(gen::model_index, id); row >= 0) return &model_row(size_t(row));
    if (id.find('/') == std::string_view::npos) return nullptr;   // every repo id is owner/name
    const std::string key = detail::lower(id);
    for (const Model& m : models())
        if ((!m.hf_repo.empty() && detail::lower(m.hf_repo) == key) || (!m.modelscope_repo.empty() && detail::lower(m.modelscope_repo) == key))
            return &m;
    const RenamedRepo* r = find_renamed_repo(key);
    return r ? &model_row(r->model) : nullptr;
}
const RenamedRepo* Catalog::find_renamed_repo(std::string_view repo) const {
    if (repo.find('/') == std::string_view::npos) return nullptr;
    const std::string key = detail::lower(repo);
    for (const RenamedRepo& r : renamed_repos)
        if (detail::lower(r.repo) == key) return &r;
    return nullptr;
}
const Device* Catalog::find_device(std::string_view id) const {
    const int row = find_row(gen::device_index, id);
    return row < 0 ? nullptr : &device_row(size_t(row));
}
const WeightFormat* Catalog::find_weight_format(std::string_view id) const { return find_in(weight_formats, gen::weight_format_index, id); }
const KvFormat* Catalog::find_kv_format(std::string_view id) const { return find_in(kv_formats, gen::kv_format_index, id); }
int Catalog::find_ggml_type(std::string_view name) const { return lookup(gen::ggml_type_index, name); }
const ApiPrice* Catalog::find_api(std::string_view id) const { return find_in(apis(), gen::api_index, id); }
const RentalPrice* Catalog::find_rental(std::string_view id) const { return find_in(rentals(), gen::rental_index, id); }

const std::vector<ApiPrice>& Catalog::apis() const {
    static const auto v = entries<ApiPrice>(gen::apis, [](const gen::ApiRow& r) { ApiPrice a; gen::assign_api(a, r); return a; });
    return v;
}
const std::vector<RentalPrice>& Catalog::rentals() const {
    static const auto v = entries<RentalPrice>(gen::rentals, [](const gen::RentalRow& r) { RentalPrice p; gen::assign_rental(p, r); return p; });
    return v;
}

}  // namespace headroom
