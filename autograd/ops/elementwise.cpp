// Binary arithmetic with broadcasting. Each backward sums the gradient back to its input's shape
// (sum_to), undoing the broadcast.
#include "autograd/ops/elementwise.h"

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/pointwise.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

void check_binary(const char* op, const Tensor& a, const Tensor& b) {
  check_defined(op, a, "left operand");
  check_defined(op, b, "right operand");
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  check_cpu(op, a);
}

// out = f(a, b) elementwise over the broadcast shape, in a's dtype.
template <typename F>
Tensor binary_map(const char* op, const Tensor& a, const Tensor& b, F f) {
  check_binary(op, a, b);
  Tensor out = empty(broadcast_shapes(a.shape(), b.shape(), op), a.dtype(), a.device());
  cpu::dispatch_numeric(op, a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    cpu::map_binary(a.data<T>(), a.shape(), b.data<T>(), b.shape(), out.data<T>(), out.shape(),
                    [&](T x, T y) { return static_cast<T>(f(x, y)); });
  });
  return out;
}

// out = f(x, s) elementwise, the scalar cast to x's dtype.
template <typename F>
Tensor scalar_map(const char* op, const Tensor& x, double s, F f) {
  check_defined(op, x);
  check_cpu(op, x);
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  cpu::dispatch_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T sv = static_cast<T>(s);
    cpu::map_unary(x.data<T>(), out.data<T>(), x.numel(),
                   [&](T v) { return static_cast<T>(f(v, sv)); });
  });
  return out;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = binary_map("add", a, b, [](auto x, auto y) { return x + y; });
  // d(a + b) = da + db
  return record("add", out, {a, b},
                [sa = a.shape(), sb = b.shape()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(g, sa) : Tensor(), n[1] ? sum_to(g, sb) : Tensor()};
                });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  Tensor out = binary_map("sub", a, b, [](auto x, auto y) { return x - y; });
  // d(a - b) = da - db
  return record("sub", out, {a, b},
                [sa = a.shape(), sb = b.shape()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(g, sa) : Tensor(), n[1] ? neg(sum_to(g, sb)) : Tensor()};
                });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = binary_map("mul", a, b, [](auto x, auto y) { return x * y; });
  // d(a b) = b da + a db
  return record("mul", out, {a, b},
                [a = a.detach(), b = b.detach()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  return {n[0] ? sum_to(mul(g, b), a.shape()) : Tensor(),
                          n[1] ? sum_to(mul(g, a), b.shape()) : Tensor()};
                });
}

Tensor div(const Tensor& a, const Tensor& b) {
  check_float("div", a, "left operand");
  Tensor out = binary_map("div", a, b, [](auto x, auto y) { return x / y; });
  // d(a / b) = da / b - a db / b²
  return record("div", out, {a, b},
                [a = a.detach(), b = b.detach()](const Tensor& g, const NeedsGrad& n) -> Grads {
                  const Tensor g_over_b = div(g, b);
                  return {n[0] ? sum_to(g_over_b, a.shape()) : Tensor(),
                          n[1] ? sum_to(neg(mul(g_over_b, div(a, b))), b.shape()) : Tensor()};
                });
}

Tensor add(const Tensor& a, double b) {
  Tensor out = scalar_map("add", a, b, [](auto x, auto s) { return x + s; });
  // d(a + s) = da
  return record("add_scalar", out, {a},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {g}; });
}

Tensor sub(const Tensor& a, double b) { return add(a, -b); }

Tensor mul(const Tensor& a, double b) {
  Tensor out = scalar_map("mul", a, b, [](auto x, auto s) { return x * s; });
  // d(a s) = s da
  return record("mul_scalar", out, {a},
                [b](const Tensor& g, const NeedsGrad&) -> Grads { return {mul(g, b)}; });
}

Tensor div(const Tensor& a, double b) {
  check_float("div", a);
  return mul(a, 1.0 / b);
}

Tensor rsub(double a, const Tensor& b) {
  Tensor out = scalar_map("rsub", b, a, [](auto x, auto s) { return s - x; });
  // d(s - b) = -db
  return record("rsub_scalar", out, {b},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {neg(g)}; });
}

Tensor rdiv(double a, const Tensor& b) {
  check_float("rdiv", b);
  Tensor out = scalar_map("rdiv", b, a, [](auto x, auto s) { return s / x; });
  // d(s / b) = -(s / b) db / b
  return record("rdiv_scalar", out, {b},
                [b = b.detach(), y = out.detach()](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {neg(div(mul(g, y), b))};
                });
}

Tensor neg(const Tensor& x) {
  Tensor out = scalar_map("neg", x, 0, [](auto v, auto) { return -v; });
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
  cpu::dispatch_numeric("add_", dst.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* d = dst.data<T>();
    cpu::map_binary(d, dst.shape(), src.data<T>(), src.shape(), d, dst.shape(),
                    [](T x, T y) { return static_cast<T>(x + y); });
  });
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
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
