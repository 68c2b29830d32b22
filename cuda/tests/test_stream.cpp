// headroom-stream on the CPU backend: the reference ops, the weights, and the ring scheduler
// (streamed and resident logits must be bit-identical). Tiny shapes: seconds on 2 cores.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <unistd.h>
#include <string>
#include <vector>

#include "bench.hpp"
#include "half.hpp"
#include "model.hpp"
#include "stream.hpp"

using namespace hrs;

static Shape tiny(int n_layer = 3) {
    Shape s;
    s.id = "tiny";
    s.n_layer = s.n_layer_model = n_layer;
    s.n_embd = 128;
    s.n_ff = 352;
    s.n_head = 4;
    s.n_head_kv = 2;
    s.head_dim = 32;
    s.n_vocab = 512;
    return s;
}

static std::string tmp_path(const std::string& name) {
    return std::string("/tmp/hrs-test-") + std::to_string(::getpid()) + "-" + name;
}

// The IEEE 754 binary16 definition itself, not a compiler's _Float16 (clang 14 has none on x86, and the
// sanitized suite is built with clang): value = (-1)^s x 2^(e-15) x (1 + m/1024), subnormals 2^-14 x m/1024.
static float half_by_definition(uint16_t h) {
    const int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    const float sign = s ? -1.0f : 1.0f;
    if (e == 31) return m ? NAN : sign * INFINITY;
    if (e == 0) return sign * std::ldexp(float(m), -24);
    return sign * std::ldexp(float(1024 + m), e - 25);
}

TEST_CASE("f16 conversion is bit-exact with IEEE binary16, rounding to nearest even", "[half]") {
    for (uint32_t h = 0; h < 65536; ++h) {
        const uint16_t b = uint16_t(h);
        const float ref = half_by_definition(b), got = half_bits_to_float(b);
        if (std::isnan(ref)) {
            REQUIRE(std::isnan(got));
            continue;
        }
        REQUIRE(std::memcmp(&ref, &got, 4) == 0);
        REQUIRE(float_to_half_bits(ref) == b);   // every half round-trips, signed zeros and infinities included
    }
    // Between two neighbouring positive halves a < b (b = a + 1 ulp): a value just below the midpoint rounds to
    // a, just above to b, and the midpoint itself to the one with an even mantissa; past the largest half
    // (65504), the midpoint to infinity (65520) and above round to infinity.
    for (uint32_t a = 0; a < 0x7bff; ++a) {
        const uint16_t b = uint16_t(a + 1);
        const float fa = half_by_definition(uint16_t(a)), fb = half_by_definition(b);
        const float mid = (fa + fb) / 2;   // exact in float: 11 significant bits plus one
        REQUIRE(float_to_half_bits(std::nextafter(mid, fa)) == a);
        REQUIRE(float_to_half_bits(std::nextafter(mid, fb)) == b);
        REQUIRE(float_to_half_bits(mid) == ((a & 1) ? b : a));
        REQUIRE(float_to_half_bits(-mid) == (((a & 1) ? b : a) | 0x8000));
    }
    REQUIRE(float_to_half_bits(std::nextafter(65520.0f, 0.0f)) == 0x7bff);
    REQUIRE(float_to_half_bits(65520.0f) == 0x7c00);
    REQUIRE(float_to_half_bits(1e9f) == 0x7c00);
    REQUIRE(std::isnan(half_bits_to_float(float_to_half_bits(NAN))));
}

TEST_CASE("layout: aligned blobs, sizes per format", "[weights]") {
    for (Quant q : {Quant::f16, Quant::int8, Quant::int4}) {
        Layout L = make_layout(tiny(), q);
        REQUIRE(L.layer_stride % k_blob_align == 0);
        REQUIRE(L.head_stride % k_blob_align == 0);
        REQUIRE(L.layer.wq.data_off % 256 == 0);
        REQUIRE(L.layer.w_down.scale_off % 256 == 0);
        const size_t n = size_t(128) * 352;
        if (q == Quant::f16) REQUIRE(L.layer.w_up.data_bytes == 2 * n);
        if (q == Quant::int8) REQUIRE(L.layer.w_up.scale_bytes == 2 * 352);
        if (q == Quant::int4) REQUIRE(L.layer.w_up.scale_bytes == 2 * n / 32);
        REQUIRE(L.file_bytes() == k_header_bytes + 3 * L.layer_stride + L.head_stride);
    }
}

