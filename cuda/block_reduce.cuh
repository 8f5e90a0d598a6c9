// Reductions across the threads of a block, the building block of every row kernel (sums,
// extremes, softmax, layer norm, cross-entropy). Threads are combined in a fixed pattern, so a
// result depends only on the launch shape, never on timing: the same inputs give the same bits
// on every run.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace buildgpt::cuda {

constexpr int kWarp = 32;

// The value of the thread whose lane differs from this one's in the bits of `mask`.
template <typename T>
__device__ T shuffle_xor(T v, int mask) {
  return __shfl_xor_sync(0xffffffffu, v, mask);
}

template <typename T, typename Op>
__device__ T warp_reduce(T v, Op op) {
  for (int mask = kWarp / 2; mask > 0; mask /= 2) v = op(v, shuffle_xor(v, mask));
  return v;
}

// Every thread of the block gets op over all the block's values. blockDim.x is a multiple of 32
// (at most 1024) and blockDim.y is 1; `identity` fills the unused lanes of the last step.
template <typename T, typename Op>
__device__ T block_reduce(T v, Op op, T identity) {
  __shared__ alignas(T) unsigned char storage[(kWarp + 1) * sizeof(T)];
  T* partial = reinterpret_cast<T*>(storage);
  const int lane = threadIdx.x % kWarp, warp = threadIdx.x / kWarp;
  const int warps = blockDim.x / kWarp;
  v = warp_reduce(v, op);
  if (warps == 1) return v;
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  if (warp == 0) {
    T w = warp_reduce(lane < warps ? partial[lane] : identity, op);
    if (lane == 0) partial[kWarp] = w;
  }
  __syncthreads();
  const T result = partial[kWarp];
  __syncthreads();  // the storage may be reused by the next call
  return result;
}

// Threads for a block that walks one row of n elements: enough to give each thread several.
inline int row_threads(int64_t n) {
  if (n >= 16384) return 1024;
  if (n >= 2048) return 512;
  if (n >= 512) return 256;
  if (n >= 128) return 128;
  return kWarp;
}

struct Add {
  template <typename T>
  __device__ T operator()(T a, T b) const {
    return a + b;
  }
};

struct Max {
  __device__ float operator()(float a, float b) const { return fmaxf(a, b); }
};

}  // namespace buildgpt::cuda
