// GELU kernels of the CPU, exact and tanh forms, each with an optional bias added first (the
// MLP's linear layer leaves its bias to them). Per block: the argument of erf or tanh in a loop
// the compiler vectorises, the function through vector_math, then the rest of the formula.
#include <numbers>

#include "autograd/cpu/blocks.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {
namespace {

constexpr float kInvSqrt2 = static_cast<float>(1.0 / std::numbers::sqrt2);
constexpr float kInvSqrt2Pi = static_cast<float>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
constexpr float kSqrt2OverPi = static_cast<float>(std::numbers::sqrt2 * std::numbers::inv_sqrtpi);
constexpr float kCubic = 0.044715f;
constexpr float kNoBias[kMathBlock] = {};

// In each block function v = x + b, the pre-activation, for n <= kMathBlock elements.

// The tanh form through one exponential: with u = √(2/π)(v + 0.044715v³), ½(1 + tanh u) = σ(2u) =
// 1 / (1 + e⁻²ᵘ), which also keeps its digits where u is very negative and 1 + tanh u cancels.
// e[i] = e^(−2u) for a block.
BUILDGPT_VECTOR_CLONES void tanh_form_exponential(const float* x, const float* b, float* e,
                                                  int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i] + b[i];
    e[i] = -2 * kSqrt2OverPi * (v + kCubic * v * v * v);
  }
  vector_exp(e, n);
}

// y = ½v(1 + tanh u) = v σ(2u)
BUILDGPT_VECTOR_CLONES void tanh_form(const float* x, const float* b, float* y, int64_t n) {
  float e[kMathBlock];
  tanh_form_exponential(x, b, e, n);
  for (int64_t i = 0; i < n; ++i) y[i] = (x[i] + b[i]) / (1 + e[i]);
}

// dx = dy [½(1 + t) + ½v(1 − t²)·√(2/π)(1 + 3·0.044715v²)], t = tanh u; with s = σ(2u) = ½(1 + t):
// dx = dy [s + 2v·s(1 − s)·√(2/π)(1 + 3·0.044715v²)]
BUILDGPT_VECTOR_CLONES void tanh_form_backward(const float* dy, const float* x, const float* b,
                                               float* dx, int64_t n) {
  float e[kMathBlock];
  tanh_form_exponential(x, b, e, n);
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i] + b[i], s = 1 / (1 + e[i]);
    dx[i] = dy[i] * (s + 2 * v * s * (1 - s) * kSqrt2OverPi * (1 + 3 * kCubic * v * v));
  }
}

// y = ½v(1 + erf(v/√2)) = v·Φ(v)
BUILDGPT_VECTOR_CLONES void erf_form(const float* x, const float* b, float* y, int64_t n) {
  float e[kMathBlock];
  for (int64_t i = 0; i < n; ++i) e[i] = (x[i] + b[i]) * kInvSqrt2;
  vector_erf(e, n);
  for (int64_t i = 0; i < n; ++i) y[i] = 0.5f * (x[i] + b[i]) * (1 + e[i]);
}

// dx = dy (Φ(v) + v φ(v)), φ(v) = e^(−v²/2)/√(2π)
BUILDGPT_VECTOR_CLONES void erf_form_backward(const float* dy, const float* x, const float* b,
                                              float* dx, int64_t n) {
  float e[kMathBlock], p[kMathBlock];
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i] + b[i];
    e[i] = v * kInvSqrt2;
    p[i] = -0.5f * v * v;
  }
  vector_erf(e, n);
  vector_exp(p, n);
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i] + b[i];
    dx[i] = dy[i] * (0.5f * (1 + e[i]) + v * kInvSqrt2Pi * p[i]);
  }
}

// Calls block(offset, bias of the block) over x seen as rows of the bias's length (one long row
// without a bias).
template <typename Block>
void over_blocks(const Tensor& x, const Tensor& bias, const Block& block) {
  const int64_t n = x.numel();
  if (n == 0) return;
  const int64_t cols = bias.defined() ? bias.numel() : n;
  const float* pb = bias.defined() ? ptr<float>(bias) : nullptr;
  for_each_block(n / cols, cols, 24, [&](int64_t offset, int64_t column, int64_t len) {
    block(offset, pb ? pb + column : kNoBias, len);
  });
}

}  // namespace

void CpuBackend::bias_gelu(const Tensor& x, const Tensor& bias, GeluApproximation approximate,
                           Tensor& y) {
  const auto form = approximate == GeluApproximation::Tanh ? tanh_form : erf_form;
  const float* px = ptr<float>(x);
  float* py = ptr<float>(y);
  over_blocks(x, bias, [&](int64_t offset, const float* b, int64_t n) {
    form(px + offset, b, py + offset, n);
  });
}

void CpuBackend::bias_gelu_backward(const Tensor& dy, const Tensor& x, const Tensor& bias,
                                    GeluApproximation approximate, Tensor& dx) {
  const auto form = approximate == GeluApproximation::Tanh ? tanh_form_backward : erf_form_backward;
  const float *pg = ptr<float>(dy), *px = ptr<float>(x);
  float* pd = ptr<float>(dx);
  over_blocks(x, bias, [&](int64_t offset, const float* b, int64_t n) {
    form(pg + offset, px + offset, b, pd + offset, n);
  });
}

}  // namespace buildgpt::cpu
