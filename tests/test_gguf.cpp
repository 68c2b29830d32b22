// The GGUF header reader (core/src/gguf.cpp, docs/gguf.md): ggml's type table, headers written here byte by byte
// (a small writer below) and the fixtures scripts/make_gguf_fixtures.py writes from published files' tensor
// lists (tests/data/gguf/*.json), hostile headers, reading a prefix of a file, split files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headroom/gguf.hpp"
#include "headroom/headroom.hpp"
#include "gguf_writer.hpp"

using namespace headroom;
using namespace headroom::test;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream o;
    o << f.rdbuf();
    return o.str();
}

// Time limits hold for optimized builds; under the sanitizers (scripts/test-hardening: -O0 with ASan + UBSan)
// the same code runs several times slower, and only crashes are the question there.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlow = 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kSlow = 20;
#else
constexpr double kSlow = 1;
#endif
#else
constexpr double kSlow = 1;
#endif

template <class F>
double ms(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// A llama-like model: n_layer layers of d x d attention and d x 4d MLP, Q4_K with Q6_K output.
Writer small_llama(int n_layer = 2, int64_t d = 256) {
    Writer w;
    w.str("general.architecture", "llama").str("general.name", "tiny").u32("llama.block_count", uint32_t(n_layer));
    w.u32("llama.context_length", 4096).u32("llama.embedding_length", uint32_t(d)).u32("llama.feed_forward_length", uint32_t(4 * d));
    w.u32("llama.attention.head_count", 8).u32("llama.attention.head_count_kv", 2).strs("tokenizer.ggml.tokens", 1000);
    w.str("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}");
    w.tensor("token_embd.weight", Q4_K, {d, 1000}).tensor("output_norm.weight", F32, {d}).tensor("output.weight", Q6_K, {d, 1000});
    for (int il = 0; il < n_layer; ++il) {
        const std::string p = "blk." + std::to_string(il) + ".";
        w.tensor(p + "attn_norm.weight", F32, {d}).tensor(p + "attn_q.weight", Q4_K, {d, d}).tensor(p + "attn_k.weight", Q4_K, {d, d / 4});
        w.tensor(p + "attn_v.weight", Q6_K, {d, d / 4}).tensor(p + "attn_output.weight", Q4_K, {d, d});
        w.tensor(p + "ffn_norm.weight", F32, {d}).tensor(p + "ffn_gate.weight", Q4_K, {d, 4 * d});
        w.tensor(p + "ffn_up.weight", Q4_K, {d, 4 * d}).tensor(p + "ffn_down.weight", Q6_K, {4 * d, d});
    }
    return w;
}

// The message of the InputError `fn` throws ("<none>" when none); the field must be "gguf".
template <class F>
std::string error_of(F&& fn) {
    try {
        fn();
    } catch (const InputError& e) {
        CHECK(e.field == "gguf");
        return e.message;
    }
    return "<none>";
}

GgufFile read_all(const std::string& bytes, int64_t file_bytes) {
    GgufRead r = read_gguf(bytes, file_bytes);
    REQUIRE(r.complete());
    return r.file;
}

}  // namespace