TEST_CASE("weights are deterministic and a cut model keeps its first layers and head", "[weights]") {
    Layout L3 = make_layout(tiny(3), Quant::int4), L2 = make_layout(tiny(2), Quant::int4);
    std::vector<uint8_t> a(L3.slot_bytes()), b(L3.slot_bytes());
    fill_blob(L3, 7, 1, a.data());
    fill_blob(L2, 7, 1, b.data());
    REQUIRE(std::memcmp(a.data(), b.data(), L3.layer_stride) == 0);
    fill_blob(L3, 7, 3, a.data());   // head
    fill_blob(L2, 7, 2, b.data());
    REQUIRE(std::memcmp(a.data(), b.data(), L3.head_stride) == 0);
    fill_blob(L3, 8, 3, b.data());   // another seed differs
    REQUIRE(std::memcmp(a.data(), b.data(), L3.head_stride) != 0);
}

TEST_CASE("quantized matvec tracks the f16 one", "[ops]") {
    auto be = make_cpu_backend();
    Shape s = tiny(1);
    std::vector<float> x(size_t(s.n_embd));
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(float(i) * 0.37f);
    std::vector<float> y[3];
    int k = 0;
    for (Quant q : {Quant::f16, Quant::int8, Quant::int4}) {
        Layout L = make_layout(s, q);
        std::vector<uint8_t> blob(L.slot_bytes());
        fill_blob(L, 3, 0, blob.data());
        MatView m{blob.data() + L.layer.w_gate.data_off,
                  q == Quant::f16 ? nullptr : reinterpret_cast<const uint16_t*>(blob.data() + L.layer.w_gate.scale_off),
                  L.layer.w_gate.rows, L.layer.w_gate.cols, q};
        y[k].assign(size_t(m.rows), 0.0f);
        be->matvec(y[k].data(), m, x.data(), false);
        be->sync();
        ++k;
    }
    double e8 = 0, e4 = 0, norm = 0;
    for (size_t i = 0; i < y[0].size(); ++i) {
        norm += double(y[0][i]) * y[0][i];
        e8 += (double(y[1][i]) - y[0][i]) * (double(y[1][i]) - y[0][i]);
        e4 += (double(y[2][i]) - y[0][i]) * (double(y[2][i]) - y[0][i]);
    }
    // relative RMS error: int8 per-row ~0.5%, int4 per-32 ~8% (uniform weights, 4-bit steps)
    CHECK(std::sqrt(e8 / norm) < 0.02);
    CHECK(std::sqrt(e4 / norm) < 0.15);
    CHECK(std::sqrt(e4 / norm) > std::sqrt(e8 / norm));
}

TEST_CASE("reference ops on hand-checked inputs", "[ops]") {
    auto be = make_cpu_backend();
    SECTION("rmsnorm") {
        std::vector<float> x = {3, 4, 0, 0}, out(4);
        std::vector<uint16_t> w(4, float_to_half_bits(1.0f));
        be->rmsnorm(out.data(), x.data(), w.data(), 4, 0.0f);
        be->sync();
        CHECK(out[0] == Approx(3.0 / 2.5));   // rms = sqrt(25/4) = 2.5
        CHECK(out[1] == Approx(4.0 / 2.5));
    }
    SECTION("attention over one position returns v") {
        std::vector<float> q = {1, 2, 3, 4}, k = {0.5f, 0.5f}, v = {7, 8}, out(4);
        be->attention(out.data(), q.data(), k.data(), v.data(), 1, 2, 1, 2);
        be->sync();
        CHECK(out == std::vector<float>{7, 8, 7, 8});
    }
    SECTION("attention: equal scores average v") {
        std::vector<float> q = {0, 0}, k = {1, 2, 3, 4}, v = {2, 4, 6, 8}, out(2);
        be->attention(out.data(), q.data(), k.data(), v.data(), 2, 1, 1, 2);
        be->sync();
        CHECK(out[0] == Approx(4));
        CHECK(out[1] == Approx(6));
    }
    SECTION("rope at angle 0 is the identity and rotates pairs (i, i + d/2)") {
        std::vector<float> q = {1, 2, 3, 4}, kk = {5, 6, 7, 8}, cs = {1, 0, 0, 1};   // pair 0: 0 rad, pair 1: 90 deg
        be->rope(q.data(), 1, kk.data(), 1, 4, cs.data());
        be->sync();
        CHECK(q == std::vector<float>{1, -4, 3, 2});
        CHECK(kk == std::vector<float>{5, -8, 7, 6});
    }
    SECTION("swiglu") {
        std::vector<float> g = {0, 1}, u = {5, 2};
        be->swiglu(g.data(), u.data(), 2);
        be->sync();
        CHECK(g[0] == 0);
        CHECK(g[1] == Approx(2.0 / (1.0 + std::exp(-1.0))));
    }
}

