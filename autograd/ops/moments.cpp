// Variance and standard deviation. The variance is composed of differentiable ops (mean, sub,
// mul, sum), so its gradient comes from theirs; the standard deviation has its own backward,
// which is zero where the deviation is (the square root's derivative is infinite there).
#include <algorithm>

#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/reduce_util.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// var = sum((x - mean)²) / max(0, n - correction); a zero divisor gives inf (or nan when every
// deviation is zero), as floating-point division does.
Tensor variance(const char* op, const Tensor& x, const Dims& dims, bool keepdim,
                int64_t correction) {
  check_float(op, x);
  const Dims ds = normalize_dims(op, dims, x.dim());
  const int64_t count = reduced_count(x.shape(), ds);
  if (count == 0) fail(op, "cannot reduce over zero elements of shape " + shape_str(x.shape()));
  const Tensor dev = sub(x, mean(x, ds, true));
  const double divisor = static_cast<double>(std::max<int64_t>(0, count - correction));
  return div(sum(mul(dev, dev), ds, keepdim), divisor);
}

}  // namespace

Tensor var(const Tensor& x, const Dims& dims, bool keepdim, int64_t correction) {
  return variance("var", x, dims, keepdim, correction);
}

Tensor var(const Tensor& x) { return var(x, {}, false, 1); }

Tensor std(const Tensor& x, const Dims& dims, bool keepdim, int64_t correction) {
  const Dims ds = normalize_dims("std", dims, x.dim());
  Tensor out = sqrt(variance("std", x.detach(), ds, keepdim, correction));
  const int64_t count = reduced_count(x.shape(), ds);
  const double divisor = static_cast<double>(std::max<int64_t>(0, count - correction));
  // d std = dy (x − mean) / ((n − correction) std), and 0 where std = 0
  return record(
      "std", out, {x},
      [x = x.detach(), y = out.detach(), ds, divisor](const Tensor& g, const NeedsGrad&) -> Grads {
        const Shape kept = reduced_shape(x.shape(), ds, true);
        const Tensor y_kept = view(y, kept);
        const Tensor dev = sub(x, mean(x, ds, true));
        const Tensor dx = div(mul(view(g, kept), dev), mul(y_kept, divisor));
        return {masked_fill(dx, eq(y_kept, 0.0), 0)};
      });
}

Tensor std(const Tensor& x) { return std(x, {}, false, 1); }

Tensor Tensor::var(const Dims& dims, bool keepdim, int64_t correction) const {
  return buildgpt::var(*this, dims, keepdim, correction);
}
Tensor Tensor::std(const Dims& dims, bool keepdim, int64_t correction) const {
  return buildgpt::std(*this, dims, keepdim, correction);
}

}  // namespace buildgpt