TEST_CASE("gguf: ggml type table: ggml's block sizes and block bytes", "[gguf]") {
    // source: ggml-org/ggml d99724f2, include/ggml.h (enum ggml_type) and src/ggml-common.h: the static_assert
    // on each block struct, written here as it is there (ggml_half = 2 bytes, QK_K = 256).
    const int K = 256, h = 2;
    struct Row { uint32_t id; const char* name; int blck, bytes; };
    const Row rows[] = {
        {0, "F32", 1, 4}, {1, "F16", 1, 2}, {30, "BF16", 1, 2}, {24, "I8", 1, 1}, {25, "I16", 1, 2}, {26, "I32", 1, 4},
        {27, "I64", 1, 8}, {28, "F64", 1, 8},
        {2, "Q4_0", 32, h + 32 / 2}, {3, "Q4_1", 32, 2 * h + 32 / 2}, {6, "Q5_0", 32, h + 4 + 32 / 2},
        {7, "Q5_1", 32, 2 * h + 4 + 32 / 2}, {8, "Q8_0", 32, h + 32}, {9, "Q8_1", 32, 2 * h + 32},
        {10, "Q2_K", K, 2 * h + K / 16 + K / 4}, {11, "Q3_K", K, h + K / 4 + K / 8 + 12},
        {12, "Q4_K", K, 2 * h + 12 + K / 2}, {13, "Q5_K", K, 2 * h + 12 + K / 2 + K / 8},
        {14, "Q6_K", K, h + K / 16 + 3 * K / 4}, {15, "Q8_K", K, 4 + K + K / 16 * 2},
        {16, "IQ2_XXS", K, h + K / 8 * 2}, {17, "IQ2_XS", K, h + K / 8 * 2 + K / 32}, {22, "IQ2_S", K, h + K / 4 + K / 16},
        {18, "IQ3_XXS", K, h + 3 * (K / 8)}, {21, "IQ3_S", K, h + 13 * (K / 32) + K / 64},
        {19, "IQ1_S", K, h + K / 8 + K / 16}, {29, "IQ1_M", K, K / 8 + K / 16 + K / 32},
        {20, "IQ4_NL", 32, h + 32 / 2}, {23, "IQ4_XS", K, h + 2 + K / 64 + K / 2},
        {34, "TQ1_0", K, h + K / 64 + (K - 4 * K / 64) / 5}, {35, "TQ2_0", K, h + K / 4},
        {39, "MXFP4", 32, 1 + 32 / 2}, {40, "NVFP4", 64, 64 / 16 + 64 / 2}, {41, "Q1_0", 128, h + 128 / 8},
        {42, "Q2_0", 64, h + 64 / 4},
    };
    CHECK(ggml_type_table().size() == sizeof(rows) / sizeof(rows[0]));
    for (const Row& r : rows) {
        INFO(r.name);
        const GgmlTypeInfo* t = find_ggml_type_info(r.id);
        REQUIRE(t);
        CHECK(std::string(t->name) == r.name);
        CHECK(t->block_elements == r.blck);
        CHECK(t->block_bytes == r.bytes);
    }
    for (uint32_t removed : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 43u}) CHECK(find_ggml_type_info(removed) == nullptr);
    // The catalog's ggml types (core/data/formats.json, used by the nominal mixes) agree with this table.
    for (const GgmlType& g : catalog().ggml_types) {
        INFO(g.name);
        bool found = false;
        for (const GgmlTypeInfo& t : ggml_type_table())
            if (g.name == t.name) {
                found = true;
                CHECK(g.block_elements == t.block_elements);
                CHECK(g.block_bytes == t.block_bytes);
            }
        CHECK(found);
    }
}

TEST_CASE("gguf: a header's tensors, bytes, groups and shape", "[gguf]") {
    const Writer w = small_llama(2, 256);
    const GgufFile f = read_all(w.header(), w.file_bytes());
    CHECK(f.version == 3);
    CHECK(f.alignment == 32);
    CHECK(f.tensors.size() == 3 + 2 * 9);
    CHECK(f.data_offset == int64_t(w.header().size()));
    CHECK(f.data_offset + f.data_bytes == w.file_bytes());
    // Q4_K: 256 elements in 144 bytes; Q6_K: 256 in 210; F32: 4 bytes each.
    const int64_t q4 = 144, q6 = 210, d = 256;
    CHECK(f.tensors[0].name == "token_embd.weight");
    CHECK(f.tensors[0].bytes == d / 256 * q4 * 1000);
    CHECK(f.bytes.token_embd == q4 * 1000);
    CHECK(f.bytes.output == d * 4 + q6 * 1000);
    const int64_t attn = (d * d + d * d / 4 + d * d) / 256 * q4 + d * d / 4 / 256 * q6;
    const int64_t ffn = 2 * (d * 4 * d) / 256 * q4 + 4 * d * d / 256 * q6;
    CHECK(f.bytes.attention == 2 * attn);
    CHECK(f.bytes.ffn_dense == 2 * ffn);
    CHECK(f.bytes.norms == 2 * 2 * d * 4);
    CHECK(f.bytes.experts == 0);
    CHECK(f.bytes.mtp == 0);
    CHECK(f.bytes.vision == 0);
    CHECK(f.bytes.other == 0);
    REQUIRE(f.bytes.layer.size() == 2);
    CHECK(f.bytes.layer[0] == attn + ffn + 2 * d * 4);
    CHECK(f.bytes.total == f.bytes.token_embd + f.bytes.output + f.bytes.layer[0] + f.bytes.layer[1]);
    const GgufShape& s = f.shape;
    CHECK(s.architecture == "llama");
    CHECK(s.name == "tiny");
    CHECK(s.n_layer == 2);
    CHECK(s.n_ctx_train == 4096);
    CHECK(s.n_embd == 256);
    CHECK(s.n_ff == 1024);
    CHECK(s.n_head == 8);
    CHECK(s.n_head_kv == 2);
    CHECK(s.n_vocab == 1000);
    CHECK(s.has_chat_template);
    CHECK(f.notes.empty());
    // The vocabulary is a count, not 1000 strings.
    const GgufKv* tokens = f.find("tokenizer.ggml.tokens");
    REQUIRE(tokens);
    CHECK(tokens->value.type == GgufType::array);
    CHECK(tokens->value.array_type == GgufType::string);
    CHECK(tokens->value.array_len == 1000);
    CHECK(tokens->value.numbers.empty());
}

