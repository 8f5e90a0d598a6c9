// cumsum: running sums along a dimension. The backward of a running sum is the running sum of
// the gradient taken from the other end, so one kernel serves both directions.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/reduce.h"

namespace buildgpt {
namespace {

// out[.., j, ..] = sum of x[.., i, ..] for i <= j (or i >= j when reverse), in x's dtype.
Tensor running_sum(const Tensor& x, int64_t dim, bool reverse) {
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  kernels_for(out).cumsum(x, dim, reverse, out);
  // d cumsum(x) = reverse cumsum(dy)
  return record(reverse ? "cumsum_reverse" : "cumsum", out, {x},
                [dim, reverse](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {running_sum(g, dim, !reverse)};
                });
}

}  // namespace

Tensor cumsum(const Tensor& x, int64_t dim) {
  check_defined("cumsum", x);
  check_numeric("cumsum", x);
  // Integers add up in int64, as in PyTorch, so an int32 running sum does not wrap around.
  const Tensor in = x.dtype() == kInt32 ? x.to(kInt64) : x;
  return running_sum(in, normalize_dim(dim, x.dim(), "cumsum"), false);
}

}  // namespace buildgpt
