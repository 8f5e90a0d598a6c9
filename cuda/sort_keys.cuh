// Keys whose unsigned order is the order of sort and topk (cpu/selection.cpp): NaN above every
// number (all NaNs alike), -0 equal to 0, flipped for a descending sort. A stable radix sort of
// (key, position) pairs then breaks ties by position, as the CPU does. Host and device functions,
// so the tests check the order on the host too.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace buildgpt::cuda {

__host__ __device__ inline uint32_t float_bits(float v) {
#ifdef __CUDA_ARCH__
  return __float_as_uint(v);
#else
  uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
#endif
}

// The key of v; its low sizeof(T) · 8 bits order the values.
template <typename T>
__host__ __device__ uint64_t sort_key(T v, bool descending) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t u = v != v ? 0x7fc00000u : (v == 0 ? 0u : float_bits(v));  // one NaN, one zero
    u = (u & 0x80000000u) ? ~u : (u | 0x80000000u);  // negative: reversed; positive: above them
    return descending ? ~u : u;
  } else if constexpr (std::is_same_v<T, int32_t>) {
    const uint32_t u = static_cast<uint32_t>(v) ^ 0x80000000u;
    return descending ? ~u : u;
  } else {
    const uint64_t u = static_cast<uint64_t>(v) ^ 0x8000000000000000ull;
    return descending ? ~u : u;
  }
}

}  // namespace buildgpt::cuda
