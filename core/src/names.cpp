// Enum <-> text, one table each: the CLI, JSON and URL share this vocabulary.
#include <algorithm>
#include <cctype>
#include <string>

#include "headroom/headroom.hpp"
#include "internal.hpp"

namespace headroom {
namespace {

template <class E, size_t N>
struct Names {
    std::pair<E, std::string_view> rows[N];
    std::string_view name(E e) const {
        for (const auto& r : rows)
            if (r.first == e) return r.second;
        return "?";
    }
    std::optional<E> parse(std::string_view s) const {
        for (const auto& r : rows)
            if (r.second.size() == s.size() &&
                std::equal(s.begin(), s.end(), r.second.begin(),
                           [](char a, char b) { return std::tolower((unsigned char)a) == b; }))
                return r.first;
        return std::nullopt;
    }
};

constexpr Names<Engine, 10> engines{{{Engine::generic, "generic"},
                                    {Engine::llama_cpp, "llama.cpp"},
                                    {Engine::vllm, "vllm"},
                                    {Engine::transformers, "transformers"},
                                    {Engine::sglang, "sglang"},
                                    {Engine::trt_llm, "trt-llm"},
                                    {Engine::mlx, "mlx"},
                                    {Engine::ollama, "ollama"},
                                    {Engine::ik_llama_cpp, "ik_llama.cpp"},
                                    {Engine::ktransformers, "ktransformers"}}};
constexpr Names<Mode, 4> modes{{{Mode::inference, "inference"}, {Mode::lora, "lora"}, {Mode::qlora, "qlora"}, {Mode::full, "full"}}};
constexpr Names<Backend, 5> backends{
    {{Backend::auto_, "auto"}, {Backend::cuda, "cuda"}, {Backend::rocm, "rocm"}, {Backend::vulkan, "vulkan"}, {Backend::metal, "metal"}}};
constexpr Names<Method, 2> methods{{{Method::detailed, "detailed"}, {Method::rule_of_thumb, "rule-of-thumb"}}};
constexpr Names<Placement, 6> placements{{{Placement::auto_, "auto"},
                                          {Placement::gpu, "gpu"},
                                          {Placement::offload, "offload"},
                                          {Placement::stream, "stream"},
                                          {Placement::cpu_moe, "cpu-moe"},
                                          {Placement::cpu, "cpu"}}};
constexpr Names<Vendor, 8> vendors{{{Vendor::nvidia, "nvidia"},
                                    {Vendor::amd, "amd"},
                                    {Vendor::apple, "apple"},
                                    {Vendor::intel, "intel"},
                                    {Vendor::cpu, "cpu"},
                                    {Vendor::huawei, "huawei"},
                                    {Vendor::moorethreads, "moorethreads"},
                                    {Vendor::hygon, "hygon"}}};

constexpr Names<Bound, 6> bounds{{{Bound::memory_bandwidth, "memory_bandwidth"},
                                  {Bound::compute, "compute"},
                                  {Bound::pcie, "pcie"},
                                  {Bound::disk, "disk"},
                                  {Bound::host_memory, "host_memory"},
                                  {Bound::interconnect, "interconnect"}}};

}  // namespace

std::string_view to_string(Bound b) { return bounds.name(b); }

std::vector<std::string> detail::mixed_ids(const std::string& gpu) {
    if (gpu.find('+') == std::string::npos && gpu.find(' ') == std::string::npos) return {};
    std::vector<std::string> out;
    std::string cur;
    for (const char c : gpu + "+") {
        if (c == '+' || c == ' ') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}
std::string_view to_string(Engine e) { return engines.name(e); }
std::string_view to_string(Mode m) { return modes.name(m); }
std::string_view to_string(Method m) { return methods.name(m); }
std::string_view to_string(Placement p) { return placements.name(p); }
std::string_view to_string(Vendor v) { return vendors.name(v); }
std::optional<Engine> parse_engine(std::string_view s) {
    if (s == "llamacpp" || s == "llama-cpp") return Engine::llama_cpp;
    if (s == "tensorrt-llm" || s == "trtllm") return Engine::trt_llm;
    if (s == "mlx-lm" || s == "mlx_lm") return Engine::mlx;
    if (s == "ik-llama.cpp" || s == "ik_llama") return Engine::ik_llama_cpp;
    return engines.parse(s);
}
std::optional<Mode> parse_mode(std::string_view s) { return modes.parse(s); }
std::string_view to_string(Backend b) { return backends.name(b); }
std::optional<Backend> parse_backend(std::string_view s) { return s == "hip" ? std::optional(Backend::rocm) : backends.parse(s); }
std::optional<Method> parse_method(std::string_view s) {
    if (s == "rule_of_thumb") return Method::rule_of_thumb;
    return methods.parse(s);
}
std::optional<Placement> parse_placement(std::string_view s) { return placements.parse(s); }
std::optional<Vendor> parse_vendor(std::string_view s) { return vendors.parse(s); }

}  // namespace headroom
