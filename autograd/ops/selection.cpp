// multinomial, topk and sort: ops that pick indices, so they record no gradients.
#include "autograd/ops/selection.h"

#include <optional>
#include <string>
#include <vector>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/value_checks.h"

namespace buildgpt {
namespace {

// The values of x along dim, sorted (ties keep index order), and their indices; only the first
// k of each row when k is given.
std::pair<Tensor, Tensor> ordered(const char* op, const Tensor& x, int64_t dim, bool descending,
                                  std::optional<int64_t> k_opt) {
  check_defined(op, x);
  if (x.dim() == 0) fail(op, "needs a tensor with at least one dimension, got a 0-d tensor");
  const int64_t d = normalize_dim(dim, x.dim(), op);
  const int64_t n = x.size(d), k = k_opt.value_or(n);
  if (k < 0 || k > n) {
    fail(op, "k = " + std::to_string(k) + " is out of range [0, " + std::to_string(n) +
                 "] for dimension " + std::to_string(d) + " of shape " + shape_str(x.shape()));
  }
  check_numeric(op, x);
  Shape out_shape = x.shape();
  out_shape[d] = k;
  Tensor values = empty(out_shape, x.dtype(), x.device());
  Tensor indices = empty(out_shape, kInt64, x.device());
  kernels_for(x).sort(x, d, descending, values, indices);
  return {values, indices};
}

}  // namespace

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator* gen) {
  check_float("multinomial", probs, "probs");
  if (probs.dim() != 1 && probs.dim() != 2) {
    fail("multinomial",
         "probs must be 1-D [V] or 2-D [N, V], got shape " + shape_str(probs.shape()));
  }
  const int64_t v = probs.size(-1);
  if (num_samples <= 0) {
    fail("multinomial", "num_samples must be positive, got " + std::to_string(num_samples));
  }
  if (!replacement && num_samples > v) {
    fail("multinomial", "cannot draw " + std::to_string(num_samples) +
                            " samples without replacement from " + std::to_string(v) +
                            " categories (probs of shape " + shape_str(probs.shape()) + ")");
  }
  check_sampling_weights(probs, num_samples, replacement);
  const bool two_d = probs.dim() == 2;
  const int64_t rows = two_d ? probs.size(0) : 1;
  Tensor out = empty({rows, num_samples}, kInt64, probs.device());
  kernels_for(out).multinomial(view(probs.detach(), {rows, v}), replacement,
                               gen ? *gen : default_generator(), out);
  return two_d ? out : view(out, {num_samples});
}

std::pair<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim, bool largest) {
  return ordered("topk", x, dim, largest, k);
}

std::pair<Tensor, Tensor> sort(const Tensor& x, int64_t dim, bool descending) {
  return ordered("sort", x, dim, descending, std::nullopt);
}

}  // namespace buildgpt
