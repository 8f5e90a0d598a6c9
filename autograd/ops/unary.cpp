// Pointwise functions of one float32 tensor. Each backward multiplies the incoming gradient by
// the function's derivative, computed from the saved input or output.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "autograd/cpu/pointwise.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"

namespace buildgpt {
namespace {

// out = f(x) elementwise.
template <typename F>
Tensor map_float(const char* op, const Tensor& x, F f) {
  check_float(op, x);
  check_cpu(op, x);
  Tensor out = empty(x.shape(), kFloat32, x.device());
  cpu::map_unary(x.data<float>(), out.data<float>(), x.numel(), f);
  return out;
}

// out = f(a, b) elementwise over two float32 tensors of one shape (for derivative kernels).
template <typename F>
Tensor zip_float(const Tensor& a, const Tensor& b, F f) {
  Tensor out = empty(a.shape(), kFloat32, a.device());
  cpu::map_binary(a.data<float>(), a.shape(), b.data<float>(), b.shape(), out.data<float>(),
                  a.shape(), f);
  return out;
}

constexpr float kInvSqrt2 = static_cast<float>(1.0 / std::numbers::sqrt2);
constexpr float kInvSqrt2Pi = static_cast<float>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
constexpr float kSqrt2OverPi = static_cast<float>(std::numbers::sqrt2 * std::numbers::inv_sqrtpi);
constexpr float kGeluCubic = 0.044715f;

}  // namespace

Tensor pow(const Tensor& x, double exponent) {
  const auto e = static_cast<float>(exponent);
  Tensor out = map_float("pow", x, [e](float v) { return std::pow(v, e); });
  // d xᵖ = p xᵖ⁻¹ dx
  return record("pow", out, {x}, [x = x.detach(), e](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(
        g, x, [e](float gv, float v) { return e == 0 ? 0.0f : gv * e * std::pow(v, e - 1); })};
  });
}

Tensor exp(const Tensor& x) {
  Tensor out = map_float("exp", x, [](float v) { return std::exp(v); });
  // d eˣ = eˣ dx
  return record("exp", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, y, [](float gv, float yv) { return gv * yv; })};
  });
}

Tensor log(const Tensor& x) {
  Tensor out = map_float("log", x, [](float v) { return std::log(v); });
  // d log x = dx / x
  return record("log", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, x, [](float gv, float v) { return gv / v; })};
  });
}

Tensor sqrt(const Tensor& x) {
  Tensor out = map_float("sqrt", x, [](float v) { return std::sqrt(v); });
  // d √x = dx / (2 √x)
  return record("sqrt", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, y, [](float gv, float yv) { return gv / (2 * yv); })};
  });
}

Tensor tanh(const Tensor& x) {
  Tensor out = map_float("tanh", x, [](float v) { return std::tanh(v); });
  // d tanh x = (1 - tanh² x) dx
  return record("tanh", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, y, [](float gv, float yv) { return gv * (1 - yv * yv); })};
  });
}

Tensor sigmoid(const Tensor& x) {
  Tensor out = map_float("sigmoid", x, [](float v) { return 1 / (1 + std::exp(-v)); });
  // d σ(x) = σ(x) (1 - σ(x)) dx
  return record("sigmoid", out, {x},
                [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {zip_float(g, y, [](float gv, float yv) { return gv * yv * (1 - yv); })};
                });
}

Tensor relu(const Tensor& x) {
  Tensor out = map_float("relu", x, [](float v) { return v > 0 ? v : 0.0f; });
  // d relu(x) = [x > 0] dx
  return record("relu", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, y, [](float gv, float yv) { return yv > 0 ? gv : 0.0f; })};
  });
}

Tensor gelu(const Tensor& x, GeluApproximation approximate) {
  if (approximate == GeluApproximation::Tanh) {
    Tensor out = map_float("gelu", x, [](float v) {
      return 0.5f * v * (1 + std::tanh(kSqrt2OverPi * (v + kGeluCubic * v * v * v)));
    });
    // d gelu_tanh(x) = [½(1 + t) + ½x(1 - t²)·√(2/π)(1 + 3·0.044715x²)] dx, t = tanh(√(2/π)(x +
    // 0.044715x³))
    return record(
        "gelu_tanh", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
          return {zip_float(g, x, [](float gv, float v) {
            const float t = std::tanh(kSqrt2OverPi * (v + kGeluCubic * v * v * v));
            return gv * (0.5f * (1 + t) +
                         0.5f * v * (1 - t * t) * kSqrt2OverPi * (1 + 3 * kGeluCubic * v * v));
          })};
        });
  }
  Tensor out =
      map_float("gelu", x, [](float v) { return 0.5f * v * (1 + std::erf(v * kInvSqrt2)); });
  // d gelu(x) = [Φ(x) + x φ(x)] dx, Φ the normal CDF and φ its density
  return record("gelu", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, x, [](float gv, float v) {
      const float cdf = 0.5f * (1 + std::erf(v * kInvSqrt2));
      const float pdf = kInvSqrt2Pi * std::exp(-0.5f * v * v);
      return gv * (cdf + v * pdf);
    })};
  });
}

Tensor abs(const Tensor& x) {
  Tensor out = map_float("abs", x, [](float v) { return std::fabs(v); });
  // d |x| = sign(x) dx
  return record("abs", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {zip_float(g, x, [](float gv, float v) { return v > 0 ? gv : (v < 0 ? -gv : 0.0f); })};
  });
}

Tensor clamp(const Tensor& x, double min, double max) {
  if (min > max)
    fail("clamp", "min " + std::to_string(min) + " is greater than max " + std::to_string(max));
  const auto lo = static_cast<float>(min), hi = static_cast<float>(max);
  Tensor out = map_float("clamp", x, [lo, hi](float v) { return std::clamp(v, lo, hi); });
  // d clamp(x) = [lo <= x <= hi] dx
  return record(
      "clamp", out, {x}, [x = x.detach(), lo, hi](const Tensor& g, const NeedsGrad&) -> Grads {
        return {zip_float(g, x,
                          [lo, hi](float gv, float v) { return v >= lo && v <= hi ? gv : 0.0f; })};
      });
}

Tensor Tensor::pow(double exponent) const { return buildgpt::pow(*this, exponent); }
Tensor Tensor::exp() const { return buildgpt::exp(*this); }
Tensor Tensor::log() const { return buildgpt::log(*this); }
Tensor Tensor::sqrt() const { return buildgpt::sqrt(*this); }
Tensor Tensor::tanh() const { return buildgpt::tanh(*this); }
Tensor Tensor::sigmoid() const { return buildgpt::sigmoid(*this); }
Tensor Tensor::relu() const { return buildgpt::relu(*this); }
Tensor Tensor::abs() const { return buildgpt::abs(*this); }
Tensor Tensor::clamp(double min, double max) const { return buildgpt::clamp(*this, min, max); }

}  // namespace buildgpt
