// exp(x) for x <= 0 in plain float and integer arithmetic that the compiler vectorises (the C
// library's expf is one call per element). Attention exponentiates scores minus their row's
// maximum, so its arguments are never positive.
#pragma once

#include <bit>
#include <cstdint>

#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {

// x = n·ln2 + r with n = round(x/ln2) and |r| <= ln2/2; exp(r) by Cephes' degree-6 polynomial
// (within 2 float ulps of exp), 2ⁿ by writing n into the exponent bits. x below -87 (where exp is
// no longer a normal float), −∞ included, gives 0. The clamp works on the bits with masks, not
// with a comparison of floats, which the compiler would not turn into vector code.
inline float exp_nonpositive(float x) {
  constexpr uint32_t kFloorBits = 0xC2AE0000u;  // -87.0f; for x <= 0 the bits grow with |x|
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;  // ln2 in two parts
  constexpr float kRound = 12582912.0f;  // 1.5·2²³: rounds to integers
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  const uint32_t below = 0u - static_cast<uint32_t>(bits > kFloorBits);  // all ones: x < -87
  const float xc = std::bit_cast<float>((bits & ~below) | (kFloorBits & below));
  const float n = (xc * kLog2e + kRound) - kRound;
  const float r = (xc - n * kLn2Hi) - n * kLn2Lo;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const float two_n = std::bit_cast<float>((static_cast<int32_t>(n) + 127) << 23);
  return std::bit_cast<float>(std::bit_cast<uint32_t>(p * two_n) & ~below);
}

}  // namespace buildgpt::cpu