TEST_CASE("gguf: per-layer keys, experts, MTP layers and vision tensors", "[gguf]") {
    Writer w;
    // A GLM-4.5-like MoE: 3 layers of which the last is MTP (block_count counts it, nextn_predict_layers names
    // it), layer 0 dense, per-layer head_count_kv, MXFP4 experts, and a vision tower in the same file.
    w.str("general.architecture", "glm4moe").u32("glm4moe.block_count", 3).u32("glm4moe.nextn_predict_layers", 1);
    w.u32("glm4moe.expert_count", 8).u32("glm4moe.expert_used_count", 2).u32("glm4moe.leading_dense_block_count", 1);
    w.i32s("glm4moe.attention.head_count_kv", {4, 2, 2}).u32("glm4moe.attention.key_length_mla", 192);
    w.u32("glm4moe.attention.kv_lora_rank", 512);
    w.tensor("token_embd.weight", Q8_0, {64, 100});
    w.tensor("blk.0.ffn_up.weight", Q8_0, {64, 128}).tensor("blk.0.attn_q.weight", Q8_0, {64, 64});
    w.tensor("blk.1.ffn_up_exps.weight", MXFP4, {64, 32, 8}).tensor("blk.1.ffn_up_shexp.weight", Q8_0, {64, 32});
    w.tensor("blk.1.ffn_gate_inp.weight", F32, {64, 8}).tensor("blk.1.attn_k_norm.weight", F32, {64});
    w.tensor("blk.2.nextn.eh_proj.weight", Q8_0, {128, 64}).tensor("blk.2.ffn_up_exps.weight", MXFP4, {64, 32, 8});
    w.tensor("v.blk.0.attn_q.weight", F16, {32, 32}).tensor("mm.input_projection.weight", F16, {32, 64});
    w.tensor("rope_freqs.weight", F32, {32}).tensor("cls.weight", F32, {16});
    const GgufFile f = read_all(w.header(), w.file_bytes());
    CHECK(f.shape.n_head_kv == 4);
    CHECK(f.shape.n_head_kv_per_layer == std::vector<int64_t>{4, 2, 2});
    CHECK(f.shape.n_layer_mtp == 1);
    CHECK(f.shape.head_dim_k_mla == 192);
    CHECK(f.shape.kv_lora_rank == 512);
    CHECK(f.shape.n_expert == 8);
    CHECK(f.shape.n_layer_dense_lead == 1);
    const int64_t exps = 64 / 32 * 17 * 32 * 8;   // MXFP4: 32 elements in 17 bytes
    CHECK(f.bytes.experts == exps);
    CHECK(f.bytes.mtp == 128 / 32 * 34 * 64 + exps);
    CHECK(f.bytes.vision == 2 * 32 * 32 + 2 * 32 * 64);
    CHECK(f.bytes.ffn_dense == 64 / 32 * 34 * 128 + 64 / 32 * 34 * 32 + 4 * 64 * 8);
    CHECK(f.bytes.norms == 4 * 64);
    CHECK(f.bytes.other == 4 * 32 + 4 * 16);
    CHECK(f.bytes.top_other == f.bytes.other);
    // Elements of everything but the MTP layer and the encoder; experts apart.
    CHECK(f.bytes.params == 64 * 100 + 64 * 128 + 64 * 64 + 64 * 32 * 8 + 64 * 32 + 64 * 8 + 64 + 32 + 16);
    CHECK(f.bytes.params_experts == 64 * 32 * 8);
    REQUIRE(f.bytes.layer.size() == 2);
    CHECK(f.bytes.layer_experts == std::vector<int64_t>{0, exps});
    CHECK(f.bytes.total == f.bytes.token_embd + f.bytes.output + f.bytes.attention + f.bytes.ffn_dense + f.bytes.experts +
                               f.bytes.norms + f.bytes.other + f.bytes.mtp + f.bytes.vision);
    // rope_freqs (llama 3's RoPE factors) is expected at the top level; cls is neither embeddings, output nor a layer.
    REQUIRE(f.notes.size() == 1);
    CHECK(f.notes[0].find("top-level") != std::string::npos);
}

