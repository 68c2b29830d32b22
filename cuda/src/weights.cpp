// Deterministic weights, their layout in layer-contiguous blobs, and the flat weights file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "half.hpp"
#include "stream.hpp"

namespace hrs {

const float* half_table() {
    static const std::vector<float> t = [] {
        std::vector<float> v(65536);
        for (uint32_t i = 0; i < 65536; ++i) v[i] = half_bits_to_float(uint16_t(i));
        return v;
    }();
    return t.data();
}

const char* to_string(Quant q) {
    switch (q) {
        case Quant::f16: return "f16";
        case Quant::int8: return "int8";
        case Quant::int4: return "int4";
    }
    return "?";
}

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static MatLayout place_mat(size_t& off, int rows, int cols, Quant q) {
    MatLayout m;
    m.rows = rows;
    m.cols = cols;
    size_t n = size_t(rows) * size_t(cols);
    m.data_bytes = q == Quant::f16 ? 2 * n : q == Quant::int8 ? n : n / 2;
    m.scale_bytes = q == Quant::f16 ? 0 : q == Quant::int8 ? 2 * size_t(rows) : 2 * (n / k_int4_group);
    m.data_off = off;
    off = align_up(off + m.data_bytes, 256);
    m.scale_off = off;
    off = align_up(off + m.scale_bytes, 256);
    return m;
}

Layout make_layout(const Shape& s, Quant q) {
    Layout L;
    L.shape = s;
    L.quant = q;
    size_t off = 0;
    auto vec = [&](int n) {
        size_t o = off;
        off = align_up(off + 2 * size_t(n), 256);
        return o;
    };
    L.layer.attn_norm = vec(s.n_embd);
    L.layer.wq = place_mat(off, s.q_dim(), s.n_embd, q);
    L.layer.wk = place_mat(off, s.kv_dim(), s.n_embd, q);
    L.layer.wv = place_mat(off, s.kv_dim(), s.n_embd, q);
    L.layer.wo = place_mat(off, s.n_embd, s.q_dim(), q);
    L.layer.ffn_norm = vec(s.n_embd);
    L.layer.w_gate = place_mat(off, s.n_ff, s.n_embd, q);
    L.layer.w_up = place_mat(off, s.n_ff, s.n_embd, q);
    L.layer.w_down = place_mat(off, s.n_embd, s.n_ff, q);
    L.layer.bytes = off;
    off = 0;
    L.head.out_norm = vec(s.n_embd);
    L.head.lm_head = place_mat(off, s.n_vocab, s.n_embd, q);
    L.head.bytes = off;
    L.layer_stride = align_up(L.layer.bytes, k_blob_align);
    L.head_stride = align_up(L.head.bytes, k_blob_align);
    return L;
}

// splitmix64: a counter-based generator, so any element can be made independently (in parallel).
static inline uint64_t mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static inline float uniform(uint64_t key, uint64_t i) {   // [-1, 1)
    return float(mix(key ^ mix(i)) >> 40) * (2.0f / 16777216.0f) - 1.0f;
}
static uint64_t tensor_key(uint64_t seed, uint64_t blob_tag, uint64_t tensor) {
    return mix(mix(seed) ^ (blob_tag * 64 + tensor));
}
static constexpr uint64_t k_head_tag = 0xffffffull;      // the head's tag does not depend on n_layer
static constexpr uint64_t k_embd_tag = 0xfffffeull;

static void fill_norm(uint8_t* base, size_t off, int n, uint64_t key) {
    uint16_t* w = reinterpret_cast<uint16_t*>(base + off);
    for (int i = 0; i < n; ++i) w[i] = float_to_half_bits(1.0f + 0.1f * uniform(key, uint64_t(i)));
}

// Uniform weights with std 1/sqrt(cols) (keeps activations O(1) through RMSNorm'd layers),
// then quantized: int8 symmetric per row, int4 symmetric per 32-element group.
static void fill_mat(uint8_t* base, const MatLayout& m, Quant q, uint64_t key) {
    const float a = std::sqrt(3.0f / float(m.cols));
#pragma omp parallel for schedule(static)
    for (int r = 0; r < m.rows; ++r) {
        std::vector<float> row(size_t(m.cols));
        for (int c = 0; c < m.cols; ++c) row[size_t(c)] = a * uniform(key, uint64_t(r) * uint64_t(m.cols) + uint64_t(c));
        size_t n0 = size_t(r) * size_t(m.cols);
        if (q == Quant::f16) {
            uint16_t* d = reinterpret_cast<uint16_t*>(base + m.data_off) + n0;
            for (int c = 0; c < m.cols; ++c) d[c] = float_to_half_bits(row[size_t(c)]);
        } else if (q == Quant::int8) {
            float amax = 0;
            for (float v : row) amax = std::max(amax, std::fabs(v));
            uint16_t sh = float_to_half_bits(amax / 127.0f);
            float s = half_bits_to_float(sh);
            reinterpret_cast<uint16_t*>(base + m.scale_off)[r] = sh;
            int8_t* d = reinterpret_cast<int8_t*>(base + m.data_off) + n0;
            for (int c = 0; c < m.cols; ++c) {
                float v = s > 0 ? std::nearbyint(row[size_t(c)] / s) : 0.0f;
                d[c] = int8_t(std::min(127.0f, std::max(-127.0f, v)));
            }
        } else {
            uint8_t* d = base + m.data_off + n0 / 2;
            uint16_t* sc = reinterpret_cast<uint16_t*>(base + m.scale_off) + n0 / k_int4_group;
            for (int g = 0; g < m.cols / k_int4_group; ++g) {
                float amax = 0;
                for (int j = 0; j < k_int4_group; ++j) amax = std::max(amax, std::fabs(row[size_t(g * k_int4_group + j)]));
                uint16_t sh = float_to_half_bits(amax / 7.0f);
                float s = half_bits_to_float(sh);
                sc[g] = sh;
                for (int j = 0; j < k_int4_group; j += 2) {
                    int qv[2];
                    for (int t = 0; t < 2; ++t) {
                        float v = s > 0 ? std::nearbyint(row[size_t(g * k_int4_group + j + t)] / s) : 0.0f;
                        qv[t] = int(std::min(7.0f, std::max(-8.0f, v))) + 8;
                    }
                    d[(g * k_int4_group + j) / 2] = uint8_t(qv[0] | (qv[1] << 4));
                }
            }
        }
    }
}

void fill_blob(const Layout& L, uint64_t seed, int blob, uint8_t* out) {
    std::memset(out, 0, L.blob_bytes(blob));
    if (blob < L.shape.n_layer) {
        const LayerLayout& l = L.layer;
        uint64_t tag = uint64_t(blob);
        fill_norm(out, l.attn_norm, L.shape.n_embd, tensor_key(seed, tag, 0));
        fill_norm(out, l.ffn_norm, L.shape.n_embd, tensor_key(seed, tag, 1));
        const MatLayout* mats[] = {&l.wq, &l.wk, &l.wv, &l.wo, &l.w_gate, &l.w_up, &l.w_down};
        for (int i = 0; i < 7; ++i) fill_mat(out, *mats[i], L.quant, tensor_key(seed, tag, uint64_t(2 + i)));
    } else {
        fill_norm(out, L.head.out_norm, L.shape.n_embd, tensor_key(seed, k_head_tag, 0));
        fill_mat(out, L.head.lm_head, L.quant, tensor_key(seed, k_head_tag, 1));
    }
}

std::string header_text(const Layout& L, uint64_t seed) {
    const Shape& s = L.shape;
    std::string h = "HRSTREAM1\n";
    h += "n_layer=" + std::to_string(s.n_layer) + " n_embd=" + std::to_string(s.n_embd) +
         " n_ff=" + std::to_string(s.n_ff) + " n_head=" + std::to_string(s.n_head) +
         " n_head_kv=" + std::to_string(s.n_head_kv) + " head_dim=" + std::to_string(s.head_dim) +
         " n_vocab=" + std::to_string(s.n_vocab) + " quant=" + to_string(L.quant) +
         " seed=" + std::to_string(seed) + " layer_stride=" + std::to_string(L.layer_stride) +
         " head_stride=" + std::to_string(L.head_stride) + "\n";
    return h;
}

static void throw_errno(const std::string& what, const std::string& path) {
    throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

static void pread_all(int fd, uint8_t* dst, size_t n, size_t off, const std::string& path) {
    while (n > 0) {
        ssize_t r = ::pread(fd, dst, n, off_t(off));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throw_errno("cannot read", path);
        dst += r;
        n -= size_t(r);
        off += size_t(r);
    }
}

bool ensure_weights_file(const Layout& L, uint64_t seed, const std::string& path,
                         const std::function<void(int, int)>& progress) {
    const std::string want = header_text(L, seed);
    {
        int fd = ::open(path.c_str(), O_RDONLY);
        if (fd >= 0) {
            struct stat st{};
            std::string have(want.size(), '\0');
            bool same = ::fstat(fd, &st) == 0 && size_t(st.st_size) == L.file_bytes() &&
                        ::pread(fd, have.data(), have.size(), 0) == ssize_t(have.size()) && have == want;
            ::close(fd);
            if (same) return false;
        }
    }
    std::string tmp = path + ".partial";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw_errno("cannot create", tmp);
    std::vector<uint8_t> buf(std::max(k_header_bytes, L.slot_bytes()));
    auto write_all = [&](const uint8_t* p, size_t n, size_t off) {
        while (n > 0) {
            ssize_t w = ::pwrite(fd, p, n, off_t(off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) throw_errno("cannot write", tmp);
            p += w;
            n -= size_t(w);
            off += size_t(w);
        }
    };
    std::memset(buf.data(), 0, k_header_bytes);
    std::memcpy(buf.data(), want.data(), want.size());
    write_all(buf.data(), k_header_bytes, 0);
    for (int b = 0; b < L.n_blobs(); ++b) {
        fill_blob(L, seed, b, buf.data());
        write_all(buf.data(), L.blob_bytes(b), L.blob_offset(b));
        if (progress) progress(b + 1, L.n_blobs());
    }
    if (::fsync(fd) != 0) throw_errno("cannot sync", tmp);   // clean pages: fadvise can drop them
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) throw_errno("cannot rename to", path);
    return true;
}

void read_weights(const Layout& L, const std::string& path, uint8_t* dst) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw_errno("cannot open", path);
    const size_t chunk = size_t(64) << 20;
    for (size_t done = 0; done < L.weights_bytes(); done += chunk)
        pread_all(fd, dst + done, std::min(chunk, L.weights_bytes() - done), k_header_bytes + done, path);
    ::close(fd);
}

std::vector<int> token_sequence(const Shape& s, uint64_t seed, int n_tokens) {
    std::vector<int> t(static_cast<size_t>(n_tokens));
    for (int i = 0; i < n_tokens; ++i) t[size_t(i)] = int(mix(mix(seed) ^ (0x70C0000ull + uint64_t(i))) % uint64_t(s.n_vocab));
    return t;
}

std::vector<float> embedding_rows(const Shape& s, uint64_t seed, const std::vector<int>& tokens) {
    std::vector<float> e(tokens.size() * size_t(s.n_embd));
    uint64_t key = tensor_key(seed, k_embd_tag, 0);
    for (size_t i = 0; i < tokens.size(); ++i)
        for (int c = 0; c < s.n_embd; ++c)
            e[i * size_t(s.n_embd) + size_t(c)] = half_bits_to_float(float_to_half_bits(
                uniform(key, uint64_t(tokens[i]) * uint64_t(s.n_embd) + uint64_t(c))));
    return e;
}

std::vector<float> rope_table(const Shape& s, int n_ctx) {
    const int half = s.head_dim / 2;
    std::vector<float> t(size_t(n_ctx) * size_t(half) * 2);
    for (int p = 0; p < n_ctx; ++p)
        for (int i = 0; i < half; ++i) {
            // HF Llama: inv_freq_i = theta^(-2i/head_dim), rotate_half pairs (i, i + head_dim/2)
            double f = std::pow(double(s.rope_theta), -2.0 * i / double(s.head_dim));
            double a = double(p) * f;
            t[(size_t(p) * size_t(half) + size_t(i)) * 2] = float(std::cos(a));
            t[(size_t(p) * size_t(half) + size_t(i)) * 2 + 1] = float(std::sin(a));
        }
    return t;
}

void validate_shape(const Shape& s, const std::string& option) {
    auto bad = [&](const std::string& m) { throw ArgError{option, m}; };
    if (s.n_layer < 1 || s.n_embd < 1 || s.n_ff < 1 || s.n_head < 1 || s.n_head_kv < 1 || s.head_dim < 2 || s.n_vocab < 1)
        bad("the model shape is incomplete (n_layer, n_embd, n_ff, n_head, n_head_kv, head_dim, n_vocab must be > 0)");
    if (s.n_head % s.n_head_kv != 0) bad("n_head must be a multiple of n_head_kv (grouped-query attention)");
    if (s.head_dim % 2 != 0 || s.head_dim > 512) bad("head_dim must be even and at most 512");
    if (s.n_embd % 32 != 0 || s.n_ff % 32 != 0 || s.q_dim() % 32 != 0)
        bad("n_embd, n_ff and n_head*head_dim must be multiples of 32 (16-byte loads, int4 groups of 32)");
}

}  // namespace hrs
