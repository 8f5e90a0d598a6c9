// Elementwise kernels of the CPU: each op code picks a lambda once, outside the loop, and the
// loop templates of pointwise.h run it (vectorised, in parallel). exp, log, tanh and sigmoid go
// through vector_math a block at a time; GELU has its own file (gelu.cpp).
#include <algorithm>
#include <cmath>
#include <functional>
#include <type_traits>

#include "autograd/cpu/blocks.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/dtype_switch.h"
#include "autograd/cpu/pointwise.h"
#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {
namespace {

template <typename F>
void map_float(const Tensor& x, Tensor& out, F f) {
  map_unary(ptr<float>(x), ptr<float>(out), x.numel(), f);
}

// out = f over x in blocks: f(x block, out block, n) (in parallel; out may be x).
void map_blocks(const Tensor& x, Tensor& out, void (*f)(const float*, float*, int64_t)) {
  const float* px = ptr<float>(x);
  float* po = ptr<float>(out);
  for_each_block(1, x.numel(), 16,
                 [&](int64_t offset, int64_t, int64_t n) { f(px + offset, po + offset, n); });
}

// y = 1 / (1 + e⁻ˣ)
BUILDGPT_VECTOR_CLONES void sigmoid_block(const float* x, float* y, int64_t n) {
  float t[kMathBlock];
  for (int64_t i = 0; i < n; ++i) t[i] = -x[i];
  vector_exp(t, n);
  for (int64_t i = 0; i < n; ++i) y[i] = 1 / (1 + t[i]);
}

template <typename F>
void zip_float(const Tensor& a, const Tensor& b, Tensor& out, F f) {
  map_binary(ptr<float>(a), a.shape(), ptr<float>(b), b.shape(), ptr<float>(out), out.shape(), f);
}

// out = f(x, a) in x's numeric dtype, a cast to it.
template <typename F>
void map_with_scalar(const Tensor& x, Tensor& out, double a, F f) {
  dispatch_numeric("unary", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T av = static_cast<T>(a);
    map_unary(ptr<T>(x), ptr<T>(out), x.numel(), [&](T v) { return static_cast<T>(f(v, av)); });
  });
}

// out = pred(x, a) as bool. A float32 x meets a rounded to float32 (so x == 0.1 holds where x was
// made from 0.1); an integer x meets a unrounded (so x < 2.5 holds at 2).
template <typename Pred>
void compare_with_scalar(const Tensor& x, Tensor& out, double a, Pred pred) {
  dispatch_numeric("compare", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using C = std::conditional_t<std::is_floating_point_v<T>, float, double>;
    const auto av = static_cast<C>(a);
    map_unary(ptr<T>(x), ptr<bool>(out), x.numel(),
              [&](T v) { return pred(static_cast<C>(v), av); });
  });
}

template <typename F>
void arithmetic(const Tensor& a, const Tensor& b, Tensor& out, F f) {
  dispatch_numeric("binary", a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    map_binary(ptr<T>(a), a.shape(), ptr<T>(b), b.shape(), ptr<T>(out), out.shape(),
               [&](T x, T y) { return static_cast<T>(f(x, y)); });
  });
}

template <typename Pred>
void compare(const Tensor& a, const Tensor& b, Tensor& out, Pred pred) {
  dispatch_numeric("compare", a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    map_binary(ptr<T>(a), a.shape(), ptr<T>(b), b.shape(), ptr<bool>(out), out.shape(),
               [&](T x, T y) { return pred(x, y); });
  });
}

}  // namespace

