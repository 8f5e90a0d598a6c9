// matmul: matrix products through BLAS, with batch dimensions that broadcast.
#include <algorithm>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/linalg.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// out[i] = op(a[i]) · op(b[i]) for the stacked matrices of a [batch, ·, ·] and b [batch, ·, ·];
// a batch of 1 on either side is reused for every i. No autograd.
Tensor batched_product(const Tensor& a, bool ta, const Tensor& b, bool tb) {
  const int64_t batch = std::max(a.size(0), b.size(0));
  const int64_t m = ta ? a.size(2) : a.size(1), n = tb ? b.size(1) : b.size(2);
  Tensor out = empty({batch, m, n}, kFloat32, a.device());
  kernels_for(out).batched_matmul(a, ta, b, tb, out);
  return out;
}

// a [..., M, K] · b [K, N]: the leading dimensions of a fold into rows of one product.
Tensor matmul_folded(const Tensor& a, const Tensor& b) {
  const int64_t k = a.size(-1), n = b.size(1),
                rows = a.numel() == 0 ? shape_numel(Shape(a.shape().begin(), a.shape().end() - 1))
                                      : a.numel() / k;
  const Tensor a2 = view(a.detach(), {1, rows, k});
  Shape out_shape = a.shape();
  out_shape.back() = n;
  Tensor out = view(batched_product(a2, false, view(b.detach(), {1, k, n}), false), out_shape);
  // dA = dY Bᵀ, dB = Aᵀ dY (rows of A and dY stacked)
  return record("matmul", out, {a, b},
                [a2, b = b.detach()](const Tensor& g, const NeedsGrad& need) -> Grads {
                  const int64_t k = b.size(0), n = b.size(1), rows = a2.size(1);
                  const Tensor g2 = view(g, {1, rows, n});
                  Tensor ga, gb;
                  if (need[0]) {
                    Shape a_shape = g.shape();
                    a_shape.back() = k;
                    ga = view(batched_product(g2, false, view(b, {1, k, n}), true), a_shape);
                  }
                  if (need[1]) gb = view(batched_product(a2, true, g2, false), {k, n});
                  return {ga, gb};
                });
}

// a [..., M, K] · b [..., K, N] with broadcast batch dimensions.
Tensor matmul_batched(const Tensor& a, const Tensor& b) {
  const int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
  const Shape a_batch(a.shape().begin(), a.shape().end() - 2);
  const Shape b_batch(b.shape().begin(), b.shape().end() - 2);
  Shape batch = broadcast_shapes(a_batch, b_batch, "matmul");
  const int64_t nb = shape_numel(batch);
  auto stacked = [&](const Tensor& x, const Shape& x_batch, int64_t r, int64_t c) {
    Shape full = batch;
    full.push_back(r);
    full.push_back(c);
    const Tensor d = x.detach();
    return shape_numel(x_batch) == nb ? view(d, {nb, r, c}) : view(expand(d, full), {nb, r, c});
  };
  const Tensor a3 = stacked(a, a_batch, m, k), b3 = stacked(b, b_batch, k, n);
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  Tensor out = view(batched_product(a3, false, b3, false), out_shape);
  // dA = dY Bᵀ, dB = Aᵀ dY per matrix, summed over the batch dimensions that were broadcast
  return record("matmul", out, {a, b},
                [a3, b3, sa = a.shape(), sb = b.shape(), batch](const Tensor& g,
                                                                const NeedsGrad& need) -> Grads {
                  const Tensor g3 = view(g, {a3.size(0), a3.size(1), b3.size(2)});
                  auto back = [&](const Tensor& prod, int64_t r, int64_t c, const Shape& target) {
                    Shape full = batch;
                    full.push_back(r);
                    full.push_back(c);
                    return sum_to(view(prod, full), target);
                  };
                  Tensor ga, gb;
                  if (need[0])
                    ga = back(batched_product(g3, false, b3, true), a3.size(1), a3.size(2), sa);
                  if (need[1])
                    gb = back(batched_product(a3, true, g3, false), b3.size(1), b3.size(2), sb);
                  return {ga, gb};
                });
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  check_float("matmul", a, "left operand");
  check_float("matmul", b, "right operand");
  check_same_device("matmul", a, b);
  if (a.dim() == 0 || b.dim() == 0) {
    fail("matmul", "both operands need at least one dimension, got shapes " + shape_str(a.shape()) +
                       " and " + shape_str(b.shape()));
  }
  if (a.size(-1) != b.size(b.dim() == 1 ? 0 : -2)) {
    fail("matmul", "shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                       " cannot be multiplied (" + std::to_string(a.size(-1)) + " columns vs " +
                       std::to_string(b.size(-2)) + " rows)");
  }
  // A vector operand becomes a one-row (left) or one-column (right) matrix, removed afterwards.
  const bool row = a.dim() == 1, col = b.dim() == 1;
  const Tensor a2 = row ? unsqueeze(a, 0) : a, b2 = col ? unsqueeze(b, 1) : b;
  Tensor out = b2.dim() == 2 ? matmul_folded(a2, b2) : matmul_batched(a2, b2);
  if (col) out = squeeze(out, -1);
  if (row) out = squeeze(out, col ? -1 : -2);
  return out;
}

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  check_float("linear", x, "input");
  check_float("linear", weight, "weight");
  check_same_device("linear", x, weight);
  if (x.dim() == 0 || weight.dim() != 2 || x.size(-1) != weight.size(1)) {
    fail("linear", "input " + shape_str(x.shape()) + " and weight " + shape_str(weight.shape()) +
                       " do not fit: expected input [..., in] and weight [out, in]");
  }
  const int64_t in = weight.size(1), out = weight.size(0);
  if (bias.defined()) {
    check_float("linear", bias, "bias");
    check_same_device("linear", x, bias);
    if (bias.shape() != Shape{out}) {
      fail("linear", "bias " + shape_str(bias.shape()) + " does not match weight " +
                         shape_str(weight.shape()) + " (expected [" + std::to_string(out) + "])");
    }
  }
  const int64_t rows = shape_numel(Shape(x.shape().begin(), x.shape().end() - 1));
  const Tensor x3 = view(x.detach(), {1, rows, in}), w3 = view(weight.detach(), {1, out, in});
  Shape out_shape = x.shape();
  out_shape.back() = out;
  Tensor y = batched_product(x3, false, w3, true);
  if (bias.defined()) add_(y, bias.detach());
  // dx = dy W, dW = dyᵀ x (rows stacked), db = sum of dy over rows
  return record("linear", view(y, out_shape), {x, weight, bias},
                [x3, w3](const Tensor& g, const NeedsGrad& need) -> Grads {
                  const int64_t rows = x3.size(1), in = x3.size(2), out = w3.size(1);
                  const Tensor g3 = view(g, {1, rows, out});
                  Tensor gx, gw, gb;
                  if (need[0]) {
                    Shape x_shape = g.shape();
                    x_shape.back() = in;
                    gx = view(batched_product(g3, false, w3, false), x_shape);
                  }
                  if (need[1]) gw = view(batched_product(g3, true, x3, false), {out, in});
                  if (need[2]) gb = sum(view(g, {rows, out}), {0});
                  return {gx, gw, gb};
                });
}

Tensor Tensor::matmul(const Tensor& other) const { return buildgpt::matmul(*this, other); }

}  // namespace buildgpt
