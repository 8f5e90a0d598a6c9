#include "nn/half_float.h"

#include <bit>
#include <cmath>

namespace buildgpt::nn {

// (-1)^s · 2^(e-15) · 1.f for 0 < e < 31; (-1)^s · 2^-14 · 0.f for e = 0; ±inf or NaN for e = 31.
float half_to_float(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits >> 15) << 31;
  const uint32_t exponent = (bits >> 10) & 0x1f, fraction = bits & 0x3ffu;
  if (exponent == 0) {  // zero or subnormal: fraction · 2^-24, exact in float32
    const float magnitude = std::ldexp(static_cast<float>(fraction), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (fraction << 13));
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (fraction << 13));
}

float bfloat16_to_float(uint16_t bits) { return std::bit_cast<float>(uint32_t{bits} << 16); }

}  // namespace buildgpt::nn