TEST_CASE("cpu streams follow CUDA event semantics", "[backend]") {
    auto be = make_cpu_backend();
    int ev = be->event_create();
    be->wait(k_compute, ev);   // never recorded: a no-op, as in CUDA
    std::vector<uint8_t> a(1 << 20, 1), b(1 << 20, 0);
    be->copy_h2d(k_copy, b.data(), a.data(), a.size());
    be->record(k_copy, ev);
    be->wait(k_compute, ev);
    std::vector<uint8_t> c(1 << 20, 0);
    be->copy_d2d(k_compute, c.data(), b.data(), b.size());   // must see the copy
    be->sync();
    REQUIRE(c[12345] == 1);
    REQUIRE(be->query(ev));
}

// The heart: every placement through the ring gives the resident logits, bit for bit.
TEST_CASE("streamed and resident decode give bit-identical logits", "[ring]") {
    auto q = GENERATE(Quant::f16, Quant::int8, Quant::int4);
    auto be = make_cpu_backend();
    const Layout L = make_layout(tiny(3), q);
    const int T = 5;
    const uint64_t seed = 11;
    const std::string path = tmp_path(std::string("w-") + to_string(q) + ".bin");
    REQUIRE(ensure_weights_file(L, seed, path));
    REQUIRE_FALSE(ensure_weights_file(L, seed, path));   // written once, then reused
    std::vector<uint8_t> host(L.weights_bytes());
    read_weights(L, path, host.data());
    for (int b = 0; b < L.n_blobs(); ++b) {   // the file holds exactly fill_blob's bytes
        std::vector<uint8_t> want(L.blob_bytes(b));
        fill_blob(L, seed, b, want.data());
        REQUIRE(std::memcmp(want.data(), host.data() + size_t(b) * L.layer_stride, want.size()) == 0);
    }
    const size_t n = size_t(T) * size_t(L.shape.n_vocab);

    std::vector<float> ref;
    {
        uint8_t* dw = static_cast<uint8_t*>(be->dev_alloc(L.weights_bytes()));
        be->copy_h2d(k_compute, dw, host.data(), L.weights_bytes());
        Runner r(*be, L, seed, T);
        run_resident(*be, r, dw, nullptr);
        ref.assign(r.host_logits(), r.host_logits() + n);
        be->dev_free(dw);
    }
    for (float v : ref) REQUIRE(std::isfinite(v));
    float mx = 0;
    for (float v : ref) mx = std::max(mx, std::fabs(v));
    REQUIRE(mx > 0.01f);   // not a degenerate all-zero run

    for (int slots : {1, 2, 3}) {
        DYNAMIC_SECTION("pinned host, " << slots << " slots") {
            HostSource src(*be, L, host.data());
            Ring ring(*be, L, slots);
            Runner r(*be, L, seed, T);
            ring.run(r, src, nullptr);
            REQUIRE(std::memcmp(ref.data(), r.host_logits(), n * sizeof(float)) == 0);
        }
    }
    SECTION("disk through pinned staging") {
        DiskSource src(*be, L, path, 2);
        Ring ring(*be, L, 2);
        for (int rep = 0; rep < 2; ++rep) {   // the source restarts cleanly
            Runner r(*be, L, seed, T);
            ring.run(r, src, nullptr);
            REQUIRE(std::memcmp(ref.data(), r.host_logits(), n * sizeof(float)) == 0);
        }
        Runner r(*be, L, seed, T);
        CHECK(ring.copy_only(L, src, T).s_per_token > 0);
        CHECK(ring.compute_only(r, src).s_per_token > 0);
    }
    SECTION("a different token sequence (seed) changes the logits") {
        HostSource src(*be, L, host.data());
        Ring ring(*be, L, 2);
        Runner r(*be, L, seed + 1, T);
        ring.run(r, src, nullptr);
        REQUIRE(std::memcmp(ref.data(), r.host_logits(), n * sizeof(float)) != 0);
    }
    std::remove(path.c_str());
}

