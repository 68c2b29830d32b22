// Catalog invariants and parameter counts.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "headroom/headroom.hpp"
#include "support.hpp"

using namespace headroom;

TEST_CASE("catalog loads and meets the coverage the issue asks for") {
    const Catalog& c = catalog();
    CHECK(c.models().size() >= 40);
    CHECK(c.devices().size() >= 45);   // 50+ once the full device catalog lands
    for (const char* id : {"llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3-8b", "llama-3-70b", "llama-3.1-8b", "llama-3.1-70b",
                           "llama-3.1-405b", "qwen-72b", "qwen2-7b", "qwen2-72b", "qwen2.5-7b", "qwen2.5-72b", "qwen3-8b",
                           "qwen3-30b-a3b", "qwen3-235b-a22b", "mistral-7b-v0.1", "mixtral-8x7b", "mixtral-8x22b", "deepseek-v3",
                           "deepseek-r1", "kimi-k2", "glm-4.5", "glm-4.5-air", "gemma-2-9b", "gemma-3-27b", "phi-3-mini", "phi-4",
                           "gpt-oss-20b", "gpt-oss-120b"})
        CHECK(c.find_model(id) != nullptr);
    for (const char* id : {"rtx-3050-laptop-4gb", "rtx-3060-12gb", "rtx-3070", "rtx-3090", "rtx-4060-ti-16gb", "rtx-4070", "rtx-4090",
                           "rtx-5090", "a10", "a100-40gb-pcie", "a100-80gb-sxm", "h100-sxm", "h200-sxm", "b200", "l4", "l40s", "t4",
                           "mi300x", "rx-7900-xtx", "m2-ultra-192gb"})
        CHECK(c.find_device(id) != nullptr);
    for (const char* id : {"f32", "f16", "bf16", "fp8", "int8", "int4", "nf4", "awq", "gptq", "mxfp4", "q8_0", "q6_k", "q5_k_m",
                           "q4_k_m", "q4_0", "q3_k_m", "q2_k", "iq4_xs", "iq3_xxs", "iq2_xxs"})
        CHECK(c.find_weight_format(id) != nullptr);
    CHECK(c.find_weight_format("Q4_K_M") != nullptr);   // case-insensitive
}

TEST_CASE("every catalog entry names its source") {
    for (const Model& m : catalog().models()) {
        INFO(m.id);
        CHECK(!m.source.empty());
        CHECK(!m.as_of.empty());
    }
    for (const Device& d : catalog().devices()) {
        INFO(d.id);
        CHECK(!d.source.empty());
        CHECK(d.mem_bytes > 0);
        CHECK(d.mem_bw_gbps > 0);
    }
    for (const WeightFormat& f : catalog().weight_formats) CHECK(!f.source.empty());
}

TEST_CASE("ggml block sizes match ggml-common.h") {
    // source: ggml/src/ggml-common.h static_asserts (block_q4_K: 2*2 + 12 + 256/2 = 144 bytes per 256, ...)
    struct Row { const char* name; int elems, bytes; };
    const Row rows[] = {{"Q4_0", 32, 18}, {"Q8_0", 32, 34}, {"Q2_K", 256, 84}, {"Q3_K", 256, 110}, {"Q4_K", 256, 144},
                        {"Q5_K", 256, 176}, {"Q6_K", 256, 210}, {"IQ4_XS", 256, 136}, {"IQ2_XXS", 256, 66}, {"MXFP4", 32, 17}};
    for (const Row& r : rows) {
        INFO(r.name);
        const int i = catalog().find_ggml_type(r.name);
        REQUIRE(i >= 0);
        CHECK(catalog().ggml_types[i].block_elements == r.elems);
        CHECK(catalog().ggml_types[i].block_bytes == r.bytes);
    }
}

