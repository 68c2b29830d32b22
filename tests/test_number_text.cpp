// Numbers in and out of the core's text without libc's slow paths (core/src/json_io.cpp, text.cpp): a flat JSON object (a
// scenario) is read without nlohmann's parser, a plain decimal without strtod, and %.Nf / %.Ng written without printf.
// Each must give, byte for byte, what the full reader or printf gives.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "internal.hpp"
#include "scenario_json.hpp"

using namespace headroom;

namespace {

// strtod over the whole text, as the core read numbers before parse_number.
bool strtod_whole(const std::string& t, double& v) {
    char* end = nullptr;
    v = std::strtod(t.c_str(), &end);
    return !t.empty() && end == t.c_str() + t.size();
}

bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

// Numbers at the edges of the fast path (15 digits, 10^22) and of double itself, and texts strtod reads otherwise.
const std::vector<std::string> kNumbers = {
    "0", "-0", "0.0", "-0.0", "1", "0.5", "3.5", "1.15", "0.1", "0.2", "0.3", "0.30000000000000004", "1e22", "1e23",
    "1e-22", "1e-23", "123456789012345", "1234567890123456", "9007199254740993", "123456789012345678",
    "1234567890123456789", "12345678901234567890", "2.2250738585072014e-308", "4.9e-324", "5e-324",
    "1.7976931348623157e308", "1e309", "-1e309", "1e-400", "0.000001", "100000000000000000000000", "1.", ".5", "+.5",
    "-.5", ".", "+", "-", "", "1e", "1e+", "1e-5", "1E5", "0x10", "0x1p3", "inf", "-inf", "nan", "infinity", " 1", "1 ",
    "01", "00.5", "1.5e0003", "1e1000", "1e-1000", "1.2.3", "12k", "3.14159265358979", "2.718281828459045",
    "0.1e1", "10e-1", "999999999999999e7", "999999999999999e8", "1.00000000000000000000001",
};

}  // namespace

TEST_CASE("parse_number reads a whole text exactly as strtod does") {
    for (const std::string& t : kNumbers) {
        double a = 0, b = 0;
        const bool ra = detail::parse_number(t, a), rb = strtod_whole(t, b);
        INFO(t);
        CHECK(ra == rb);
        if (ra && rb) CHECK(same_double(a, b));
    }
    // Random decimals: digits, a point, an exponent, in every combination the fast path meets.
    std::mt19937_64 rng(7);
    for (int n = 0; n < 20000; ++n) {
        std::string t;
        if (rng() % 4 == 0) t += (rng() % 2) ? '-' : '+';
        for (int k = int(rng() % 18); k > 0; --k) t += char('0' + rng() % 10);
        if (rng() % 2) {
            t += '.';
            for (int k = int(rng() % 18); k > 0; --k) t += char('0' + rng() % 10);
        }
        if (rng() % 3 == 0) {
            t += (rng() % 2) ? 'e' : 'E';
            if (rng() % 2) t += (rng() % 2) ? '-' : '+';
            t += std::to_string(rng() % 30);
        }
        double a = 0, b = 0;
        const bool ra = detail::parse_number(t, a), rb = strtod_whole(t, b);
        INFO(t);
        REQUIRE(ra == rb);
        if (ra) REQUIRE(same_double(a, b));
    }
}