TEST_CASE("gguf: a prefix too short for the header asks for more bytes", "[gguf]") {
    const Writer w = small_llama(4, 256);
    const std::string h = w.header();
    const int64_t file = w.file_bytes() + (int64_t(40) << 30);   // as if 40 GB of data followed (unchecked here)
    // Every prefix shorter than the header asks for more, and reading what it asks converges in few rounds.
    for (size_t cut : {size_t(0), size_t(3), size_t(16), size_t(100), h.size() / 2, h.size() - 40}) {
        INFO(cut);
        GgufRead r = read_gguf(std::string_view(h).substr(0, cut), file);
        REQUIRE(!r.complete());
        CHECK(r.need_bytes > int64_t(cut));
        CHECK(r.need_message.find("read at least " + std::to_string(r.need_bytes)) != std::string::npos);
        int rounds = 0;
        while (!r.complete() && rounds < 40) {
            const size_t n = size_t(std::min<int64_t>(r.need_bytes, int64_t(h.size())));
            r = read_gguf(std::string_view(h).substr(0, n), w.file_bytes());
            ++rounds;
        }
        CHECK(r.complete());
        CHECK(rounds <= 2);
    }
    // The first request is 1 MiB (a header is rarely smaller); no request goes past 128 MiB: a header that
    // needs more (here a 200 MiB array in a 1 TB file) is refused instead of read further.
    CHECK(read_gguf(std::string_view(h).substr(0, 100), int64_t(1) << 40).need_bytes == int64_t(1) << 20);
    std::string kv;
    Writer::put_str(kv, "a"), Writer::put<uint32_t>(kv, 9), Writer::put<uint32_t>(kv, 0), Writer::put<uint64_t>(kv, uint64_t(200) << 20);
    CHECK(error_of([&] { read_gguf(Writer().raw_kv(kv).header(), int64_t(1) << 40); }).find("past 128 MiB") != std::string::npos);
    // The whole file given, but it ends inside the header: broken, not "read more".
    const size_t half = h.size() / 2;
    const std::string msg = error_of([&] { read_gguf(std::string_view(h).substr(0, half), int64_t(half)); });
    INFO(msg);
    CHECK((msg.find("past the end of the file") != std::string::npos || msg.find("more than the rest of the file") != std::string::npos));
}

