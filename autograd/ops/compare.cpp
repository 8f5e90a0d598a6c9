// Comparisons (bool results, no graph) and the selections driven by bool masks: where and
// masked_fill, whose gradients flow only through the positions they keep.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// out = a ∘ b elementwise over the broadcast shape, as bool.
Tensor compare(const char* op, BinaryOp code, const Tensor& a, const Tensor& b) {
  check_defined(op, a, "left operand");
  check_defined(op, b, "right operand");
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  check_numeric(op, a);
  Tensor out = empty(broadcast_shapes(a.shape(), b.shape(), op), kBool, a.device());
  kernels_for(out).binary(code, a, b, out);
  return out;
}

// out = a ∘ s elementwise, as bool. A float32 tensor meets s rounded to float32 (so x == 0.1
// holds where x was made from 0.1); an integer tensor meets s unrounded (so x < 2.5 holds at 2).
Tensor compare(const char* op, UnaryOp code, const Tensor& a, double s) {
  check_defined(op, a);
  check_numeric(op, a);
  Tensor out = empty(a.shape(), kBool, a.device());
  kernels_for(out).unary(code, a, out, {s});
  return out;
}

void check_mask(const char* op, const Tensor& mask, const Tensor& x, const char* what) {
  check_dtype(op, mask, kBool, what);
  check_same_device(op, mask, x);
}

}  // namespace

Tensor eq(const Tensor& a, const Tensor& b) { return compare("eq", BinaryOp::Eq, a, b); }
Tensor ne(const Tensor& a, const Tensor& b) { return compare("ne", BinaryOp::Ne, a, b); }
Tensor lt(const Tensor& a, const Tensor& b) { return compare("lt", BinaryOp::Lt, a, b); }
Tensor le(const Tensor& a, const Tensor& b) { return compare("le", BinaryOp::Le, a, b); }
Tensor gt(const Tensor& a, const Tensor& b) { return compare("gt", BinaryOp::Gt, a, b); }
Tensor ge(const Tensor& a, const Tensor& b) { return compare("ge", BinaryOp::Ge, a, b); }
Tensor eq(const Tensor& a, double b) { return compare("eq", UnaryOp::EqScalar, a, b); }
Tensor ne(const Tensor& a, double b) { return compare("ne", UnaryOp::NeScalar, a, b); }
Tensor lt(const Tensor& a, double b) { return compare("lt", UnaryOp::LtScalar, a, b); }
Tensor le(const Tensor& a, double b) { return compare("le", UnaryOp::LeScalar, a, b); }
Tensor gt(const Tensor& a, double b) { return compare("gt", UnaryOp::GtScalar, a, b); }
Tensor ge(const Tensor& a, double b) { return compare("ge", UnaryOp::GeScalar, a, b); }

Tensor operator==(const Tensor& a, double b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, double b) { return ne(a, b); }
Tensor operator<(const Tensor& a, double b) { return lt(a, b); }
Tensor operator<=(const Tensor& a, double b) { return le(a, b); }
Tensor operator>(const Tensor& a, double b) { return gt(a, b); }
Tensor operator>=(const Tensor& a, double b) { return ge(a, b); }

Tensor logical_not(const Tensor& mask) {
  check_dtype("logical_not", mask, kBool, "mask");
  Tensor out = empty(mask.shape(), kBool, mask.device());
  kernels_for(out).unary(UnaryOp::LogicalNot, mask, out);
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
  kernels_for(out).where(c, x, y, out);
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
  if (broadcast_shapes(x.shape(), mask.shape(), "masked_fill") != x.shape()) {
    fail("masked_fill", "mask " + shape_str(mask.shape()) + " does not broadcast to the input " +
                            shape_str(x.shape()));
  }
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  kernels_for(out).masked_fill(x, mask, value, out);
  // d masked_fill(x) = [¬mask] dx
  return record("masked_fill", out, {x}, [mask](const Tensor& g, const NeedsGrad&) -> Grads {
    return {masked_fill(g, mask, 0)};
  });
}

Tensor Tensor::masked_fill(const Tensor& mask, double value) const {
  return buildgpt::masked_fill(*this, mask, value);
}

}  // namespace buildgpt