void CpuBackend::unary(UnaryOp op, const Tensor& x, Tensor& out, Scalars s) {
  const auto fa = static_cast<float>(s.a), fb = static_cast<float>(s.b);
  switch (op) {
    case UnaryOp::Exp:
      return map_blocks(x, out, vector_exp);
    case UnaryOp::Log:
      return map_blocks(x, out, vector_log);
    case UnaryOp::Sqrt:
      return map_float(x, out, [](float v) { return std::sqrt(v); });
    case UnaryOp::Tanh:
      return map_blocks(x, out, vector_tanh);
    case UnaryOp::Sigmoid:
      return map_blocks(x, out, sigmoid_block);
    case UnaryOp::Relu:
      return map_float(x, out, [](float v) { return v > 0 || std::isnan(v) ? v : 0.0f; });
    case UnaryOp::GeluErf:
      return bias_gelu(x, Tensor(), GeluApproximation::None, out);
    case UnaryOp::GeluTanh:
      return bias_gelu(x, Tensor(), GeluApproximation::Tanh, out);
    case UnaryOp::Abs:
      return map_float(x, out, [](float v) { return std::fabs(v); });
    case UnaryOp::Pow:
      return map_float(x, out, [fa](float v) { return std::pow(v, fa); });
    case UnaryOp::Clamp:
      return map_float(x, out, [fa, fb](float v) { return std::clamp(v, fa, fb); });
    case UnaryOp::Neg:
      return map_with_scalar(x, out, 0, [](auto v, auto) { return -v; });
    case UnaryOp::AddScalar:
      return map_with_scalar(x, out, s.a, [](auto v, auto a) { return v + a; });
    case UnaryOp::MulScalar:
      return map_with_scalar(x, out, s.a, [](auto v, auto a) { return v * a; });
    case UnaryOp::RsubScalar:
      return map_with_scalar(x, out, s.a, [](auto v, auto a) { return a - v; });
    case UnaryOp::RdivScalar:
      return map_with_scalar(x, out, s.a, [](auto v, auto a) { return a / v; });
    case UnaryOp::EqScalar:
      return compare_with_scalar(x, out, s.a, std::equal_to<>());
    case UnaryOp::NeScalar:
      return compare_with_scalar(x, out, s.a, std::not_equal_to<>());
    case UnaryOp::LtScalar:
      return compare_with_scalar(x, out, s.a, std::less<>());
    case UnaryOp::LeScalar:
      return compare_with_scalar(x, out, s.a, std::less_equal<>());
    case UnaryOp::GtScalar:
      return compare_with_scalar(x, out, s.a, std::greater<>());
    case UnaryOp::GeScalar:
      return compare_with_scalar(x, out, s.a, std::greater_equal<>());
    case UnaryOp::LogicalNot:
      return map_unary(ptr<bool>(x), ptr<bool>(out), x.numel(), [](bool m) { return !m; });
  }
}

void CpuBackend::binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out, Scalars s) {
  const auto fa = static_cast<float>(s.a), fb = static_cast<float>(s.b);
  switch (op) {
    case BinaryOp::Add:
      return arithmetic(a, b, out, [](auto x, auto y) { return x + y; });
    case BinaryOp::Sub:
      return arithmetic(a, b, out, [](auto x, auto y) { return x - y; });
    case BinaryOp::Mul:
      return arithmetic(a, b, out, [](auto x, auto y) { return x * y; });
    case BinaryOp::Div:
      return arithmetic(a, b, out, [](auto x, auto y) { return x / y; });
    case BinaryOp::Eq:
      return compare(a, b, out, std::equal_to<>());
    case BinaryOp::Ne:
      return compare(a, b, out, std::not_equal_to<>());
    case BinaryOp::Lt:
      return compare(a, b, out, std::less<>());
    case BinaryOp::Le:
      return compare(a, b, out, std::less_equal<>());
    case BinaryOp::Gt:
      return compare(a, b, out, std::greater<>());
    case BinaryOp::Ge:
      return compare(a, b, out, std::greater_equal<>());
    case BinaryOp::SqrtBackward:
      return zip_float(a, b, out, [](float g, float y) { return g / (2 * y); });
    case BinaryOp::TanhBackward:
      return zip_float(a, b, out, [](float g, float y) { return g * (1 - y * y); });
    case BinaryOp::SigmoidBackward:
      return zip_float(a, b, out, [](float g, float y) { return g * y * (1 - y); });
    case BinaryOp::ReluBackward:
      return zip_float(a, b, out, [](float g, float y) { return y > 0 ? g : 0.0f; });
    case BinaryOp::GeluErfBackward:
      return bias_gelu_backward(a, b, Tensor(), GeluApproximation::None, out);
    case BinaryOp::GeluTanhBackward:
      return bias_gelu_backward(a, b, Tensor(), GeluApproximation::Tanh, out);
    case BinaryOp::AbsBackward:
      return zip_float(a, b, out, [](float g, float v) { return v > 0 ? g : (v < 0 ? -g : 0.0f); });
    case BinaryOp::PowBackward:
      return zip_float(a, b, out, [fa](float g, float v) {
        return fa == 0 ? 0.0f : g * fa * std::pow(v, fa - 1);
      });
    case BinaryOp::ClampBackward:
      return zip_float(a, b, out,
                       [fa, fb](float g, float v) { return v >= fa && v <= fb ? g : 0.0f; });
  }
}

void CpuBackend::where(const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) {
  dispatch_all(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const bool* c = ptr<bool>(cond);
    const T *x = ptr<T>(a), *y = ptr<T>(b);
    T* o = ptr<T>(out);
    parallel_for(out.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) o[i] = c[i] ? x[i] : y[i];
    });
  });
}

void CpuBackend::masked_fill(const Tensor& x, const Tensor& mask, double value, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const auto v = static_cast<T>(value);
    map_binary(ptr<T>(x), x.shape(), ptr<bool>(mask), mask.shape(), ptr<T>(out), out.shape(),
               [v](T xv, bool m) { return m ? v : xv; });
  });
}

void CpuBackend::broadcast_to(const Tensor& x, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    broadcast_copy(ptr<T>(x), x.shape(), ptr<T>(out), out.shape());
  });
}

}  // namespace buildgpt::cpu