TEST_CASE("gguf: hostile headers are refused quickly with a message naming what is wrong", "[gguf]") {
    const Writer ok = small_llama(2, 256);
    const std::string good = ok.header();
    const int64_t good_file = ok.file_bytes();
    auto patch = [](std::string s, size_t at, const void* v, size_t n) {
        std::memcpy(&s[at], v, n);
        return s;
    };
    const uint64_t huge = uint64_t(1) << 62;
    struct Case { std::string name, bytes; int64_t file; std::string expect; };
    std::vector<Case> cases = {
        {"magic", "GGML" + good.substr(4), good_file, "not a GGUF file"},
        {"version 1", patch(good, 4, "\x01\0\0\0", 4), good_file, "version 1 is not supported"},
        {"big-endian", patch(good, 4, "\0\0\0\x03", 4), good_file, "big-endian"},
        {"version 4", patch(good, 4, "\x04\0\0\0", 4), good_file, "unknown GGUF version 4"},
        {"tensor count", patch(good, 8, &huge, 8), good_file, "tensors, more than a file"},
        {"key count", patch(good, 16, &huge, 8), good_file, "metadata keys, more than a file"},
        {"65537 tensors", patch(good, 8, "\x01\x00\x01\0\0\0\0\0", 8), int64_t(1) << 40, "65537 tensors, more than"},
    };
    auto one = [&](const std::string& name, Writer w, const std::string& expect, int64_t file = -1) {
        cases.push_back({name, w.header(), file >= 0 ? file : w.file_bytes(), expect});
    };
    {
        Writer w;   // a key claiming a 2^40-byte string
        std::string kv;
        Writer::put<uint64_t>(kv, uint64_t(1) << 40);
        one("key length", w.raw_kv(kv), "claims 1099511627776 bytes; strings longer than 16 MiB are refused", 1 << 20);
    }
    {
        Writer w;   // a string value longer than the file
        std::string kv;
        Writer::put_str(kv, "general.name"), Writer::put<uint32_t>(kv, 8), Writer::put<uint64_t>(kv, 1000000);
        one("string past the file", w.raw_kv(kv), "runs past the end of the file", 1 << 16);
    }
    {
        Writer w;   // an array of 2^40 u32
        std::string kv;
        Writer::put_str(kv, "a"), Writer::put<uint32_t>(kv, 9), Writer::put<uint32_t>(kv, 4), Writer::put<uint64_t>(kv, uint64_t(1) << 40);
        one("array length", w.raw_kv(kv), "claims 1099511627776 elements of u32, more than the rest of the file", 1 << 20);
    }
    {
        Writer w;   // arrays nested three deep
        std::string kv;
        Writer::put_str(kv, "a"), Writer::put<uint32_t>(kv, 9), Writer::put<uint32_t>(kv, 9), Writer::put<uint64_t>(kv, 1);
        Writer::put<uint32_t>(kv, 9), Writer::put<uint64_t>(kv, 1), Writer::put<uint32_t>(kv, 4), Writer::put<uint64_t>(kv, 1);
        kv += std::string(64, '\0');
        one("nested arrays", w.raw_kv(kv), "nests arrays deeper than 2 levels", 1 << 20);
    }
    {
        Writer w;
        std::string kv;
        Writer::put_str(kv, "a"), Writer::put<uint32_t>(kv, 13);
        kv += std::string(16, '\0');
        one("value type", w.raw_kv(kv), "key 'a' has unknown value type 13", 1 << 20);
    }
    one("duplicate key", Writer().u32("a.b", 1).u32("a.b", 2), "metadata key 'a.b' appears twice");
    one("empty key", Writer().u32("", 1), "metadata key 0 is empty");
    one("alignment 48", Writer().u32("general.alignment", 48), "'general.alignment' is 48, not a power of 2");
    one("alignment type", Writer().str("general.alignment", "32"), "'general.alignment' must be a u32");
    one("duplicate tensor", Writer().tensor("x", F32, {8}).tensor("x", F32, {8}), "tensor name 'x' appears twice");
    one("long name", Writer().tensor(std::string(64, 'n'), F32, {8}), "is 64 bytes; ggml allows 63");
    one("5 dims", Writer().tensor("x", F32, {1, 1, 1, 1, 1}), "tensor 'x' has 5 dimensions; ggml allows 4");
    one("dims overflow", Writer().tensor("x", F32, {int64_t(1) << 40, int64_t(1) << 40, int64_t(1) << 40}, 0), "impossible in a file of", 1 << 20);
    one("dims product", Writer().tensor("x", F32, {1 << 16, 1 << 16, 1 << 16, 1 << 16}, 0), "is larger than the whole file", int64_t(1) << 40);
    one("block", Writer().tensor("x", Q4_K, {100, 2}), "has rows of 100 elements, not a multiple of its block size 256");
    one("removed type", Writer().tensor("x", 31, {32}, 0), "ggml type 31 (Q4_0_4_4), which ggml removed");
    one("unknown type", Writer().tensor("x", 99, {32}, 0), "unknown ggml type 99");
    one("misaligned", Writer().tensor("x", F32, {8}, 4), "not a multiple of the alignment 32");
    one("gap", Writer().tensor("x", F32, {8}).tensor("y", F32, {8}, 64), "tensor 'y' has offset 64, expected 32");
    one("past the end", Writer().tensor("x", F32, {32}), "ends at byte 192, past the end of the file (150 bytes)", 150);
    one("split.no", Writer().u32("split.count", 2).u32("split.no", 2), "'split.no' 2 is not below 'split.count' 2");

    double slowest = 0;
    for (const Case& c : cases) {
        INFO(c.name);
        std::string msg;
        const double t = ms([&] { msg = error_of([&] { read_gguf(c.bytes, c.file); }); });
        INFO(msg);
        CHECK(msg.find(c.expect) != std::string::npos);
        CHECK(t < 100 * kSlow);
        slowest = std::max(slowest, t);
    }
    std::printf("gguf: %zu hostile headers, each refused with its message; the slowest in %.3f ms\n", cases.size(), slowest);
    // A 0.75 MB header of twenty thousand tiny tensors (ten times a large real model's) ending in a duplicate.
    Writer w;
    for (int k = 0; k < 20000; ++k) w.tensor("t" + std::to_string(k), F32, {1});
    w.tensor("t7", F32, {1});
    const std::string big = w.header();
    // The best of three: the first run on a busy 2-core machine pays page faults for the tensor list it builds.
    double t = 1e9;
    for (int k = 0; k < 3; ++k) {
        std::string msg;
        t = std::min(t, ms([&] { msg = error_of([&] { read_gguf(big, w.file_bytes()); }); }));
        CHECK(msg.find("'t7' appears twice") != std::string::npos);
    }
    std::printf("gguf: hostile header of %zu bytes (20001 tensors) refused in %.1f ms\n", big.size(), t);
    CHECK(t < 100 * kSlow);
}

