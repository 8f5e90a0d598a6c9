#include "autograd/cpu/softmax_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "autograd/cpu/vector_clones.h"
#include "autograd/cpu/vector_math.h"

namespace buildgpt::cpu {
namespace {

// NaN never wins, as with std::max (a NaN element then spreads through the exponentials).
BUILDGPT_VECTOR_CLONES float row_max(const float* x, int64_t n) {
  float m = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < n; ++j) m = m < x[j] ? x[j] : m;
  return m;
}

// y = exp(x - shift) for one block, and Σ y in double.
BUILDGPT_VECTOR_CLONES double exp_block(const float* x, float shift, float* y, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] = x[j] - shift;
  vector_exp(y, n);
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < n; ++j) s += y[j];
  return s;
}

// Σ_j exp(x_j - shift) in double; y (or, when null, a scratch block) receives the terms.
double exp_sum(const float* x, float shift, float* y, int64_t n) {
  float scratch[kMathBlock];
  double s = 0;
  for (int64_t j = 0; j < n; j += kMathBlock) {
    s += exp_block(x + j, shift, y ? y + j : scratch, std::min(kMathBlock, n - j));
  }
  return s;
}

BUILDGPT_VECTOR_CLONES void scale(float* y, float factor, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] *= factor;
}

BUILDGPT_VECTOR_CLONES double sum(const float* x, int64_t n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < n; ++j) s += x[j];
  return s;
}

BUILDGPT_VECTOR_CLONES double dot(const float* x, const float* y, int64_t n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < n; ++j) s += x[j] * y[j];
  return s;
}

BUILDGPT_VECTOR_CLONES void shift_twice(const float* x, float first, float second, float* y,
                                        int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - first) - second;
}

BUILDGPT_VECTOR_CLONES void times_difference(const float* y, const float* dy, float d, float* dx,
                                             int64_t n) {
  for (int64_t j = 0; j < n; ++j) dx[j] = y[j] * (dy[j] - d);
}

// dx = dy - exp(y)·t for one block.
BUILDGPT_VECTOR_CLONES void minus_exp_times(const float* y, const float* dy, float t, float* dx,
                                            int64_t n) {
  float e[kMathBlock];
  vector_exp(y, e, n);
  for (int64_t j = 0; j < n; ++j) dx[j] = dy[j] - e[j] * t;
}

}  // namespace

RowLse row_logsumexp(const float* x, int64_t n) {
  const float m = row_max(x, n);
  return {m, static_cast<float>(std::log(exp_sum(x, m, nullptr, n)))};
}

void softmax_row(const float* x, float* y, int64_t n) {
  const double s = exp_sum(x, row_max(x, n), y, n);
  scale(y, static_cast<float>(1 / s), n);
}

void log_softmax_row(const float* x, float* y, int64_t n) {
  const RowLse r = row_logsumexp(x, n);
  shift_twice(x, r.max, r.log_sum, y, n);
}

void softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n) {
  times_difference(y, dy, static_cast<float>(dot(dy, y, n)), dx, n);
}

void log_softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n) {
  const auto t = static_cast<float>(sum(dy, n));
  for (int64_t j = 0; j < n; j += kMathBlock) {
    minus_exp_times(y + j, dy + j, t, dx + j, std::min(kMathBlock, n - j));
  }
}

void scaled_softmax_row(const float* x, float lse, float factor, float* y, int64_t n) {
  for (int64_t j = 0; j < n; j += kMathBlock) {
    const int64_t len = std::min(kMathBlock, n - j);
    exp_block(x + j, lse, y + j, len);
    scale(y + j, factor, len);
  }
}

}  // namespace buildgpt::cpu
