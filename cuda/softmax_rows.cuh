// Row kernels' shared steps for softmax and its relatives (softmax, log_softmax, cross_entropy),
// as the CPU's softmax_rows.h computes them: the row's max is subtracted before exponentiating,
// and every sum over a row accumulates in double. A row here is n contiguous floats that the
// threads of one block walk together.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/block_reduce.cuh"

namespace buildgpt::cuda {

// max_j x_j and log Σ_j exp(x_j - max): log-sum-exp = max + log_sum.
struct RowLse {
  float max, log_sum;
};

__device__ inline float block_row_max(const float* x, int64_t n) {
  float m = -INFINITY;
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) m = fmaxf(m, x[j]);
  return block_reduce(m, Max{}, -INFINITY);
}

// Σ_j exp(x_j - m) in double.
__device__ inline double block_row_sum_exp(const float* x, int64_t n, float m) {
  double s = 0;
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) s += expf(x[j] - m);
  return block_reduce(s, Add{}, 0.0);
}

__device__ inline RowLse block_row_logsumexp(const float* x, int64_t n) {
  const float m = block_row_max(x, n);
  return {m, static_cast<float>(log(block_row_sum_exp(x, n, m)))};
}

// Σ_j a_j · b_j in double (a float product each), or Σ_j a_j when b is null.
__device__ inline double block_row_dot(const float* a, const float* b, int64_t n) {
  double s = 0;
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) s += b ? a[j] * b[j] : a[j];
  return block_reduce(s, Add{}, 0.0);
}

}  // namespace buildgpt::cuda