TEST_CASE("gguf: a 40 GB sparse file: its header alone gives the exact bytes, fast", "[gguf]") {
    // A Llama-3.1-70B-shaped Q4_K_M-like mix (80 layers, d 8192, kv 1024, ff 28672, vocab 128256): the header
    // is the first ~60 KB of a ~42 GB file; the reader never sees the rest.
    Writer w;
    const int64_t d = 8192, kvd = 1024, ff = 28672, vocab = 128256;
    w.str("general.architecture", "llama").u32("llama.block_count", 80).u32("llama.embedding_length", uint32_t(d));
    w.tensor("token_embd.weight", Q4_K, {d, vocab}).tensor("output_norm.weight", F32, {d}).tensor("output.weight", Q6_K, {d, vocab});
    for (int il = 0; il < 80; ++il) {
        const std::string p = "blk." + std::to_string(il) + ".";
        w.tensor(p + "attn_norm.weight", F32, {d}).tensor(p + "attn_q.weight", Q4_K, {d, d}).tensor(p + "attn_k.weight", Q4_K, {d, kvd});
        w.tensor(p + "attn_v.weight", il % 2 ? Q4_K : Q6_K, {d, kvd}).tensor(p + "attn_output.weight", Q4_K, {d, d});
        w.tensor(p + "ffn_norm.weight", F32, {d}).tensor(p + "ffn_gate.weight", Q4_K, {d, ff}).tensor(p + "ffn_up.weight", Q4_K, {d, ff});
        w.tensor(p + "ffn_down.weight", il % 2 ? Q4_K : Q6_K, {ff, d});
    }
    const std::string h = w.header();
    const int64_t file = w.file_bytes();
    CHECK(file > int64_t(40) * 1000 * 1000 * 1000);
    GgufRead r;
    const double t = ms([&] { r = read_gguf(h, file); });
    REQUIRE(r.complete());
    CHECK(r.file.data_offset + r.file.data_bytes == file);
    CHECK(r.file.bytes.layer.size() == 80);
    std::printf("gguf: %zu-byte header of a %.1f GB file (%zu tensors) read in %.2f ms\n", h.size(), double(file) / 1e9,
                r.file.tensors.size(), t);
    CHECK(t < 100 * kSlow);
}

