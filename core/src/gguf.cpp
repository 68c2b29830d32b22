// GGUF header reader (docs/gguf.md). The layout and the checks follow ggml's own reader, gguf.cpp
// (gguf_init_from_file_impl): what it refuses, this refuses, with the tensor or key named. The reader walks the
// bytes once; a count, length or size is compared with the bytes that remain in the file before anything is
// read or allocated for it, so a hostile header costs no more than its own length.
#include "headroom/gguf.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "internal.hpp"

namespace headroom {
namespace {

using detail::fail;

// ggml/include/ggml.h enum ggml_type and ggml/src/ggml.c type_traits (blck_size, sizeof(block_*) from the
// static_asserts in ggml/src/ggml-common.h), ggml-org/ggml d99724f2 (2026-08-21, "sync : llama.cpp").
const std::vector<GgmlTypeInfo> kTypes = {
    {0, "F32", 1, 4},          {1, "F16", 1, 2},          {2, "Q4_0", 32, 18},       {3, "Q4_1", 32, 20},
    {6, "Q5_0", 32, 22},       {7, "Q5_1", 32, 24},       {8, "Q8_0", 32, 34},       {9, "Q8_1", 32, 36},
    {10, "Q2_K", 256, 84},     {11, "Q3_K", 256, 110},    {12, "Q4_K", 256, 144},    {13, "Q5_K", 256, 176},
    {14, "Q6_K", 256, 210},    {15, "Q8_K", 256, 292},    {16, "IQ2_XXS", 256, 66},  {17, "IQ2_XS", 256, 74},
    {18, "IQ3_XXS", 256, 98},  {19, "IQ1_S", 256, 50},    {20, "IQ4_NL", 32, 18},    {21, "IQ3_S", 256, 110},
    {22, "IQ2_S", 256, 82},    {23, "IQ4_XS", 256, 136},  {24, "I8", 1, 1},          {25, "I16", 1, 2},
    {26, "I32", 1, 4},         {27, "I64", 1, 8},         {28, "F64", 1, 8},         {29, "IQ1_M", 256, 56},
    {30, "BF16", 1, 2},        {34, "TQ1_0", 256, 54},    {35, "TQ2_0", 256, 66},    {39, "MXFP4", 32, 17},
    {40, "NVFP4", 64, 36},     {41, "Q1_0", 128, 18},     {42, "Q2_0", 64, 18},
};
// Ids ggml.h lists as removed: a file holding them no longer loads.
const char* removed_type(uint32_t id) {
    switch (id) {
        case 4: return "Q4_2";
        case 5: return "Q4_3";
        case 31: return "Q4_0_4_4";
        case 32: return "Q4_0_4_8";
        case 33: return "Q4_0_8_8";
        case 36: return "IQ4_NL_4_4";
        case 37: return "IQ4_NL_4_8";
        case 38: return "IQ4_NL_8_8";
        default: return nullptr;
    }
}

constexpr uint64_t kMaxStringBytes = 16u << 20;   // a chat template is tens of KB; ggml allows 1 GiB, we do not need it
constexpr int64_t kMaxNameBytes = 63;              // GGML_MAX_NAME (64) with its terminating zero
constexpr int kMaxArrayDepth = 2;                  // an array of arrays; ggml itself refuses any nesting
constexpr uint64_t kMaxCount = 1u << 16;           // tensors, keys: real files hold a few thousand tensors, < 100 keys
constexpr uint64_t kMaxHeaderBytes = 128u << 20;   // what a caller is ever asked to read
constexpr uint64_t kMinNeed = 1u << 20;           // ask for at least 1 MiB: a header is rarely smaller
constexpr int64_t kMaxLayers = 65536;              // per-layer summary vectors
constexpr int64_t kMaxFileBytes = int64_t(1) << 50;   // a petabyte: dimensions and sizes stay far inside int64

struct NeedMore {
    uint64_t bytes;
};

int value_size(GgufType t) {
    switch (t) {
        case GgufType::u8: case GgufType::i8: case GgufType::boolean: return 1;
        case GgufType::u16: case GgufType::i16: return 2;
        case GgufType::u32: case GgufType::i32: case GgufType::f32: return 4;
        case GgufType::u64: case GgufType::i64: case GgufType::f64: return 8;
        default: return 0;   // string, array: variable
    }
}
const char* type_name(GgufType t) {
    static const char* const names[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};
    return names[static_cast<uint32_t>(t)];
}

// Little-endian reads from the prefix, bounded by it and by the file.
class Cursor {
public:
    Cursor(std::string_view buf, uint64_t file_bytes) : buf_(buf), file_(file_bytes) {}
    uint64_t pos() const { return pos_; }
    uint64_t remaining_in_file() const { return file_ - pos_; }
    uint64_t remaining_in_prefix() const { return buf_.size() - pos_; }
    // n more bytes must exist: in the file (else the header is broken), then in the prefix (else read more).
    void need(uint64_t n, const char* what) {
        if (n > file_ - pos_)
            fail("gguf", std::string(what) + " runs past the end of the file (" + std::to_string(file_) + " bytes)");
        if (n > buf_.size() - pos_) throw NeedMore{pos_ + n};
    }
    uint64_t u(int bytes, const char* what) {
        need(uint64_t(bytes), what);
        uint64_t v = 0;
        for (int k = 0; k < bytes; ++k) v |= uint64_t(uint8_t(buf_[pos_ + size_t(k)])) << (8 * k);
        pos_ += uint64_t(bytes);
        return v;
    }
    uint32_t u32(const char* what) { return static_cast<uint32_t>(u(4, what)); }
    uint64_t u64(const char* what) { return u(8, what); }
    void skip(uint64_t n, const char* what) {
        need(n, what);
        pos_ += n;
    }
    // A GGUF string (u64 length, bytes). Returns a view into the prefix.
    std::string_view str(const std::string& what) {
        const uint64_t len = u64(what.c_str());
        if (len > kMaxStringBytes)
            fail("gguf", what + " claims " + std::to_string(len) + " bytes; strings longer than 16 MiB are refused");
        need(len, what.c_str());
        std::string_view s = buf_.substr(size_t(pos_), size_t(len));
        pos_ += len;
        return s;
    }

private:
    std::string_view buf_;
    uint64_t file_;
    uint64_t pos_ = 0;
};

std::string quoted(std::string_view s) { return "'" + detail::utf8_prefix(s, 80) + "'"; }

// An array's elements (count already read): kept into v when numeric and short, skipped otherwise.
void read_array(Cursor& c, GgufValue* v, GgufType elem, uint64_t n, int depth, const std::string& what) {
    if (static_cast<uint32_t>(elem) > static_cast<uint32_t>(GgufType::f64))
        fail("gguf", what + " has unknown element type " + std::to_string(static_cast<uint32_t>(elem)));
    if (elem == GgufType::array && depth >= kMaxArrayDepth)
        fail("gguf", what + " nests arrays deeper than " + std::to_string(kMaxArrayDepth) + " levels");
    // The least each element takes: a fixed size, a string's length field, a nested array's type and count.
    const uint64_t least = elem == GgufType::string ? 8 : elem == GgufType::array ? 12 : uint64_t(value_size(elem));
    if (n > c.remaining_in_file() / least)
        fail("gguf", what + " claims " + std::to_string(n) + " elements of " + type_name(elem) +
                         ", more than the rest of the file could hold");
    if (elem == GgufType::string) {
        for (uint64_t k = 0; k < n; ++k) c.str(what + " element");
    } else if (elem == GgufType::array) {
        for (uint64_t k = 0; k < n; ++k) {
            const auto inner = static_cast<GgufType>(c.u32(what.c_str()));
            const uint64_t m = c.u64(what.c_str());
            read_array(c, nullptr, inner, m, depth + 1, what);
        }
    } else {
        const int sz = value_size(elem);
        if (v && n <= uint64_t(kGgufKeptArrayLen)) {
            c.need(n * uint64_t(sz), what.c_str());
            v->numbers.reserve(size_t(n));
            for (uint64_t k = 0; k < n; ++k) {
                const uint64_t raw = c.u(sz, what.c_str());
                double x = 0;
                switch (elem) {
                    case GgufType::i8: x = double(int8_t(raw)); break;
                    case GgufType::i16: x = double(int16_t(raw)); break;
                    case GgufType::i32: x = double(int32_t(raw)); break;
                    case GgufType::i64: x = double(int64_t(raw)); break;
                    case GgufType::f32: { float f; uint32_t r = uint32_t(raw); std::memcpy(&f, &r, 4); x = double(f); break; }
                    case GgufType::f64: std::memcpy(&x, &raw, 8); break;
                    default: x = double(raw);
                }
                v->numbers.push_back(x);
            }
        } else {
            c.skip(n * uint64_t(sz), what.c_str());
        }
    }
}

GgufValue read_value(Cursor& c, GgufType t, const std::string& key) {
    GgufValue v;
    v.type = t;
    const std::string what = "key " + quoted(key);
    switch (t) {
        case GgufType::string: {
            const std::string_view s = c.str(what);
            v.s_bytes = int64_t(s.size());
            v.s = std::string(s.substr(0, size_t(kGgufKeptStringBytes)));
            break;
        }
        case GgufType::array: {
            v.array_type = static_cast<GgufType>(c.u32(what.c_str()));
            const uint64_t n = c.u64(what.c_str());
            read_array(c, &v, v.array_type, n, 1, what);
            v.array_len = int64_t(n);
            break;
        }
        case GgufType::f32: {
            const uint32_t raw = c.u32(what.c_str());
            float f;
            std::memcpy(&f, &raw, 4);
            v.f = double(f);
            break;
        }
        case GgufType::f64: {
            const uint64_t raw = c.u64(what.c_str());
            std::memcpy(&v.f, &raw, 8);
            break;
        }
        default: {
            const int sz = value_size(t);
            if (sz == 0) fail("gguf", what + " has unknown value type " + std::to_string(static_cast<uint32_t>(t)));
            const uint64_t raw = c.u(sz, what.c_str());
            switch (t) {
                case GgufType::i8: v.i = int8_t(raw); break;
                case GgufType::i16: v.i = int16_t(raw); break;
                case GgufType::i32: v.i = int32_t(raw); break;
                case GgufType::i64: v.i = int64_t(raw); break;
                default: v.i = raw > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(raw);
            }
            v.f = t == GgufType::u64 ? double(raw) : double(v.i);
        }
    }
    return v;
}

// Bytes of a tensor: rows of ne0 / block_elements blocks. Refuses a shape whose size could not fit in the file
// before multiplying further, so nothing overflows.
int64_t tensor_bytes(const GgufTensor& t, const GgmlTypeInfo& ti, int64_t file_bytes) {
    if (t.ne[0] % ti.block_elements != 0)
        fail("gguf", "tensor " + quoted(t.name) + " of type " + ti.name + " has rows of " + std::to_string(t.ne[0]) +
                         " elements, not a multiple of its block size " + std::to_string(ti.block_elements));
    for (int d = 0; d < 4; ++d)
        if (t.ne[d] == 0) return 0;
    int64_t bytes = t.ne[0] / ti.block_elements * ti.block_bytes;
    for (int d = 0; d <= 3; ++d) {
        if (d > 0) {
            if (bytes > file_bytes / t.ne[d]) bytes = file_bytes + 1;   // would exceed the file: stop multiplying
            else bytes *= t.ne[d];
        }
        if (bytes > file_bytes)
            fail("gguf", "tensor " + quoted(t.name) + " (" + std::to_string(t.ne[0]) + " x " + std::to_string(t.ne[1]) +
                             " x " + std::to_string(t.ne[2]) + " x " + std::to_string(t.ne[3]) + ", " + ti.name +
                             ") is larger than the whole file (" + std::to_string(file_bytes) + " bytes)");
    }
    return bytes;
}

uint64_t pad(uint64_t x, uint64_t align) { return (x + align - 1) / align * align; }

GgufFile parse(std::string_view buf, int64_t file_bytes) {
    Cursor c(buf, uint64_t(file_bytes));
    GgufFile f;
    f.file_bytes = file_bytes;
    c.need(4, "the magic 'GGUF'");
    if (buf.substr(0, 4) != "GGUF") fail("gguf", "gguf_not_gguf", {});
    c.skip(4, "magic");
    const uint32_t version = c.u32("the version");
    if (version != 0 && (version & 0xFFFFu) == 0)
        fail("gguf", "version reads as " + std::to_string(version) +
                         ": a big-endian GGUF file; only little-endian files are read");
    if (version == 1) fail("gguf", "gguf_version_1", {});
    if (version != 2 && version != 3)
        fail("gguf", "unknown GGUF version " + std::to_string(version) + "; versions 2 and 3 are read");
    f.version = version;
    const uint64_t n_tensors = c.u64("the tensor count");
    const uint64_t n_kv = c.u64("the key count");
    // Each tensor info takes at least 24 bytes (name length, n_dims, type, offset), each key-value 13.
    if (n_tensors > kMaxCount || n_tensors > c.remaining_in_file() / 24)
        fail("gguf", "the header claims " + std::to_string(n_tensors) + " tensors, more than a file of " +
                         std::to_string(file_bytes) + " bytes could describe");
    if (n_kv > kMaxCount || n_kv > c.remaining_in_file() / 13)
        fail("gguf", "the header claims " + std::to_string(n_kv) + " metadata keys, more than a file of " +
                         std::to_string(file_bytes) + " bytes could hold");

    // Room is reserved for what the bytes at hand can hold, not for what the header claims (a 64 GB file may
    // claim millions of tensors; the prefix holds the proof). Names are checked for repeats as views into the
    // prefix, before anything is copied.
    const uint64_t in_prefix = c.remaining_in_prefix();
    std::unordered_set<std::string_view> seen;
    seen.reserve(size_t(std::min(std::max(n_kv, n_tensors), in_prefix / 13)));
    f.metadata.reserve(size_t(std::min(n_kv, in_prefix / 13)));
    for (uint64_t k = 0; k < n_kv; ++k) {
        const std::string_view key = c.str("metadata key " + std::to_string(k));
        if (key.empty()) fail("gguf", "metadata key " + std::to_string(k) + " is empty");
        if (!seen.insert(key).second) fail("gguf", "metadata key " + quoted(key) + " appears twice");
        const uint32_t t = c.u32("a value type");
        if (t > static_cast<uint32_t>(GgufType::f64))
            fail("gguf", "key " + quoted(key) + " has unknown value type " + std::to_string(t));
        GgufValue v = read_value(c, static_cast<GgufType>(t), std::string(key));
        f.metadata.push_back(GgufKv{std::string(key), std::move(v)});
    }
    if (const GgufKv* a = f.find("general.alignment")) {
        if (a->value.type != GgufType::u32) fail("gguf", "'general.alignment' must be a u32");
        const int64_t al = a->value.i;
        if (al == 0 || (al & (al - 1)) != 0)
            fail("gguf", "'general.alignment' is " + std::to_string(al) + ", not a power of 2");
        f.alignment = uint32_t(al);
    }
    for (const char* key : {"split.no", "split.count", "split.tensors.count"}) {
        const GgufKv* kv = f.find(key);
        if (!kv) continue;
        if (!kv->value.is_int() || kv->value.i < 0 || kv->value.i > int64_t(kMaxCount))
            fail("gguf", std::string("'") + key + "' must be an integer in 0.." + std::to_string(kMaxCount));
    }
    if (const GgufKv* kv = f.find("split.count")) f.split_count = int(std::min<int64_t>(kv->value.i, 65535));
    if (const GgufKv* kv = f.find("split.no")) f.split_no = int(std::min<int64_t>(kv->value.i, 65535));
    if (const GgufKv* kv = f.find("split.tensors.count")) f.split_tensors_count = kv->value.i;
    if (f.split_count < 1 || f.split_no >= f.split_count)
        fail("gguf", "'split.no' " + std::to_string(f.split_no) + " is not below 'split.count' " + std::to_string(f.split_count));

    seen.clear();
    f.tensors.reserve(size_t(std::min(n_tensors, c.remaining_in_prefix() / 24)));
    for (uint64_t k = 0; k < n_tensors; ++k) {
        GgufTensor t;
        const std::string_view name = c.str("a tensor name");
        if (int64_t(name.size()) > kMaxNameBytes)
            fail("gguf", "tensor " + std::to_string(k) + "'s name " + quoted(name) + " is " + std::to_string(name.size()) +
                             " bytes; ggml allows " + std::to_string(kMaxNameBytes));
        if (!seen.insert(name).second) fail("gguf", "tensor name " + quoted(name) + " appears twice");
        t.name = std::string(name);
        const uint32_t n_dims = c.u32("a tensor's dimension count");
        if (n_dims > 4)
            fail("gguf", "tensor " + quoted(t.name) + " has " + std::to_string(n_dims) + " dimensions; ggml allows 4");
        t.n_dims = int(n_dims);
        for (uint32_t d = 0; d < n_dims; ++d) {
            const uint64_t ne = c.u64("a tensor dimension");
            if (ne / 8 > uint64_t(file_bytes))   // no type packs 8 elements in a byte (Q1_0: 128 in 18)
                fail("gguf", "tensor " + quoted(t.name) + " dimension " + std::to_string(d) + " is " +
                                 std::to_string(ne) + ", impossible in a file of " + std::to_string(file_bytes) + " bytes");
            t.ne[d] = int64_t(ne);
        }
        t.type = c.u32("a tensor type");
        const GgmlTypeInfo* ti = find_ggml_type_info(t.type);
        if (!ti) {
            if (const char* r = removed_type(t.type))
                fail("gguf", "tensor " + quoted(t.name) + " has ggml type " + std::to_string(t.type) + " (" + r +
                                 "), which ggml removed; requantize the model with a current llama.cpp");
            fail("gguf", "tensor " + quoted(t.name) + " has unknown ggml type " + std::to_string(t.type) +
                             " (current ggml types are 0..42)");
        }
        t.bytes = tensor_bytes(t, *ti, file_bytes);
        t.offset = c.u64("a tensor offset");
        f.tensors.push_back(std::move(t));
    }

    // Tensor data follows the header, padded to the alignment; ggml requires each tensor to start where the
    // previous one ends, padded to the alignment, in order.
    const uint64_t data_offset = pad(c.pos(), f.alignment);
    if (data_offset > uint64_t(file_bytes))
        fail("gguf", "the data section would start at byte " + std::to_string(data_offset) + ", past the end of the file (" +
                         std::to_string(file_bytes) + " bytes)");
    f.data_offset = int64_t(data_offset);
    f.header_bytes = f.data_offset;
    uint64_t expect = 0;
    const uint64_t room = uint64_t(file_bytes) - data_offset;
    for (const GgufTensor& t : f.tensors) {
        if (t.offset % f.alignment != 0)
            fail("gguf", "tensor " + quoted(t.name) + " has offset " + std::to_string(t.offset) + ", not a multiple of the alignment " +
                             std::to_string(f.alignment));
        if (t.offset != expect)
            fail("gguf", "tensor " + quoted(t.name) + " has offset " + std::to_string(t.offset) + ", expected " + std::to_string(expect) +
                             " (each tensor starts where the previous one ends, padded to the alignment)");
        if (uint64_t(t.bytes) > room || t.offset > room - uint64_t(t.bytes))
            fail("gguf", "tensor " + quoted(t.name) + " ends at byte " + std::to_string(data_offset + t.offset + uint64_t(t.bytes)) +
                             ", past the end of the file (" + std::to_string(file_bytes) + " bytes)");
        expect = pad(t.offset + uint64_t(t.bytes), f.alignment);
    }
    f.data_bytes = int64_t(expect);
    return f;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// "blk.17.attn_q.weight" -> 17 and "attn_q.weight"; -1 when not a layer tensor.
int64_t layer_of(std::string_view name, std::string_view* rest) {
    if (!starts_with(name, "blk.")) return -1;
    size_t k = 4;
    int64_t n = 0;
    while (k < name.size() && name[k] >= '0' && name[k] <= '9' && n < 100000000) n = n * 10 + (name[k++] - '0');
    if (k == 4 || k >= name.size() || name[k] != '.') return -1;
    *rest = name.substr(k + 1);
    return n;
}

}  // namespace

bool GgufValue::is_int() const {
    switch (type) {
        case GgufType::u8: case GgufType::i8: case GgufType::u16: case GgufType::i16: case GgufType::u32:
        case GgufType::i32: case GgufType::u64: case GgufType::i64: case GgufType::boolean: return true;
        default: return false;
    }
}

const GgufKv* GgufFile::find(std::string_view key) const {
    for (const GgufKv& kv : metadata)
        if (kv.key == key) return &kv;
    return nullptr;
}

const std::vector<GgmlTypeInfo>& ggml_type_table() { return kTypes; }

const GgmlTypeInfo* find_ggml_type_info(uint32_t id) {
    for (const GgmlTypeInfo& t : kTypes)
        if (t.id == id) return &t;
    return nullptr;
}

GgufRead read_gguf(std::string_view prefix, int64_t file_bytes) {
    if (file_bytes > kMaxFileBytes)
        fail("gguf", "a file size of " + std::to_string(file_bytes) + " bytes is past what this reader accepts (2^50)");
    if (file_bytes < 0 || uint64_t(file_bytes) < prefix.size())
        fail("gguf", "the file size " + std::to_string(file_bytes) + " is smaller than the " + std::to_string(prefix.size()) +
                         " bytes read from it");
    GgufRead r;
    try {
        r.file = parse(prefix, file_bytes);
    } catch (const NeedMore& m) {
        // Real headers are a few MB (a 262k-token vocabulary and its merges); one that needs more is refused
        // rather than read further.
        if (m.bytes > kMaxHeaderBytes)
            fail("gguf", "the header continues past " + std::to_string(kMaxHeaderBytes >> 20) +
                             " MiB; real GGUF headers are a few MB");
        const uint64_t want = std::min(std::max({m.bytes, 2 * uint64_t(prefix.size()), kMinNeed}), kMaxHeaderBytes);
        r.need_bytes = int64_t(std::min<uint64_t>(want, uint64_t(file_bytes)));
        r.need_message = "GGUF header continues past the first " + std::to_string(prefix.size()) +
                         " bytes: read at least " + std::to_string(r.need_bytes);
        return r;
    }
    summarize_gguf(r.file);
    return r;
}

void summarize_gguf(GgufFile& f) {
    GgufShape& s = f.shape;
    s = GgufShape{};
    f.notes.clear();
    if (const GgufKv* kv = f.find("general.architecture"); kv && kv->value.type == GgufType::string)
        s.architecture = detail::utf8_prefix(kv->value.s, 64);
    else
        f.notes.push_back("no 'general.architecture' key");
    if (const GgufKv* kv = f.find("general.name"); kv && kv->value.type == GgufType::string)
        s.name = detail::utf8_prefix(kv->value.s, 256);
    if (const GgufKv* kv = f.find("general.file_type"); kv && kv->value.is_int()) s.file_type = kv->value.i;
    for (const GgufKv& kv : f.metadata)
        if (starts_with(kv.key, "tokenizer.chat_template") && kv.value.type == GgufType::string && kv.value.s_bytes > 0)
            s.has_chat_template = true;

    // <arch>.<suffix>: an integer scalar, or an array of integers (per layer; the largest is the scalar).
    const std::string arch = s.architecture;
    auto get = [&](const char* suffix, std::vector<int64_t>* per_layer = nullptr) -> int64_t {
        const std::string key = arch + "." + suffix;
        const GgufKv* kv = f.find(key);
        if (!kv || arch.empty()) return 0;
        const GgufValue& v = kv->value;
        if (v.is_int() && v.i >= 0 && v.i <= (int64_t(1) << 40)) return v.i;
        if (v.type == GgufType::array && !v.numbers.empty()) {
            int64_t mx = 0;
            std::vector<int64_t> out;
            for (double x : v.numbers) {
                if (!(x >= 0 && x <= double(int64_t(1) << 40))) {
                    f.notes.push_back("'" + key + "' holds a value out of range; ignored");
                    return 0;
                }
                out.push_back(int64_t(x));
                mx = std::max(mx, int64_t(x));
            }
            if (per_layer) *per_layer = std::move(out);
            return mx;
        }
        f.notes.push_back("'" + key + "' is not a non-negative integer; ignored");
        return 0;
    };
    s.n_layer = get("block_count");
    s.n_ctx_train = get("context_length");
    s.n_embd = get("embedding_length");
    s.n_ff = get("feed_forward_length", &s.n_ff_per_layer);
    s.n_head = get("attention.head_count", &s.n_head_per_layer);
    s.n_head_kv = get("attention.head_count_kv", &s.n_head_kv_per_layer);
    s.head_dim_k = get("attention.key_length");
    s.head_dim_v = get("attention.value_length");
    s.n_expert = get("expert_count");
    s.n_expert_used = get("expert_used_count");
    s.n_expert_shared = get("expert_shared_count");
    s.n_ff_expert = get("expert_feed_forward_length");
    s.n_ff_shared = get("expert_shared_feed_forward_length");
    s.n_layer_dense_lead = get("leading_dense_block_count");
    s.n_swa = get("attention.sliding_window");
    s.q_lora_rank = get("attention.q_lora_rank");
    s.kv_lora_rank = get("attention.kv_lora_rank");
    s.head_dim_k_mla = get("attention.key_length_mla");
    s.head_dim_v_mla = get("attention.value_length_mla");
    s.n_layer_mtp = get("nextn_predict_layers");
    s.n_vocab = get("vocab_size");
    s.n_rot = get("rope.dimension_count");
    s.ssm_d_conv = get("ssm.conv_kernel");
    s.ssm_d_inner = get("ssm.inner_size");
    s.ssm_d_state = get("ssm.state_size");
    s.ssm_dt_rank = get("ssm.time_step_rank");
    s.ssm_n_group = get("ssm.group_count");
    s.shortconv_l_cache = get("shortconv.l_cache");
    if (s.n_vocab == 0)
        if (const GgufKv* kv = f.find("tokenizer.ggml.tokens"); kv && kv->value.type == GgufType::array)
            s.n_vocab = kv->value.array_len;
    if (!arch.empty() && s.n_layer == 0) f.notes.push_back("no '" + arch + ".block_count' key");

    // MTP layers: the last nextn_predict_layers of block_count (GLM-4.5 counts them in it), and any layer holding
    // nextn tensors or numbered past block_count.
    const bool clip = arch == "clip";   // an mmproj file: every tensor is the encoder's
    const int64_t key_mtp = std::min(s.n_layer_mtp, s.n_layer);
    const int64_t first_mtp = s.n_layer > 0 ? s.n_layer - key_mtp : INT64_MAX;
    std::unordered_set<int64_t> nextn_layers, mtp_layers;
    int64_t max_main = -1;
    for (const GgufTensor& t : f.tensors) {
        std::string_view rest;
        const int64_t il = layer_of(t.name, &rest);
        if (il >= 0 && contains(rest, "nextn")) nextn_layers.insert(il);
    }
    auto is_mtp = [&](int64_t il) { return il >= first_mtp || nextn_layers.count(il) > 0; };
    for (const GgufTensor& t : f.tensors) {
        std::string_view rest;
        const int64_t il = layer_of(t.name, &rest);
        if (il < 0 || clip) continue;
        if (is_mtp(il)) mtp_layers.insert(il);
        else max_main = std::max(max_main, il);
    }
    if (f.find(arch + ".nextn_predict_layers") == nullptr) s.n_layer_mtp = int64_t(mtp_layers.size());
    int64_t n_layer_main = max_main + 1;
    if (n_layer_main > kMaxLayers) {
        f.notes.push_back("layer numbers past " + std::to_string(kMaxLayers) + "; per-layer bytes not kept");
        n_layer_main = 0;
    }
    if (s.n_layer > 0 && max_main + 1 > s.n_layer - key_mtp)
        f.notes.push_back("tensors of layers past '" + arch + ".block_count'");

    GgufBytes& b = f.bytes;
    b = GgufBytes{};
    b.layer.assign(size_t(std::max<int64_t>(n_layer_main, 0)), 0);
    b.layer_experts.assign(b.layer.size(), 0);
    bool unplaced = false;
    // lfm2 and lfm2moe store their final norm, applied before the LM head, as token_embd_norm (llama.cpp
    // llama-arch.cpp names LLM_TENSOR_OUTPUT_NORM_LFM2 "token_embd_norm"; src/models/lfm2.cpp and lfm2moe.cpp load
    // it as output_norm, and the graph applies it after the last layer, "result_norm"). Elsewhere (bloom, bert)
    // token_embd_norm is the norm after the embedding lookup and stays with token_embd.
    const bool lfm2_norm = arch == "lfm2" || arch == "lfm2moe";
    for (const GgufTensor& t : f.tensors) {
        const std::string_view n = t.name;
        b.total += t.bytes;
        std::string_view rest;
        const int64_t il = layer_of(n, &rest);
        if (clip || starts_with(n, "v.") || starts_with(n, "mm.") || starts_with(n, "a.") || starts_with(n, "mmproj")) {
            b.vision += t.bytes;
        } else if (il >= 0 && is_mtp(il)) {
            b.mtp += t.bytes;
        } else if (il >= 0) {
            b.params += t.elements();
            if (contains(rest, "_exps")) b.params_experts += t.elements();
            if (contains(rest, "_exps")) b.experts += t.bytes;
            else if (contains(rest, "norm")) b.norms += t.bytes;
            else if (starts_with(rest, "attn") || starts_with(rest, "indexer")) b.attention += t.bytes;
            else if (starts_with(rest, "ffn") || starts_with(rest, "exp_probs")) b.ffn_dense += t.bytes;
            else b.other += t.bytes;
            if (il < int64_t(b.layer.size())) {
                b.layer[size_t(il)] += t.bytes;
                if (contains(rest, "_exps")) b.layer_experts[size_t(il)] += t.bytes;
            }
        } else if (lfm2_norm && starts_with(n, "token_embd_norm.")) {
            b.output += t.bytes;   // lfm2's final norm under the embedding norm's name (see lfm2_norm)
            b.params += t.elements();
        } else if (starts_with(n, "token_embd") || starts_with(n, "position_embd") || starts_with(n, "token_types")) {
            b.token_embd += t.bytes;
            b.params += t.elements();
        } else if (starts_with(n, "output.") || starts_with(n, "output_norm")) {
            b.output += t.bytes;
            b.params += t.elements();
        } else {
            b.other += t.bytes;
            b.top_other += t.bytes;
            b.params += t.elements();
            if (!starts_with(n, "rope_freqs")) unplaced = true;
        }
    }
    if (unplaced) f.notes.push_back("some top-level tensors are not embeddings, output or layers; counted as other");
}

GgufFile combine_gguf_shards(std::vector<GgufFile> shards) {
    if (shards.empty()) fail("gguf", "no shards to combine");
    std::sort(shards.begin(), shards.end(), [](const GgufFile& a, const GgufFile& b) { return a.split_no < b.split_no; });
    const int count = shards[0].split_count;
    if (int(shards.size()) != count)
        fail("gguf", "split.count is " + std::to_string(count) + " but " + std::to_string(shards.size()) + " shards were given");
    for (int k = 0; k < count; ++k) {
        if (shards[size_t(k)].split_count != count)
            fail("gguf", "shard " + std::to_string(shards[size_t(k)].split_no) + " says split.count " +
                             std::to_string(shards[size_t(k)].split_count) + ", shard 0 says " + std::to_string(count));
        if (shards[size_t(k)].split_no != k)
            fail("gguf", "shard " + std::to_string(k) + " of " + std::to_string(count) + " is missing (or another is repeated)");
    }
    GgufFile out = std::move(shards[0]);
    std::unordered_set<std::string> names;
    for (GgufTensor& t : out.tensors) names.insert(t.name);
    for (size_t k = 1; k < shards.size(); ++k) {
        GgufFile& sh = shards[k];
        for (GgufTensor& t : sh.tensors) {
            if (!names.insert(t.name).second)
                fail("gguf", "tensor " + quoted(t.name) + " is in more than one shard");
            t.shard = int(k);
            out.tensors.push_back(std::move(t));
        }
        out.file_bytes += sh.file_bytes;
        out.data_bytes += sh.data_bytes;
        out.header_bytes += sh.header_bytes;
    }
    if (out.split_tensors_count != 0 && out.split_tensors_count != int64_t(out.tensors.size()))
        fail("gguf", "split.tensors.count is " + std::to_string(out.split_tensors_count) + " but the shards hold " +
                         std::to_string(out.tensors.size()) + " tensors");
    out.split_no = 0;
    summarize_gguf(out);
    return out;
}

}  // namespace headroom
