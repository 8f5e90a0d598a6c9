// The CPU's generator (autograd/generator.cpp, PCG32) on the GPU, addressable by counter: a PCG
// state is a linear congruential one, so it can jump ahead by any number of draws in log2 steps.
// A thread that must produce element i of a random fill jumps to draw i · (draws per element) and
// computes exactly what the CPU computes at that point of its sequence: the same seed gives the
// same tensor on either device, whatever the number of threads.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace buildgpt::cuda {

constexpr uint64_t kPcgMultiplier = 6364136223846793005ULL;

struct Pcg32 {
  uint64_t state, inc;

  // The same steps as Generator::manual_seed.
  __host__ __device__ static Pcg32 seeded(uint64_t seed) {
    Pcg32 g{0, (seed << 1u) | 1u};
    g.next_u32();
    g.state += 0x853c49e6748fea9bULL ^ seed;
    g.next_u32();
    return g;
  }

  // PCG-XSH-RR, as Generator::next_u32.
  __host__ __device__ uint32_t next_u32() {
    const uint64_t old = state;
    state = old * kPcgMultiplier + inc;
    const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
  }

  // The state `delta` draws later: the LCG's affine map composed with itself by squaring.
  __host__ __device__ void advance(uint64_t delta) {
    uint64_t acc_mult = 1, acc_plus = 0, cur_mult = kPcgMultiplier, cur_plus = inc;
    while (delta > 0) {
      if (delta & 1u) {
        acc_mult *= cur_mult;
        acc_plus = acc_plus * cur_mult + cur_plus;
      }
      cur_plus = (cur_mult + 1) * cur_plus;
      cur_mult *= cur_mult;
      delta >>= 1u;
    }
    state = acc_mult * state + acc_plus;
  }

  // Generator::next_float: one draw.
  __host__ __device__ float next_float() {
    return static_cast<float>(next_u32() >> 8) * 0x1.0p-24f;
  }

  // Generator::next_double: two draws.
  __host__ __device__ double next_double() {
    const uint64_t hi = next_u32() >> 5;
    const uint64_t lo = next_u32() >> 6;
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
  }
};

}  // namespace buildgpt::cuda