TEST_CASE("parameter counts from the shape match independent counts exactly") {
    // source: ../shared/reference/models.json params_total_computed / params_active (a second script's count)
    struct Row { const char* id; int64_t total, active; };
    const Row rows[] = {
        {"llama-2-7b", 6738415616, 6738415616},          {"llama-3.1-8b", 8030261248, 8030261248},
        {"llama-3.1-70b", 70553706496, 70553706496},     {"llama-3.1-405b", 405853388800, 405853388800},
        {"qwen2.5-7b", 7615616512, 7615616512},          {"qwen-72b", 72287920128, 72287920128},
        {"qwen3-32b", 32762123264, 32762123264},         {"mixtral-8x7b", 46702792704, 12879925248},
        // mixtral-8x22b: the saved v0.1 config has vocab 32000 where the reference used the Instruct's 32768 (-2 x 768 x 6144)
        {"mixtral-8x22b", 140620634112, 39152031744},    {"qwen3-30b-a3b", 30532122624, 3353032704},
        {"qwen3-235b-a22b", 235093634560, 22190763520},  {"deepseek-v3", 671026419200, 37552297472},
        {"kimi-k2", 1026408232448, 32861500928},         {"glm-4.5", 352797829024, 33632266144},
        {"glm-4.5-air", 106852251264, 13424129664},      {"gemma-2-27b", 27227128320, 27227128320},
        {"gemma-3-27b", 27009346304, 27009346304},       {"phi-3-mini", 3821079552, 3821079552},
        {"gpt-oss-20b", 20914757184, 4187440704},        {"gpt-oss-120b", 116829156672, 5711982912},
    };
    for (const Row& r : rows) {
        INFO(r.id);
        const Model* m = catalog().find_model(r.id);
        REQUIRE(m);
        CHECK(params_total(*m) == r.total);
        CHECK(params_active(*m) == r.active);
    }
}

TEST_CASE("computed totals agree with the vendors' published figures") {
    // Vendors round ("7B" for 6.74B), so the tolerance is the rounding of the figure, at most 7%.
    // gpt-oss active: OpenAI leaves the input embedding out (3.61B / 5.13B), so only totals are compared there.
    for (const Model& m : catalog().models()) {
        INFO(m.id);
        if (m.params_official > 0) {
            // The figure may count the text model or the whole checkpoint (MTP layers, vision tower).
            const double text = double(params_total(m)), ckpt = text + double(m.params_mtp + m.params_vision);
            const double rel = std::min(std::abs(text / double(m.params_official) - 1.0), std::abs(ckpt / double(m.params_official) - 1.0));
            CHECK(rel < 0.07);
        }
        if (m.params_active_official > 0 && m.family.find("gpt-oss") == std::string::npos) {
            // Some vendors count the embeddings among the active parameters, some do not (Qwen3-Next's "3B").
            const double a = double(params_active(m)), embd = double(m.n_vocab) * m.n_embd * (m.tied_embeddings ? 1 : 2);
            const double rel = std::min(std::abs(a / double(m.params_active_official) - 1.0),
                                        std::abs((a - embd) / double(m.params_active_official) - 1.0));
            CHECK(rel < 0.12);
        }
    }
}

TEST_CASE("device memory is binary and named so: a 24GB card is 24 GiB") {
    // source: nvidia-smi on an RTX 4090 reports 24564 MiB of 24576 MiB (24 GiB); docs/devices.md.
    const Device* d = catalog().find_device("rtx-4090");
    REQUIRE(d);
    CHECK(d->mem_bytes == int64_t(24) << 30);
    CHECK(d->mem_gib() == 24);   // `headroom gpus` prints this column (it printed mem_bytes / 1e9 = 26 before)
    const Device* mac = catalog().find_device("m3-ultra-512gb");
    REQUIRE(mac);
    CHECK(mac->mem_bytes == int64_t(512) << 30);
}

TEST_CASE("a custom device's memory: mem_gib, with mem_gb as its older spelling") {
    using test_support::field_of;
    const Device d = parse_device_spec("vendor=nvidia,mem_gib=24,bw_gbps=1008");
    CHECK(d.mem_bytes == int64_t(24) << 30);
    CHECK(d.mem_gib() == 24);
    // mem_gb always meant the vendor's figure in GiB (as the catalog): kept, so old links and scripts give the same report.
    CHECK(parse_device_spec("vendor=nvidia,mem_gb=24,bw_gbps=1008").mem_bytes == d.mem_bytes);
    CHECK(parse_device_spec("MEM_GIB=0.5,bw_gbps=100").mem_bytes == int64_t(1) << 29);
    CHECK(field_of([] { parse_device_spec("mem_gib=24,mem_gb=24,bw_gbps=100"); }) == "device");
    CHECK(field_of([] { parse_device_spec("mem_gib=lots,bw_gbps=100"); }) == "device");
    CHECK(field_of([] { parse_device_spec("mem_gib=0,bw_gbps=100"); }) == "device");
    try {
        parse_device_spec("vendor=nvidia,bw_gbps=100");
        FAIL("a device without memory was accepted");
    } catch (const InputError& e) {
        CHECK(e.message.find("mem_gib") != std::string::npos);
    }
    try {
        parse_device_spec("mem_gib=24,bw_gbps=100,memory=24");
        FAIL("an unknown key was accepted");
    } catch (const InputError& e) {
        CHECK(e.message.find("'memory'") != std::string::npos);   // names the key
        CHECK(e.message.find("mem_gib") != std::string::npos);    // and what is accepted
    }
}