TEST_CASE("a flat JSON object reads as nlohmann's parser reads it") {
    const auto same = [](const std::string& text) {
        const auto a = detail::parse_json(text), b = detail::parse_json_full(text);
        INFO(text);
        REQUIRE(a.is_discarded() == b.is_discarded());
        if (!a.is_discarded()) {
            REQUIRE(a.dump() == b.dump());
            // The value types too (dump writes 1 for both an unsigned and a signed integer).
            if (a.is_object())
                for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) REQUIRE(ia.value().type() == ib.value().type());
        }
    };
    same(R"({"model":"llama-3.1-8b","ctx":8192,"lifetime_years":3.0,"utilization":0.5,"host":"ram_gb=64,disk_gbps=3.5"})");
    for (const char* t : {"{}", " { } ", "{\"a\":1,\"a\":2}", "{\"a\":-0}", "{\"a\":-1}", "{\"a\":18446744073709551615}",
                          "{\"a\":18446744073709551616}", "{\"a\":-9223372036854775809}", "{\"a\":1e400}", "{\"a\":01}",
                          "{\"a\":1.}", "{\"a\":.5}", "{\"a\":\"\\u00e9\"}", "{\"a\":\"caf\xc3\xa9\"}", "{\"a\":\"\xff\"}",
                          "{\"a\":[1]}", "{\"a\":{}}", "{\"a\":true,\"b\":false,\"c\":null}", "{\"a\":tru}", "{\"a\":1,}",
                          "{,}", "{\"a\" 1}", "{\"a\":1} x", "[1]", "\"a\"", "", "   ", "\xef\xbb\xbf{\"a\":1}",
                          "{\"a\":\"x\ty\"}", "{\"a\":1/*c*/}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1E+2}", "{\"\":1}"})
        same(t);
    for (const std::string& n : kNumbers) same("{\"x\":" + n + "}");
    // Random flat objects, and each of them cut short and with one byte changed.
    std::mt19937_64 rng(11);
    const std::string bytes = "{}[]:,\"\\ \t\n-+.eE0123456789tfnulasx\x01\x7f\xc3\xa9";
    for (int n = 0; n < 3000; ++n) {
        std::string t = "{";
        for (int k = int(rng() % 6); k > 0; --k) {
            if (t.size() > 1) t += ',';
            t += "\"k" + std::to_string(rng() % 8) + "\":";
            switch (rng() % 5) {
                case 0: t += "\"v" + std::to_string(rng() % 100) + "\""; break;
                case 1: t += kNumbers[rng() % kNumbers.size()]; break;
                case 2: t += std::to_string(int64_t(rng()) >> (rng() % 64)); break;
                case 3: t += (rng() % 2) ? "true" : "null"; break;
                default: t += std::to_string(double(rng() % 100000) / 1000); break;
            }
        }
        t += '}';
        same(t);
        same(t.substr(0, rng() % (t.size() + 1)));
        std::string u = t;
        u[rng() % u.size()] = bytes[rng() % bytes.size()];
        same(u);
    }
}

namespace {
std::string printf_of(const char* format, int precision, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, precision, v);
    return buf;
}
}  // namespace

TEST_CASE("numbers are written as printf writes them") {
    std::vector<double> values = {0.0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.25, 0.35, 0.05, 0.15, 9.95, 99.95, 999.5, 0.0001, 0.00001,
                                  1e-5, 9.9999999999995, 9.99999999999949, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123456789012.5,
                                  999999999999.5, 1e12, 1e15, 1e16, 1e17, 1e20, 1e21, 1e22, 1e23, 1.7976931348623157e308,
                                  5e-324, 2.2250738585072014e-308, 1e-300, 4.92053401, 24.0, 23.999999, 1e100,
                                  std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN()};
    std::mt19937_64 rng(5);
    for (int n = 0; n < 30000; ++n) {
        // Any bit pattern, a value of a few decimals at any magnitude, and a byte count over 1e9 or 2^30.
        uint64_t bits = rng();
        double any;
        std::memcpy(&any, &bits, sizeof any);
        values.push_back(any);
        values.push_back(double(int64_t(rng() % 2000001) - 1000000) / std::pow(10.0, double(rng() % 12)) * std::pow(10.0, double(rng() % 30) - 10));
        values.push_back(double(int64_t(rng() >> 4)) / 1e9);
        values.push_back(double(int64_t(rng() >> 20)) / double(int64_t(1) << 30));
        values.push_back(double(rng() % 100000) / 8);   // exact halves and quarters: printf's ties to even
    }
    for (const double v : values) {
        INFO(printf_of("%.17g", 17, v));
        REQUIRE(detail::printf_general(v, 12) == printf_of("%.*g", 12, v));
        REQUIRE(detail::printf_general(v, 3) == printf_of("%.*g", 3, v));
        REQUIRE(detail::printf_fixed(v, 0) == printf_of("%.*f", 0, v));
        REQUIRE(detail::printf_fixed(v, 1) == printf_of("%.*f", 1, v));
    }
    // The formats the messages use go through them.
    CHECK(detail::fmt_num(0.1 + 0.2) == "0.3");
    CHECK(detail::sig3(34.61) == "34.6");
    CHECK(detail::gb(24'000'000'000) == "24.0 GB");
    CHECK(detail::gib(int64_t(24) << 30) == "24.0 GiB");
}
