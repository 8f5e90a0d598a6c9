// What every kernel file shares: typed device pointers, grid sizes, launching on the backend's
// stream with the launch checked, and the grid-stride loop.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "autograd/tensor.h"
#include "cuda/check.h"
#include "cuda/context.h"

namespace buildgpt::cuda {

constexpr int kThreads = 256;

// A typed pointer to a tensor's elements in device memory. Kernels trust the op's dtype checks.
template <typename T>
T* ptr(const Tensor& t) {
  return static_cast<T*>(t.raw_data());
}

// Blocks for a grid-stride loop over n items: enough to fill every SM, and no more.
inline unsigned grid_for(int64_t n, int threads = kThreads) {
  const int64_t wanted = (n + threads - 1) / threads;
  const int64_t filling = int64_t{context().sm_count} * (2048 / threads) * 4;
  return static_cast<unsigned>(std::clamp<int64_t>(wanted, 1, filling));
}

// Blocks for kernels that give each row one block of `threads` threads, looping when there are
// more rows than blocks.
inline unsigned row_blocks(int64_t rows, int threads) {
  return static_cast<unsigned>(std::min<int64_t>(rows, grid_for(rows * threads, threads)));
}

// kernel<<<grid, block, shared, stream>>>(args...), then the launch's status checked; `name`
// names the kernel in the error.
template <typename... Params, typename... Args>
void launch(const char* op, const char* name, void (*kernel)(Params...), dim3 grid, dim3 block,
            size_t shared, Args&&... args) {
  kernel<<<grid, block, shared, stream()>>>(std::forward<Args>(args)...);
  check_launch(op, name);
}

// Elementwise over n items with a grid-stride loop: launch(op, name, kernel, grid_for(n),
// kThreads, 0, ...), skipped when there is nothing to do.
template <typename... Params, typename... Args>
void launch_over(int64_t n, const char* op, const char* name, void (*kernel)(Params...),
                 Args&&... args) {
  if (n <= 0) return;
  launch(op, name, kernel, grid_for(n), kThreads, 0, std::forward<Args>(args)...);
}

// The first index of this thread and the stride of the grid, for `for (i = first; i < n; i +=
// stride)`.
__device__ inline int64_t grid_first() {
  return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}
__device__ inline int64_t grid_stride() { return static_cast<int64_t>(blockDim.x) * gridDim.x; }

}  // namespace buildgpt::cuda
