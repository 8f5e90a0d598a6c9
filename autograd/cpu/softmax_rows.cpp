#include "autograd/cpu/softmax_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

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

// A row is read in chunks small enough to stay in the first-level cache between their maximum
// and their exponentials, so a long row (a vocabulary's logits) comes from memory once.
constexpr int64_t kChunk = 8 * kMathBlock;

// Σ_j exp(x_j - shift) in double; y (or, when null, a scratch block) receives the terms.
double exp_sum(const float* x, float shift, float* y, int64_t n) {
  float scratch[kMathBlock];
  double s = 0;
  for (int64_t j = 0; j < n; j += kMathBlock) {
    s += exp_block(x + j, shift, y ? y + j : scratch, std::min(kMathBlock, n - j));
  }
  return s;
}

struct OnlineSum {
  float max;   // max_j x_j
  double sum;  // Σ_j exp(x_j − max)
};

// The row's maximum and sum of exponentials in one read, chunk by chunk: when a chunk raises the
// maximum from m to m', the sum so far is worth exp(m − m') of what it was. With y, the terms are
// written there too, each chunk's relative to the shift used when it was read, which shifts[c]
// records for the caller to correct. While every element so far is −∞ the shift is 0, so those
// terms are 0 (and a NaN stays NaN) rather than exp(−∞ + ∞).
OnlineSum online_exp_sum(const float* x, float* y, int64_t n, std::vector<float>* shifts) {
  constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
  OnlineSum r{kMinusInf, 0};
  for (int64_t j = 0; j < n; j += kChunk) {
    const int64_t len = std::min(kChunk, n - j);
    const float m = std::max(r.max, row_max(x + j, len));
    if (m > r.max) {
      r.sum *= std::exp(static_cast<double>(r.max) - m);
      r.max = m;
    }
    const float shift = r.max == kMinusInf ? 0.0f : r.max;
    r.sum += exp_sum(x + j, shift, y ? y + j : nullptr, len);
    if (shifts) shifts->push_back(shift);
  }
  return r;
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
  const OnlineSum r = online_exp_sum(x, nullptr, n, nullptr);
  return {r.max, static_cast<float>(std::log(r.sum))};
}

RowLse softmax_row(const float* x, float* y, int64_t n, float factor) {
  std::vector<float> shifts;
  const OnlineSum r = online_exp_sum(x, y, n, &shifts);
  for (int64_t j = 0, c = 0; j < n; j += kChunk, ++c) {
    const double correction = std::exp(static_cast<double>(shifts[c]) - r.max);
    scale(y + j, static_cast<float>(factor * correction / r.sum), std::min(kChunk, n - j));
  }
  return {r.max, static_cast<float>(std::log(r.sum))};
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

}  // namespace buildgpt::cpu
