#include "autograd/generator.h"

#include <cmath>
#include <numbers>

namespace buildgpt {

void Generator::manual_seed(uint64_t seed) {
  seed_ = seed;
  state_ = 0;
  inc_ = (seed << 1u) | 1u;
  next_u32();
  state_ += 0x853c49e6748fea9bULL ^ seed;
  next_u32();
}

// PCG-XSH-RR: a 64-bit linear congruential state, output permuted by a xorshift and rotation.
uint32_t Generator::next_u32() {
  const uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  const uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  const uint32_t rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

float Generator::next_float() { return static_cast<float>(next_u32() >> 8) * 0x1.0p-24f; }

double Generator::next_double() {
  const uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;  // 27 + 26 = 53 bits
  return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
}

float Generator::next_normal() {
  // Box-Muller: two uniforms to one normal; 1 - u keeps the log's argument in (0, 1].
  const double u1 = 1.0 - next_double(), u2 = next_double();
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2));
}

Generator& default_generator() {
  static Generator gen(0);
  return gen;
}

void manual_seed(uint64_t seed) { default_generator().manual_seed(seed); }

}  // namespace buildgpt
