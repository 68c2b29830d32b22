// IEEE binary16 <-> float on the host, bit-exact with CUDA's __half2float / __float2half_rn.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace hrs {

inline float half_bits_to_float(uint16_t h) {
    uint32_t sign = uint32_t(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, f;
    if (exp == 0) {
        if (mant == 0) {
            f = sign;
        } else {  // subnormal: normalize
            exp = 127 - 15 + 1;
            while (!(mant & 0x400u)) { mant <<= 1; --exp; }
            f = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
        }
    } else if (exp == 31) {
        f = sign | 0x7f800000u | (mant << 13);
    } else {
        f = sign | ((exp + 112) << 23) | (mant << 13);
    }
    float r;
    std::memcpy(&r, &f, 4);
    return r;
}

// Round to nearest even.
inline uint16_t float_to_half_bits(float x) {
    uint32_t f;
    std::memcpy(&f, &x, 4);
    uint32_t sign = (f >> 16) & 0x8000u, a = f & 0x7fffffffu;
    if (a >= 0x7f800000u) return uint16_t(sign | 0x7c00u | (a > 0x7f800000u ? 0x200u : 0u));
    if (a >= 0x477ff000u) return uint16_t(sign | 0x7c00u);          // rounds to >= 65520: inf
    if (a < 0x38800000u) {                                             // below 2^-14: subnormal
        float v;
        std::memcpy(&v, &a, 4);
        return uint16_t(sign | uint32_t(std::nearbyint(v * 16777216.0f)));  // units of 2^-24
    }
    uint32_t h = (((a >> 23) - 112) << 10) | ((a >> 13) & 0x3ffu), rest = a & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
    return uint16_t(sign | h);
}

// Table lookup for the CPU kernels' inner loops.
const float* half_table();
inline float h2f(uint16_t h) { return half_table()[h]; }

}  // namespace hrs