TEST_CASE("gguf: split files combine into one model", "[gguf]") {
    auto shard = [](int no, int count, std::vector<std::string> names, int tensors_total = 0) {
        Writer w;
        if (no == 0) w.str("general.architecture", "llama").u32("llama.block_count", 2);
        w.u32("split.no", uint32_t(no)).u32("split.count", uint32_t(count));
        if (tensors_total) w.u32("split.tensors.count", uint32_t(tensors_total));
        for (const std::string& n : names) w.tensor(n, F32, {64});
        return read_all(w.header(), w.file_bytes() + 1000);   // as if 1000 bytes of padding and data followed
    };
    const GgufFile all = combine_gguf_shards({shard(2, 3, {"blk.1.attn_q.weight"}, 4),
                                              shard(0, 3, {"token_embd.weight", "blk.0.attn_q.weight"}, 4),
                                              shard(1, 3, {"output.weight"}, 4)});
    CHECK(all.tensors.size() == 4);
    CHECK(all.shape.architecture == "llama");
    CHECK(all.bytes.total == 4 * 64 * 4);
    CHECK(all.bytes.layer == std::vector<int64_t>{256, 256});
    CHECK(all.bytes.output == 256);
    CHECK(all.tensors.back().shard == 2);
    CHECK(all.file_bytes == all.header_bytes + all.data_bytes + 3000);

    CHECK(error_of([&] { combine_gguf_shards({shard(0, 3, {"a"}), shard(1, 3, {"b"})}); }).find("split.count is 3 but 2 shards") !=
          std::string::npos);
    CHECK(error_of([&] { combine_gguf_shards({shard(0, 2, {"a"}), shard(0, 2, {"b"})}); }).find("shard 1 of 2 is missing") !=
          std::string::npos);
    CHECK(error_of([&] { combine_gguf_shards({shard(0, 2, {"a"}), shard(1, 2, {"a"})}); }).find("'a' is in more than one shard") !=
          std::string::npos);
    CHECK(error_of([&] { combine_gguf_shards({shard(0, 2, {"a"}, 3), shard(1, 2, {"b"})}); }).find("split.tensors.count is 3") !=
          std::string::npos);
}

