// Sums and means, over all elements or over chosen dimensions.
#include "autograd/ops/reduce.h"

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/reduce_util.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// Sum over one dimension, keeping it as size 1. Accumulates float in double.
Tensor sum_one_dim(const Tensor& x, int64_t dim) {
  Shape shape = x.shape();
  shape[dim] = 1;
  Tensor out = empty(shape, x.dtype(), x.device());
  kernels_for(out).sum_dim(x, dim, out);
  return out;
}

}  // namespace

Tensor sum(const Tensor& x, const Dims& dims, bool keepdim) {
  check_defined("sum", x);
  check_numeric("sum", x);
  const Dims ds = normalize_dims("sum", dims, x.dim());
  // Integers add up in int64, as in PyTorch, so an int32 sum does not wrap around.
  Tensor out = x.dtype() == kInt32 ? x.to(kInt64) : x.detach();
  for (int64_t d : ds) out = sum_one_dim(out, d);
  if (ds.empty() && x.dim() == 0) out = out.clone();  // a new tensor, as for every other sum
  out = view(out, reduced_shape(x.shape(), ds, keepdim));
  // d sum(x) = dy repeated over the summed dimensions
  return record(
      "sum", out, {x},
      [in = x.shape(), kept = reduced_shape(x.shape(), ds, true)](
          const Tensor& g, const NeedsGrad&) -> Grads { return {expand(view(g, kept), in)}; });
}

Tensor sum(const Tensor& x) { return sum(x, {}, false); }

Tensor mean(const Tensor& x, const Dims& dims, bool keepdim) {
  check_float("mean", x);
  const Dims ds = normalize_dims("mean", dims, x.dim());
  const int64_t count = reduced_count(x.shape(), ds);
  if (count == 0) fail("mean", "mean over zero elements of shape " + shape_str(x.shape()));
  const double scale = 1.0 / static_cast<double>(count);
  Tensor out = mul(sum(x.detach(), ds, keepdim), scale);
  // d mean(x) = dy / n repeated over the averaged dimensions
  return record("mean", out, {x},
                [in = x.shape(), kept = reduced_shape(x.shape(), ds, true), scale](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  return {expand(view(mul(g, scale), kept), in)};
                });
}

Tensor mean(const Tensor& x) { return mean(x, {}, false); }

Tensor Tensor::sum() const { return buildgpt::sum(*this); }
Tensor Tensor::sum(const Dims& dims, bool keepdim) const {
  return buildgpt::sum(*this, dims, keepdim);
}
Tensor Tensor::mean() const { return buildgpt::mean(*this); }
Tensor Tensor::mean(const Dims& dims, bool keepdim) const {
  return buildgpt::mean(*this, dims, keepdim);
}

}  // namespace buildgpt
