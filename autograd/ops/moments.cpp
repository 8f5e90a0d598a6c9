// Variance and standard deviation, composed of differentiable ops (mean, sub, mul, sum, sqrt),
// so their gradients come from those ops.
#include <algorithm>

#include "autograd/ops/elementwise.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/reduce_util.h"

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
  return sqrt(variance("std", x, dims, keepdim, correction));
}

Tensor std(const Tensor& x) { return std(x, {}, false, 1); }

Tensor Tensor::var(const Dims& dims, bool keepdim, int64_t correction) const {
  return buildgpt::var(*this, dims, keepdim, correction);
}
Tensor Tensor::std(const Dims& dims, bool keepdim, int64_t correction) const {
  return buildgpt::std(*this, dims, keepdim, correction);
}

}  // namespace buildgpt