TEST_CASE("gguf: published files' headers: exact tensor bytes against the file size", "[gguf]") {
    // tests/data/gguf/<name>.json: a published file's tensor list and its size as its host lists it;
    // <name>.gguf: its header, written by scripts/make_gguf_fixtures.py.
    const fs::path dir = fs::path(HEADROOM_TEST_DATA) / "gguf";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        const auto spec = nlohmann::json::parse(read_file(e.path()));
        if (!spec.contains("tensors")) continue;
        INFO(e.path().filename().string());
        const std::string header = read_file(fs::path(e.path()).replace_extension(".gguf"));
        const auto& expect = spec.at("expect");
        const int64_t listed = spec.value("file_bytes", int64_t(0));
        // Without a listed size in bytes, the header's own layout: the data section right after it.
        const GgufRead probe = read_gguf(header, int64_t(header.size()) + (int64_t(1) << 45));
        REQUIRE(probe.complete());
        const int64_t file = listed > 0 ? listed : probe.file.data_offset + probe.file.data_bytes;
        const GgufFile f = read_all(header, file);
        CHECK(int64_t(f.tensors.size()) == expect.at("n_tensors").get<int64_t>());
        CHECK(f.bytes.total == expect.at("tensor_bytes").get<int64_t>());
        CHECK(f.shape.architecture == expect.at("architecture").get<std::string>());
        CHECK(f.shape.n_layer == expect.at("n_layer").get<int64_t>());
        // The same numbers wasm/test/gguf-crosscheck.test.mjs reads from @huggingface/gguf's parse of the file.
        CHECK(f.data_offset == expect.at("data_offset").get<int64_t>());
        uint64_t offset_sum = 0;
        for (const GgufTensor& t : f.tensors) offset_sum += t.offset;
        CHECK(offset_sum == expect.at("offset_sum").get<uint64_t>());
        // Offsets a source lists: the bytes of every tensor before it, exactly.
        if (expect.contains("tensor_offsets"))
            for (const auto& item : expect["tensor_offsets"].items()) {
                const std::string name = item.key();   // not a structured binding: a lambda below captures it (clang)
                const auto& off = item.value();
                INFO(name);
                const auto it = std::find_if(f.tensors.begin(), f.tensors.end(), [&](const GgufTensor& t) { return t.name == name; });
                REQUIRE(it != f.tensors.end());
                CHECK(it->offset == off.get<uint64_t>());
            }
        // The tensors per ggml type, as the source's loader log counts them ('- type q8_0: 660 tensors'): what
        // proves a reconstructed list (docs/gguf.md), read back here from the header.
        if (expect.contains("type_counts")) {
            std::map<std::string, int64_t> got;
            for (const GgufTensor& t : f.tensors) {
                const GgmlTypeInfo* ti = find_ggml_type_info(t.type);
                REQUIRE(ti != nullptr);
                ++got[ti->name];
            }
            CHECK(nlohmann::json(got) == expect["type_counts"]);
        }
        // Elements of every tensor, against the source's 'model params' (rounded there; exact here).
        if (expect.contains("params")) CHECK(f.bytes.params == expect["params"].get<int64_t>());
        if (expect.contains("experts")) CHECK(f.bytes.experts == expect["experts"].get<int64_t>());
        if (expect.contains("vision")) CHECK(f.bytes.vision == expect["vision"].get<int64_t>());
        if (expect.contains("mtp")) CHECK(f.bytes.mtp == expect["mtp"].get<int64_t>());
        // The file is its header (vocabulary included, which the fixture leaves out), then the tensors, each padded
        // to the alignment: what the host lists, less the tensor data, must be a header's worth (a few MB).
        const double header_max = 32e6;
        if (listed > 0) {
            const int64_t left = listed - f.data_bytes;
            INFO("listed " << listed << " bytes, tensor data " << f.data_bytes << ", left for the header " << left);
            CHECK(left > 0);
            CHECK(double(left) <= header_max);
        }
        if (spec.contains("size_listed")) {   // a size listed to 3 digits ("17.2 GB", "241MB"), +- half a unit
            const double listed_bytes = spec["size_listed"].at("bytes").get<double>();
            const double pm = spec["size_listed"].at("plus_minus").get<double>();
            INFO("listed " << spec["size_listed"].at("as").get<std::string>() << ", tensor data " << f.data_bytes
                           << " bytes: the header would be " << (listed_bytes - double(f.data_bytes)) / 1e6 << " MB");
            CHECK(double(f.data_bytes) >= listed_bytes - pm - header_max);
            CHECK(double(f.data_bytes) <= listed_bytes + pm);
        }
        ++n;
    }
    CHECK(n >= 1);
}

TEST_CASE("gguf: fuzzer findings for the GGUF reader stay fixed", "[gguf][regressions]") {
    // tests/data/gguf/regressions/*: inputs fuzz/fuzz_gguf.cpp once failed on, fed to the same driver.
    const fs::path dir = fs::path(HEADROOM_TEST_DATA) / "gguf" / "regressions";
    if (!fs::is_directory(dir)) return;
    for (const auto& e : fs::directory_iterator(dir)) {
        INFO(e.path().string());
        const std::string bytes = read_file(e.path());
        for (int64_t file : {int64_t(bytes.size()), int64_t(bytes.size()) * 2 + (int64_t(1) << 30)}) {
            try {
                const GgufRead r = read_gguf(bytes, file);
                if (r.complete()) CHECK(r.file.data_offset + r.file.data_bytes <= file + r.file.alignment);
                else CHECK(r.need_bytes > int64_t(bytes.size()));
            } catch (const InputError& err) {
                CHECK(err.field == "gguf");
            }
        }
    }
}
