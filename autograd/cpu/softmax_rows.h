// Row kernels of softmax and its relatives, shared by softmax, log_softmax, cross_entropy and
// attention. A row is n floats `stride` apart; pass Contiguous{} for stride 1 so the loops
// vectorise (the sums are marked as SIMD reductions). Every kernel subtracts the row's max before
// exponentiating, and every sum over a row accumulates in double: a float sum of 50,257 terms
// (GPT-2's vocabulary) drifts by 1e-5 of the total, a double sum by far less than a float's
// rounding.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "autograd/cpu/parallel.h"
#include "autograd/shape.h"

namespace buildgpt::cpu {

using Contiguous = std::integral_constant<int64_t, 1>;

// max_j x_j and log Σ_j exp(x_j - max): log-sum-exp = max + log_sum.
struct RowLse {
  float max, log_sum;
};

template <typename S>
RowLse row_logsumexp(const float* x, int64_t n, S stride) {
  float m = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < n; ++j) m = std::max(m, x[j * stride]);
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < n; ++j) s += std::exp(x[j * stride] - m);
  return {m, static_cast<float>(std::log(s))};
}

// y = softmax(x); y may alias x.
template <typename S>
void softmax_row(const float* x, float* y, int64_t n, S stride) {
  float m = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < n; ++j) m = std::max(m, x[j * stride]);
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < n; ++j) {
    y[j * stride] = std::exp(x[j * stride] - m);
    s += y[j * stride];
  }
  const auto inv = static_cast<float>(1 / s);
  for (int64_t j = 0; j < n; ++j) y[j * stride] *= inv;
}

// y = log_softmax(x) = (x - max) - log Σ exp(x - max), subtracted in that order to keep the
// digits of large x.
template <typename S>
void log_softmax_row(const float* x, float* y, int64_t n, S stride) {
  const RowLse r = row_logsumexp(x, n, stride);
  for (int64_t j = 0; j < n; ++j) y[j * stride] = (x[j * stride] - r.max) - r.log_sum;
}

// dx = y ⊙ (dy - Σ dy⊙y) for y = softmax(x); dx may alias dy.
template <typename S>
void softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n, S stride) {
  double dot = 0;
#pragma omp simd reduction(+ : dot)
  for (int64_t j = 0; j < n; ++j) dot += dy[j * stride] * y[j * stride];
  const auto d = static_cast<float>(dot);
  for (int64_t j = 0; j < n; ++j) dx[j * stride] = y[j * stride] * (dy[j * stride] - d);
}

// dx = dy - exp(y) Σ dy for y = log_softmax(x); dx may alias dy.
template <typename S>
void log_softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n, S stride) {
  double total = 0;
#pragma omp simd reduction(+ : total)
  for (int64_t j = 0; j < n; ++j) total += dy[j * stride];
  const auto t = static_cast<float>(total);
  for (int64_t j = 0; j < n; ++j) dx[j * stride] = dy[j * stride] - std::exp(y[j * stride]) * t;
}

// Calls row(offset, stride) for every row along the middle dimension of a tensor seen as
// [outer, n, inner], rows in parallel; stride is Contiguous{} when inner == 1.
template <typename Row>
void for_each_row(DimSplit s, const Row& row) {
  const int64_t grain = grain_for(s.n);
  parallel_for(s.outer * s.inner, grain, [&](int64_t begin, int64_t end) {
    for (int64_t lane = begin; lane < end; ++lane) {
      const int64_t offset = (lane / s.inner) * s.n * s.inner + lane % s.inner;
      if (s.inner == 1) {
        row(offset, Contiguous{});
      } else {
        row(offset, s.inner);
      }
    }
  });
}

}  // namespace buildgpt::cpu
