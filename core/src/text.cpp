// Text for messages and reports: byte counts in GB, numbers, ASCII case, UTF-8 that stays valid when cut, and a
// nesting scan that runs before any parser recurses.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "internal.hpp"

namespace headroom::detail {

Params params(ParamList p) {
    Params out;
    out.reserve(p.size());
    for (const auto& [name, value] : p) out.push_back({name, std::string(value)});
    return out;
}
InputError input_error(std::string field, const char* code, Params p) {
    p = clean_params(std::move(p));
    std::string message = render_message(code, p);
    return InputError{utf8_clean(field), std::move(message), code, std::move(p)};
}
InputError input_error(std::string field, const char* code, ParamList p) { return input_error(std::move(field), code, params(p)); }
void fail(std::string field, const char* code, Params p) { throw input_error(std::move(field), code, std::move(p)); }
void fail(std::string field, const char* code, ParamList p) { throw input_error(std::move(field), code, params(p)); }
std::optional<InputError> refusal(std::string_view field, const char* code, Params p) {
    return input_error(std::string(field), code, std::move(p));
}
std::optional<InputError> refusal(std::string_view field, const char* code, ParamList p) { return refusal(field, code, params(p)); }
Warning warning(const char* code, Params p) { return Warning{code, std::string(), clean_params(std::move(p))}; }
Warning warning(const char* code, ParamList p) { return warning(code, params(p)); }

// printf's %.Pf and %.Pg, exactly, without printf: musl's printf formats through long double arithmetic, ~15 KB of
// code (printf_core, fmt_fp, 128-bit float helpers) V8 compiled in a fresh module's first evaluate, and slow in wasm.
// A double is m * 2^e exactly (m < 2^53); round-half-even(|v| * 10^s) is then a quotient of 128-bit integers, which is
// what printf rounds to (the nearest, ties to even). Outside the range where those integers fit (denormals, |v| beyond
// ~10^20 for %.12g), and for NaN and infinity, snprintf itself. tests/test_number_text.cpp compares them with snprintf.
namespace {
using u128 = unsigned __int128;

std::string printf_text(const char* format, int precision, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, precision, v);
    return buf;
}

int bit_length(u128 x) {
    int n = 0;
    for (; x; x >>= 1) ++n;
    return n;
}

// round-half-even(|v| * 10^s) into q, or false when it does not fit.
bool scaled(double v, int s, uint64_t& q) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const int biased = int(bits >> 52 & 0x7ff);
    if (biased == 0x7ff || s > 22 || s < -38) return false;   // NaN, infinity; 10^s beyond 128 bits
    uint64_t m = bits & ((uint64_t(1) << 52) - 1);
    const int e = biased == 0 ? -1074 : biased - 1075;
    if (biased != 0) m |= uint64_t(1) << 52;
    u128 n = m, d = 1;
    for (int i = 0; i < s; ++i) n *= 10;
    for (int i = 0; i < -s; ++i) d *= 10;
    if (e >= 0) {
        if (e > 126 - bit_length(n)) return false;
        n <<= e;
    } else {
        if (-e > 126 - bit_length(d)) return false;
        d <<= -e;
    }
    const u128 r = n % d;
    u128 x = n / d;
    if (2 * r > d || (2 * r == d && (x & 1))) ++x;
    if (x > ~uint64_t(0)) return false;
    q = uint64_t(x);
    return true;
}

// %.Pf
std::string fixed(double v, int precision) {
    uint64_t q = 0;
    if (!scaled(v, precision, q)) return printf_text("%.*f", precision, v);
    std::string d = std::to_string(q);
    if (precision > 0) {
        if (d.size() < size_t(precision) + 1) d.insert(0, size_t(precision) + 1 - d.size(), '0');
        d.insert(d.size() - size_t(precision), 1, '.');
    }
    return std::signbit(v) ? "-" + d : d;
}

// %.Pg, P from 1 to 17
std::string general(double v, int precision) {
    if (v == 0) return std::signbit(v) ? "-0" : "0";
    if (!std::isfinite(v)) return printf_text("%.*g", precision, v);
    uint64_t pow_p = 1;
    for (int i = 0; i < precision; ++i) pow_p *= 10;
    int x = std::ilogb(v);                                                     // 2^x <= |v| < 2^(x+1)
    x = x >= 0 ? x * 30103 / 100000 : -((-x * 30103 + 99999) / 100000);      // ~floor(log10 |v|), one off at most
    uint64_t q = 0;
    for (int tries = 0;; ++tries) {   // the exponent %e would write: the digits, rounded, are precision long
        if (tries == 4 || !scaled(v, precision - 1 - x, q)) return printf_text("%.*g", precision, v);
        if (q >= pow_p) ++x;
        else if (q < pow_p / 10) --x;
        else break;
    }
    const std::string d = std::to_string(q);
    const auto trim = [](std::string t) {   // %g drops the fraction's trailing zeros, and a point left alone
        if (t.find('.') == std::string::npos) return t;
        while (t.back() == '0') t.pop_back();
        if (t.back() == '.') t.pop_back();
        return t;
    };
    std::string out;
    if (x < -4 || x >= precision) {
        out = trim(d.substr(0, 1) + "." + d.substr(1)) + (x < 0 ? "e-" : "e+");
        const int ax = x < 0 ? -x : x;
        if (ax < 10) out += '0';
        out += std::to_string(ax);
    } else if (x >= 0) {
        out = trim(d.substr(0, size_t(x) + 1) + "." + d.substr(size_t(x) + 1));
    } else {
        out = trim("0." + std::string(size_t(-x - 1), '0') + d);
    }
    return v < 0 ? "-" + out : out;
}
}  // namespace

