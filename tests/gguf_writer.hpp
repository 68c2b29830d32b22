// tests/gguf_writer.hpp — a GGUF header written field by field (tests/test_gguf.cpp, tests/test_gguf_model.cpp),
// so each test can build exactly the header it needs, or break exactly one thing.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "headroom/gguf.hpp"

namespace headroom::test {

// A GGUF header written field by field, so each test can break exactly one thing.
struct Writer {
    std::string b;
    uint32_t alignment = 32;
    uint64_t next_offset = 0;
    int n_kv = 0, n_tensors = 0;
    std::string kv, ti;

    template <class T>
    static void put(std::string& s, T v) {
        char raw[sizeof(T)];
        std::memcpy(raw, &v, sizeof(T));
        s.append(raw, sizeof(T));
    }
    static void put_str(std::string& s, const std::string& v) {
        put<uint64_t>(s, v.size());
        s += v;
    }
    Writer& u32(const std::string& key, uint32_t v) {
        put_str(kv, key), put<uint32_t>(kv, 4), put<uint32_t>(kv, v), ++n_kv;
        return *this;
    }
    Writer& str(const std::string& key, const std::string& v) {
        put_str(kv, key), put<uint32_t>(kv, 8), put_str(kv, v), ++n_kv;
        return *this;
    }
    Writer& i32s(const std::string& key, const std::vector<int32_t>& v) {
        put_str(kv, key), put<uint32_t>(kv, 9), put<uint32_t>(kv, 5), put<uint64_t>(kv, v.size());
        for (int32_t x : v) put<int32_t>(kv, x);
        ++n_kv;
        return *this;
    }
    Writer& strs(const std::string& key, int n) {   // n strings, like a vocabulary
        put_str(kv, key), put<uint32_t>(kv, 9), put<uint32_t>(kv, 8), put<uint64_t>(kv, uint64_t(n));
        for (int k = 0; k < n; ++k) put_str(kv, "tok" + std::to_string(k));
        ++n_kv;
        return *this;
    }
    Writer& raw_kv(const std::string& bytes, int count = 1) {
        kv += bytes, n_kv += count;
        return *this;
    }
    // A tensor: `type` by ggml id, its bytes from the table; offsets laid out as ggml does unless given.
    Writer& tensor(const std::string& name, uint32_t type, std::vector<int64_t> ne, int64_t offset = -1) {
        put_str(ti, name), put<uint32_t>(ti, uint32_t(ne.size()));
        uint64_t elems = 1;   // unsigned: the hostile shapes below wrap here harmlessly, the reader must refuse them
        for (int64_t d : ne) put<int64_t>(ti, d), elems *= uint64_t(d);
        put<uint32_t>(ti, type);
        put<uint64_t>(ti, offset >= 0 ? uint64_t(offset) : next_offset);
        if (const GgmlTypeInfo* t = find_ggml_type_info(type))
            next_offset = (next_offset + elems / uint64_t(t->block_elements) * uint64_t(t->block_bytes) + alignment - 1) / alignment * alignment;
        ++n_tensors;
        return *this;
    }
    std::string header(uint32_t version = 3) const {
        std::string h = "GGUF";
        put<uint32_t>(h, version), put<uint64_t>(h, uint64_t(n_tensors)), put<uint64_t>(h, uint64_t(n_kv));
        h += kv + ti;
        h.resize((h.size() + alignment - 1) / alignment * alignment, '\0');
        return h;
    }
    int64_t file_bytes() const { return int64_t(header().size() + next_offset); }
};

// Type ids (ggml.h enum ggml_type).
constexpr uint32_t F32 = 0, F16 = 1, Q4_0 = 2, Q8_0 = 8, Q4_K = 12, Q6_K = 14, MXFP4 = 39;

}  // namespace headroom::test
