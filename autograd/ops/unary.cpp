// Pointwise functions of one float32 tensor. Each backward multiplies the incoming gradient by
// the function's derivative, computed from the saved input or output.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"

namespace buildgpt {
namespace {

// out = f(x) elementwise.
Tensor map_float(const char* op, UnaryOp code, const Tensor& x, Scalars s = {}) {
  check_float(op, x);
  Tensor out = empty(x.shape(), kFloat32, x.device());
  kernels_for(out).unary(code, x, out, s);
  return out;
}

// g ⊙ f′ from the saved input or output `saved` (a derivative kernel of BinaryOp).
Tensor derivative(BinaryOp code, const Tensor& g, const Tensor& saved, Scalars s = {}) {
  Tensor out = empty(g.shape(), kFloat32, g.device());
  kernels_for(out).binary(code, g, saved, out, s);
  return out;
}

}  // namespace

Tensor pow(const Tensor& x, double exponent) {
  const Scalars e{static_cast<float>(exponent)};
  Tensor out = map_float("pow", UnaryOp::Pow, x, e);
  // d xᵖ = p xᵖ⁻¹ dx
  return record("pow", out, {x}, [x = x.detach(), e](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::PowBackward, g, x, e)};
  });
}

Tensor exp(const Tensor& x) {
  Tensor out = map_float("exp", UnaryOp::Exp, x);
  // d eˣ = eˣ dx
  return record("exp", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::Mul, g, y)};
  });
}

Tensor log(const Tensor& x) {
  Tensor out = map_float("log", UnaryOp::Log, x);
  // d log x = dx / x
  return record("log", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::Div, g, x)};
  });
}

Tensor sqrt(const Tensor& x) {
  Tensor out = map_float("sqrt", UnaryOp::Sqrt, x);
  // d √x = dx / (2 √x)
  return record("sqrt", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::SqrtBackward, g, y)};
  });
}

Tensor tanh(const Tensor& x) {
  Tensor out = map_float("tanh", UnaryOp::Tanh, x);
  // d tanh x = (1 - tanh² x) dx
  return record("tanh", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::TanhBackward, g, y)};
  });
}

Tensor sigmoid(const Tensor& x) {
  Tensor out = map_float("sigmoid", UnaryOp::Sigmoid, x);
  // d σ(x) = σ(x) (1 - σ(x)) dx
  return record("sigmoid", out, {x},
                [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {derivative(BinaryOp::SigmoidBackward, g, y)};
                });
}

Tensor relu(const Tensor& x) {
  Tensor out = map_float("relu", UnaryOp::Relu, x);
  // d relu(x) = [x > 0] dx
  return record("relu", out, {x}, [y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::ReluBackward, g, y)};
  });
}

Tensor gelu(const Tensor& x, GeluApproximation approximate) {
  if (approximate == GeluApproximation::Tanh) {
    Tensor out = map_float("gelu", UnaryOp::GeluTanh, x);
    // d gelu_tanh(x) = [½(1 + t) + ½x(1 - t²)·√(2/π)(1 + 3·0.044715x²)] dx, t = tanh(√(2/π)(x +
    // 0.044715x³))
    return record("gelu_tanh", out, {x},
                  [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
                    return {derivative(BinaryOp::GeluTanhBackward, g, x)};
                  });
  }
  Tensor out = map_float("gelu", UnaryOp::GeluErf, x);
  // d gelu(x) = [Φ(x) + x φ(x)] dx, Φ the normal CDF and φ its density
  return record("gelu", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::GeluErfBackward, g, x)};
  });
}

Tensor abs(const Tensor& x) {
  Tensor out = map_float("abs", UnaryOp::Abs, x);
  // d |x| = sign(x) dx
  return record("abs", out, {x}, [x = x.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {derivative(BinaryOp::AbsBackward, g, x)};
  });
}

Tensor clamp(const Tensor& x, double min, double max) {
  if (min > max)
    fail("clamp", "min " + std::to_string(min) + " is greater than max " + std::to_string(max));
  const Scalars bounds{static_cast<float>(min), static_cast<float>(max)};
  Tensor out = map_float("clamp", UnaryOp::Clamp, x, bounds);
  // d clamp(x) = [lo <= x <= hi] dx
  return record("clamp", out, {x},
                [x = x.detach(), bounds](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {derivative(BinaryOp::ClampBackward, g, x, bounds)};
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