std::string printf_fixed(double v, int decimals) { return fixed(v, decimals); }
std::string printf_general(double v, int precision) { return general(v, precision); }

std::string gb(int64_t bytes) { return fixed(double(bytes) / 1e9, bytes >= 100'000'000'000 ? 0 : 1) + " GB"; }

std::string gib(int64_t bytes) {
    const double g = double(bytes) / double(int64_t(1) << 30);
    return fixed(g, std::fabs(g) >= 100 ? 0 : 1) + " GiB";
}

// Three significant digits: 0.0117 stays 0.0117, 34.61 becomes 34.6.
std::string sig3(double v) { return general(v, 3); }

std::string fmt_num(double v) { return general(v, 12); }

// strtod over a whole text. A plain decimal ([+-]digits[.digits][e[+-]digits]) of at most 15 significant digits
// scaled by at most 10^22 is read without it (Clinger's fast path: the digits and the power of ten are both exact
// doubles, so one multiplication or division rounds correctly, to strtod's value); anything else is strtod's.
// strtod, with its 128-bit float helpers, is ~14 KB of code V8 would compile in a fresh module's first evaluate.
bool parse_number(std::string_view s, double& out) {
    const auto slow = [&] {
        const std::string t(s);
        char* end = nullptr;
        out = std::strtod(t.c_str(), &end);
        return !t.empty() && end == t.c_str() + t.size();
    };
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const char *p = s.data(), *e = p + s.size();
    bool neg = false, any = false;
    if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
    uint64_t m = 0;
    int sig = 0, scale = 0;
    const auto take = [&](char c) {   // false past 15 significant digits
        if (m == 0 && c == '0') return true;
        m = m * 10 + uint64_t(c - '0');
        return ++sig <= 15;
    };
    for (; p < e && digit(*p); ++p, any = true)
        if (!take(*p)) return slow();
    if (p < e && *p == '.')
        for (++p; p < e && digit(*p); ++p, any = true, --scale)
            if (!take(*p)) return slow();
    if (!any) return slow();
    if (p < e && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        bool eneg = false;
        if (q < e && (*q == '-' || *q == '+')) eneg = *q++ == '-';
        if (q == e || !digit(*q)) return slow();
        int x = 0;
        for (; q < e && digit(*q); ++q)
            if ((x = x * 10 + (*q - '0')) > 1000) return slow();
        scale += eneg ? -x : x;
        p = q;
    }
    if (p != e || scale < -22 || scale > 22) return slow();
    const double v = scale < 0 ? double(m) / kPow10[-scale] : double(m) * kPow10[scale];
    out = neg ? -v : v;
    return true;
}

// ASCII only (ids, format names, keys): no locale lookup per character (std::tolower was 8% of an evaluate).
std::string lower(std::string_view s) {
    std::string r(s);
    for (char& ch : r)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return r;
}
std::string upper(std::string_view s) {
    std::string r(s);
    for (char& ch : r)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return r;
}
std::string alnum_key(std::string_view s) {
    std::string r;
    for (const char ch : s)
        if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z')) r += ch;
        else if (ch >= 'A' && ch <= 'Z') r += static_cast<char>(ch - 'A' + 'a');
    return r;
}

namespace {
// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when it is not one.
size_t utf8_len(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    return n;
}
}  // namespace

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_len(s, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::string utf8_clean(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_len(s, i);
        if (n) r.append(s.substr(i, n));
        else r += '?';
        i += n ? n : 1;
    }
    return r;
}

std::string utf8_prefix(std::string_view s, size_t max) {
    if (s.size() <= max) return utf8_clean(s);
    size_t k = max;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    return utf8_clean(s.substr(0, k));
}

void check_json_depth(std::string_view t, const char* field, int max_depth) {
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char ch = t[i];
        if (in_str) {
            if (ch == '\\') ++i;
            else if (ch == '"') in_str = false;
        } else if (ch == '"') {
            in_str = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > max_depth) fail(field, "json_too_deep", {{"max", std::to_string(max_depth)}});
        } else if (ch == '}' || ch == ']') {
            --depth;
        }
    }
}
}  // namespace headroom::detail

namespace headroom {
std::string group_thousands(int64_t v) {
    std::string s = std::to_string(v < 0 ? -uint64_t(v) : uint64_t(v));
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return v < 0 ? "-" + s : s;
}
}  // namespace headroom
