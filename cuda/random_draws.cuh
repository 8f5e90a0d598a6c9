// Where each random number of the GPU's kernels comes from: the draw the CPU would make at the
// same position of its generator's sequence (pcg32.cuh). Host and device functions, so the tests
// check them against the CPU's generator on machines without a GPU too.
#pragma once

#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "autograd/backend.h"
#include "cuda/pcg32.cuh"

namespace buildgpt::cuda {

// 32-bit draws that one element of each distribution takes (as the CPU's random_fill consumes
// them: next_float, next_double, next_double, two next_double).
__host__ __device__ constexpr uint64_t draws_per_element(Distribution kind) {
  switch (kind) {
    case Distribution::UnitFloat:
      return 1;
    case Distribution::Uniform:
    case Distribution::Integer:
      return 2;
    case Distribution::Normal:
      return 4;
  }
  return 1;
}

// a + b·c in double, each operation rounded on its own as the CPU rounds them (no fused
// multiply-add on the GPU).
__host__ __device__ inline double add_product(double a, double b, double c) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(a, __dmul_rn(b, c));
#else
  return a + b * c;
#endif
}

// One element of a float random fill, from g at the element's first draw (g moves past it).
__host__ __device__ inline float draw_float(Distribution kind, Pcg32& g, double a, double b) {
  switch (kind) {
    case Distribution::Uniform:  // a + (b − a) u
      return static_cast<float>(add_product(a, b - a, g.next_double()));
    case Distribution::Normal: {  // mean + std · Generator::next_normal (Box-Muller)
      const double u1 = 1.0 - g.next_double(), u2 = g.next_double();
      const auto z =
          static_cast<float>(::sqrt(-2.0 * ::log(u1)) * ::cos(2.0 * std::numbers::pi * u2));
      return static_cast<float>(add_product(a, b, static_cast<double>(z)));
    }
    default:  // UnitFloat
      return g.next_float();
  }
}

// One element of an integer random fill in [a, b).
__host__ __device__ inline int64_t draw_integer(Pcg32& g, double a, double b) {
  const auto low = static_cast<int64_t>(a);
  const auto span = static_cast<uint64_t>(static_cast<int64_t>(b) - low);
  return low + static_cast<int64_t>(static_cast<uint64_t>(g.next_double() * span) % span);
}

// Dropout's mask, as the CPU draws it (cpu/dropout.cpp): element i of block b = i / 4,096 is draw
// i − 4,096 b of a generator seeded with seed + b · step.
constexpr int64_t kMaskBlock = 4096;
constexpr uint64_t kBlockSeedStep = 0x9E3779B97F4A7C15ULL;  // 2⁶⁴ / golden ratio

__host__ __device__ inline Pcg32 dropout_stream(uint64_t seed, int64_t i) {
  const int64_t block = i / kMaskBlock;
  Pcg32 g = Pcg32::seeded(seed + static_cast<uint64_t>(block) * kBlockSeedStep);
  g.advance(static_cast<uint64_t>(i - block * kMaskBlock));
  return g;
}

}  // namespace buildgpt::cuda
