// Comparisons (bool results, no graph) and the selections driven by bool masks: where and
// masked_fill, whose gradients flow only through the positions they keep.
#include <functional>
#include <type_traits>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/pointwise.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// out = pred(a, b) elementwise over the broadcast shape, as bool.
template <typename Pred>
Tensor compare(const char* op, const Tensor& a, const Tensor& b, Pred pred) {
  check_defined(op, a, "left operand");
  check_defined(op, b, "right operand");
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  check_cpu(op, a);
  Tensor out = empty(broadcast_shapes(a.shape(), b.shape(), op), kBool, a.device());
  cpu::dispatch_numeric(op, a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    cpu::map_binary(a.data<T>(), a.shape(), b.data<T>(), b.shape(), out.data<bool>(), out.shape(),
                    [&](T x, T y) { return pred(x, y); });
  });
  return out;
}

// out = pred(a, s) elementwise, as bool. A float32 tensor meets s rounded to float32 (so x == 0.1
// holds where x was made from 0.1); an integer tensor meets s unrounded (so x < 2.5 holds at 2).
template <typename Pred>
Tensor compare(const char* op, const Tensor& a, double s, Pred pred) {
  check_defined(op, a);
  check_cpu(op, a);
  Tensor out = empty(a.shape(), kBool, a.device());
  cpu::dispatch_numeric(op, a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using C = std::conditional_t<std::is_floating_point_v<T>, float, double>;
    const auto sv = static_cast<C>(s);
    cpu::map_unary(a.data<T>(), out.data<bool>(), a.numel(),
                   [&](T x) { return pred(static_cast<C>(x), sv); });
  });
  return out;
}

void check_mask(const char* op, const Tensor& mask, const Tensor& x, const char* what) {
  check_dtype(op, mask, kBool, what);
  check_same_device(op, mask, x);
  check_cpu(op, mask);
}

}  // namespace

Tensor eq(const Tensor& a, const Tensor& b) { return compare("eq", a, b, std::equal_to<>()); }
Tensor ne(const Tensor& a, const Tensor& b) { return compare("ne", a, b, std::not_equal_to<>()); }
Tensor lt(const Tensor& a, const Tensor& b) { return compare("lt", a, b, std::less<>()); }
Tensor le(const Tensor& a, const Tensor& b) { return compare("le", a, b, std::less_equal<>()); }
Tensor gt(const Tensor& a, const Tensor& b) { return compare("gt", a, b, std::greater<>()); }
Tensor ge(const Tensor& a, const Tensor& b) { return compare("ge", a, b, std::greater_equal<>()); }
Tensor eq(const Tensor& a, double b) { return compare("eq", a, b, std::equal_to<>()); }
Tensor ne(const Tensor& a, double b) { return compare("ne", a, b, std::not_equal_to<>()); }
Tensor lt(const Tensor& a, double b) { return compare("lt", a, b, std::less<>()); }
Tensor le(const Tensor& a, double b) { return compare("le", a, b, std::less_equal<>()); }
Tensor gt(const Tensor& a, double b) { return compare("gt", a, b, std::greater<>()); }
Tensor ge(const Tensor& a, double b) { return compare("ge", a, b, std::greater_equal<>()); }

Tensor operator==(const Tensor& a, double b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, double b) { return ne(a, b); }
Tensor operator<(const Tensor& a, double b) { return lt(a, b); }
Tensor operator<=(const Tensor& a, double b) { return le(a, b); }
Tensor operator>(const Tensor& a, double b) { return gt(a, b); }
Tensor operator>=(const Tensor& a, double b) { return ge(a, b); }

Tensor logical_not(const Tensor& mask) {
  check_dtype("logical_not", mask, kBool, "mask");
  check_cpu("logical_not", mask);
  Tensor out = empty(mask.shape(), kBool, mask.device());
  cpu::map_unary(mask.data<bool>(), out.data<bool>(), mask.numel(), [](bool m) { return !m; });
  return out;
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  check_defined("where", a, "first choice");
  check_defined("where", b, "second choice");
  check_mask("where", cond, a, "cond");
  check_same_device("where", a, b);
  check_same_dtype("where", a, b);
  const Shape shape =
      broadcast_shapes(cond.shape(), broadcast_shapes(a.shape(), b.shape(), "where"), "where");
  // Each side written out at the result's shape, then one pass picks between them.
  const Tensor c = expand(cond, shape), x = expand(a.detach(), shape),
               y = expand(b.detach(), shape);
  Tensor out = empty(shape, a.dtype(), a.device());
  cpu::dispatch_all(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const bool* cp = c.data<bool>();
    const T *xp = x.data<T>(), *yp = y.data<T>();
    T* o = out.data<T>();
    cpu::parallel_for(out.numel(), cpu::kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) o[i] = cp[i] ? xp[i] : yp[i];
    });
  });
  // d where(c, a, b) = [c] da + [¬c] db
  return record(
      "where", out, {a, b},
      [cond, sa = a.shape(), sb = b.shape()](const Tensor& g, const NeedsGrad& n) -> Grads {
        return {n[0] ? sum_to(masked_fill(g, logical_not(cond), 0), sa) : Tensor(),
                n[1] ? sum_to(masked_fill(g, cond, 0), sb) : Tensor()};
      });
}

Tensor masked_fill(const Tensor& x, const Tensor& mask, double value) {
  check_defined("masked_fill", x);
  check_mask("masked_fill", mask, x, "mask");
  check_cpu("masked_fill", x);
  if (broadcast_shapes(x.shape(), mask.shape(), "masked_fill") != x.shape()) {
    fail("masked_fill", "mask " + shape_str(mask.shape()) + " does not broadcast to the input " +
                            shape_str(x.shape()));
  }
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  cpu::dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const auto v = static_cast<T>(value);
    cpu::map_binary(x.data<T>(), x.shape(), mask.data<bool>(), mask.shape(), out.data<T>(),
                    x.shape(), [v](T xv, bool m) { return m ? v : xv; });
  });
  // d masked_fill(x) = [¬mask] dx
  return record("masked_fill", out, {x}, [mask](const Tensor& g, const NeedsGrad&) -> Grads {
    return {masked_fill(g, mask, 0)};
  });
}

Tensor Tensor::masked_fill(const Tensor& mask, double value) const {
  return buildgpt::masked_fill(*this, mask, value);
}

}  // namespace buildgpt
