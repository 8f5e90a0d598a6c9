// Binary arithmetic with broadcasting. Each backward sums the gradient back to its input's shape
// (sum_to), undoing the broadcast.
#include "autograd/ops/elementwise.h"

#include <cmath>
#include <memory>
#include <utility>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

void check_binary(const char* op, const Tensor& a, const Tensor& b) {
  check_defined(op, a, "left operand");
  check_defined(op, b, "right operand");
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  check_numeric(op, a);
}

// out = a ∘ b elementwise over the broadcast shape, in a's dtype.
Tensor binary_map(const char* op, BinaryOp code, const Tensor& a, const Tensor& b) {
  check_binary(op, a, b);
  Tensor out = empty(broadcast_shapes(a.shape(), b.shape(), op), a.dtype(), a.device());
  kernels_for(out).binary(code, a, b, out);
  return out;
}

// x as float32 when it holds integers and s has a fractional part (int32 · 0.5 is -1.5, as in
// PyTorch); otherwise x itself, and s is cast to x's dtype.
Tensor promoted(const Tensor& x, double s) {
  const bool fractional = !(std::isfinite(s) && std::trunc(s) == s);
  return x.dtype() != kFloat32 && fractional ? x.to(kFloat32) : x;
}

// out = x ∘ s elementwise, in x's dtype or float32 (see promoted).
Tensor scalar_map(const char* op, UnaryOp code, const Tensor& x, double s) {
  check_defined(op, x);
  check_numeric(op, x);
  const Tensor in = promoted(x, s);
  Tensor out = empty(in.shape(), in.dtype(), in.device());
  kernels_for(out).unary(code, in, out, {s});
  return out;
}

// d(a + b) = da + db
Tensor record_add(const Tensor& out, const Tensor& a, const Tensor& b) {
  return record("add", out, {a, b},
                [sa = a.shape(), sb = b.shape()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(g, sa) : Tensor(), n[1] ? sum_to(g, sb) : Tensor()};
                });
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  return record_add(binary_map("add", BinaryOp::Add, a, b), a, b);
}

Tensor add(const Tensor& a, Tensor&& b) {
  check_binary("add", a, b);
  if (!b.owned_alone() || (b.is_leaf() && b.requires_grad()) ||
      broadcast_shapes(a.shape(), b.shape(), "add") != b.shape()) {
    return add(a, static_cast<const Tensor&>(b));
  }
  kernels_for(b).binary(BinaryOp::Add, b, a, b);  // b + a: the output may alias the first input
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = b.impl()->storage;
  impl->shape = b.shape();
  impl->dtype = b.dtype();
  return record_add(Tensor(std::move(impl)), a, b);
}

Tensor sub(const Tensor& a, const Tensor& b) {
  Tensor out = binary_map("sub", BinaryOp::Sub, a, b);
  // d(a - b) = da - db
  return record("sub", out, {a, b},
                [sa = a.shape(), sb = b.shape()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(g, sa) : Tensor(), n[1] ? neg(sum_to(g, sb)) : Tensor()};
                });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = binary_map("mul", BinaryOp::Mul, a, b);
  // d(a b) = b da + a db
  return record("mul", out, {a, b},
                [a = a.detach(), b = b.detach()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(mul(g, b), a.shape()) : Tensor(),
                          n[1] ? sum_to(mul(g, a), b.shape()) : Tensor()};
                });
}

Tensor div(const Tensor& a, const Tensor& b) {
  check_defined("div", a, "left operand");
  check_defined("div", b, "right operand");
  if (a.dtype() != kFloat32 && a.dtype() == b.dtype() && a.dtype() != kBool) {
    return div(a.to(kFloat32), b.to(kFloat32));  // true division, as in PyTorch
  }
  Tensor out = binary_map("div", BinaryOp::Div, a, b);
  // d(a / b) = da / b - a db / b²
  return record("div", out, {a, b},
                [a = a.detach(), b = b.detach()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  const Tensor g_over_b = div(g, b);
                  return {n[0] ? sum_to(g_over_b, a.shape()) : Tensor(),
                          n[1] ? sum_to(neg(mul(g_over_b, div(a, b))), b.shape()) : Tensor()};
                });
}

Tensor add(const Tensor& a, double b) {
  Tensor out = scalar_map("add", UnaryOp::AddScalar, a, b);
  // d(a + s) = da
  return record("add_scalar", out, {a},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {g}; });
}

Tensor sub(const Tensor& a, double b) { return add(a, -b); }

Tensor mul(const Tensor& a, double b) {
  Tensor out = scalar_map("mul", UnaryOp::MulScalar, a, b);
  // d(a s) = s da
  return record("mul_scalar", out, {a},
                [b](const Tensor& g, const NeedsGrad&) -> Grads { return {mul(g, b)}; });
}

Tensor div(const Tensor& a, double b) {
  check_defined("div", a);
  return mul(a.dtype() == kFloat32 ? a : a.to(kFloat32), 1.0 / b);  // true division
}

Tensor rsub(double a, const Tensor& b) {
  Tensor out = scalar_map("rsub", UnaryOp::RsubScalar, b, a);
  // d(s - b) = -db
  return record("rsub_scalar", out, {b},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {neg(g)}; });
}

Tensor rdiv(double a, const Tensor& b) {
  check_defined("rdiv", b);
  if (b.dtype() != kFloat32 && b.dtype() != kBool) return rdiv(a, b.to(kFloat32));
  check_float("rdiv", b);
  Tensor out = scalar_map("rdiv", UnaryOp::RdivScalar, b, a);
  // d(s / b) = -(s / b) db / b
  return record("rdiv_scalar", out, {b},
                [b = b.detach(), y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {neg(div(mul(g, y), b))};
                });
}

Tensor neg(const Tensor& x) {
  Tensor out = scalar_map("neg", UnaryOp::Neg, x, 0);
  // d(-x) = -dx
  return record("neg", out, {x},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {neg(g)}; });
}

void add_(Tensor& dst, const Tensor& src) {
  check_binary("add_", dst, src);
  if (broadcast_shapes(dst.shape(), src.shape(), "add_") != dst.shape()) {
    fail("add_", "source " + shape_str(src.shape()) + " does not broadcast to the destination " +
                     shape_str(dst.shape()));
  }
  kernels_for(dst).binary(BinaryOp::Add, dst, src, dst);
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, Tensor&& b) { return add(a, std::move(b)); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator+(const Tensor& a, double b) { return add(a, b); }
Tensor operator-(const Tensor& a, double b) { return sub(a, b); }
Tensor operator*(const Tensor& a, double b) { return mul(a, b); }
Tensor operator/(const Tensor& a, double b) { return div(a, b); }
Tensor operator+(double a, const Tensor& b) { return add(b, a); }
Tensor operator-(double a, const Tensor& b) { return rsub(a, b); }
Tensor operator*(double a, const Tensor& b) { return mul(b, a); }
Tensor operator/(double a, const Tensor& b) { return rdiv(a, b); }

Tensor Tensor::operator-() const { return neg(*this); }
Tensor Tensor::add(const Tensor& other) const { return buildgpt::add(*this, other); }
Tensor Tensor::sub(const Tensor& other) const { return buildgpt::sub(*this, other); }
Tensor Tensor::mul(const Tensor& other) const { return buildgpt::mul(*this, other); }
Tensor Tensor::div(const Tensor& other) const { return buildgpt::div(*this, other); }

}  // namespace buildgpt