TEST_CASE("host RAM: ram_gib in GiB, ram_gb kept in 10^9 bytes") {
    using test_support::field_of;
    CHECK(parse_host_spec("ram_gib=64").ram_gb == 64 * 1073741824.0 / 1e9);   // 68.72 x 10^9 bytes
    CHECK(parse_host_spec("ram_gb=64").ram_gb == 64);                         // as before
    CHECK(parse_host_spec("RAM_GIB=1").ram_gb == 1.073741824);
    CHECK(field_of([] { parse_host_spec("ram_gib=64,ram_gb=64"); }) == "host");
    CHECK(field_of([] { parse_host_spec("ram_gib=0"); }) == "host");
    CHECK(field_of([] { parse_host_spec("ram_gib=1000000"); }) == "host");    // over 10^15 bytes, as ram_gb's limit
    try {
        parse_host_spec("ram=64");
        FAIL("an unknown key was accepted");
    } catch (const InputError& e) {
        CHECK(e.message.find("'ram'") != std::string::npos);
        CHECK(e.message.find("ram_gib") != std::string::npos);
    }
}

TEST_CASE("the version comes from CMake's project(VERSION)") {
    CHECK(std::regex_match(std::string(version()), std::regex(R"(\d+\.\d+\.\d+)")));
}

TEST_CASE("a decoder trained as an embedding model is said so, not sized silently as a chat model") {
    using test_support::has_warning;
    using test_support::make;
    // Qwen3-Embedding's config.json is a Qwen3ForCausalLM's (core/data/hf/Qwen/Qwen3-Embedding-0.6B/config.json): only
    // its name says what it is. Causal attention: it keeps its decoder's KV cache for the tokens it reads.
    const Report e = evaluate(make("qwen3-embedding-0.6b", "f16", 8192));
    CHECK(has_warning(e, "embedding_decoder"));
    CHECK_FALSE(has_warning(e, "encoder_model"));
    CHECK(e.memory.kv_cache_bytes == int64_t(28) * 2 * 8 * 128 * 2 * 8192);   // 28 layers, K and V, 8 KV heads of 128, f16
    CHECK_FALSE(has_warning(evaluate(make("qwen3-0.6b", "f16", 8192)), "embedding_decoder"));
    // An encoder (EmbeddingGemma, BERT) has its own warning and no cache.
    const Report g = evaluate(make("embeddinggemma-300m", "f16", 2048));
    CHECK(has_warning(g, "encoder_model"));
    CHECK_FALSE(has_warning(g, "embedding_decoder"));
}

TEST_CASE("every id is found through its table's hash index in any case and a near miss is not") {
    // scripts/gen_catalog.py lays the indexes out with its own FNV-1a; a hash that differed here would lose most ids.
    using test_support::upper;
    const Catalog& cat = catalog();
    for (const Device& d : cat.devices()) {
        CHECK(cat.find_device(d.id) == &d);
        CHECK(cat.find_device(upper(d.id)) == &d);
        CHECK(cat.find_device(d.id + "!") == nullptr);   // not + "x": mi300 + x is an id
    }
    for (const WeightFormat& f : cat.weight_formats) CHECK(cat.find_weight_format(upper(f.id)) == &f);
    for (const KvFormat& f : cat.kv_formats) CHECK(cat.find_kv_format(f.id) == &f);
    for (size_t i = 0; i < cat.ggml_types.size(); ++i) CHECK(cat.find_ggml_type(cat.ggml_types[i].name) == int(i));
    for (const ApiPrice& a : cat.apis()) CHECK(cat.find_api(a.id) == &a);
    for (const RentalPrice& r : cat.rentals()) CHECK(cat.find_rental(upper(r.id)) == &r);
    CHECK(cat.find_model("") == nullptr);
    CHECK(cat.find_device("rtx-409") == nullptr);
    CHECK(cat.find_ggml_type("q4_k") == -1);   // GGML type names are exact: Q4_K
}