TEST_CASE("the first token's logits do not depend on how many tokens follow", "[ring]") {
    auto be = make_cpu_backend();
    const Layout L = make_layout(tiny(2), Quant::f16);
    std::vector<uint8_t> host(L.weights_bytes());
    for (int b = 0; b < L.n_blobs(); ++b) fill_blob(L, 5, b, host.data() + size_t(b) * L.layer_stride);
    std::vector<float> first[2];
    int k = 0;
    for (int T : {1, 4}) {
        HostSource src(*be, L, host.data());
        Ring ring(*be, L, 2);
        Runner r(*be, L, 5, T);
        ring.run(r, src, nullptr);
        first[k++].assign(r.host_logits(), r.host_logits() + L.shape.n_vocab);
    }
    REQUIRE(first[0] == first[1]);
}

TEST_CASE("arguments: sizes and bad options", "[cli]") {
    CHECK(parse_size("4GiB") == 4LL * 1024 * 1024 * 1024);
    CHECK(parse_size("6GB") == 6000000000LL);
    CHECK(parse_size("512mib") == 512LL * 1024 * 1024);
    CHECK(parse_size("1e9") == 1000000000LL);
    CHECK(parse_size("4 parsecs") == -1);
    CHECK(parse_size("-1GB") == -1);
    auto args = [](std::vector<std::string> v) {
        std::vector<char*> p;
        static std::vector<std::string> keep;
        keep = std::move(v);
        keep.insert(keep.begin(), "headroom-stream");
        for (auto& s : keep) p.push_back(s.data());
        return parse_args(int(p.size()), p.data());
    };
    auto option_of = [&](std::vector<std::string> v) {
        try {
            args(std::move(v));
        } catch (const ArgError& e) {
            return e.option;
        }
        return std::string("(accepted)");
    };
    CHECK(option_of({"--backend", "tpu", "--config", "c.json", "--out", "o"}) == "--backend");
    CHECK(option_of({"--quant", "int3", "--config", "c.json", "--out", "o"}) == "--quant");
    CHECK(option_of({"--placement", "cloud", "--config", "c.json", "--out", "o"}) == "--placement");
    CHECK(option_of({"--gpu-mem-budget", "lots", "--config", "c.json", "--out", "o"}) == "--gpu-mem-budget");
    CHECK(option_of({"--tokens", "0", "--config", "c.json", "--out", "o"}) == "--tokens");
    CHECK(option_of({"--config", "c.json"}) == "--out");
    CHECK(option_of({"--out", "o"}) == "--model");
    CHECK(option_of({"--frobnicate", "1"}) == "--frobnicate");
    Options o = args({"--placement", "disk,resident", "--config", "c.json", "--out", "o", "--quant", "int4"});
    CHECK(o.placements == std::vector<std::string>{"resident", "disk"});
    CHECK(o.quant == Quant::int4);
}

TEST_CASE("shapes from config.json", "[shape]") {
    Shape s = load_shape("", std::string(HRS_TEST_DIR) + "/tiny_config.json");
    CHECK(s.n_layer == 3);
    CHECK(s.n_embd == 128);
    CHECK(s.n_head_kv == 2);
    CHECK(s.head_dim == 32);
    CHECK(s.rope_theta == 10000.0f);
    CHECK_THROWS_AS(load_shape("", "/nonexistent/config.json"), ArgError);
    CHECK_THROWS_AS(load_shape("", ""), ArgError);
}
