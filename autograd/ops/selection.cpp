// multinomial, topk and sort: ops that pick indices, so they record no gradients.
#include "autograd/ops/selection.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/host_values.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// Where a weight sits, as "[col]" or "[row, col]".
std::string position(int64_t row, int64_t col, bool two_d) {
  return shape_str(two_d ? Shape{row, col} : Shape{col});
}

// Checks one row of weights: finite, non-negative, not all zero, and enough of them non-zero
// for `count` draws without replacement.
void check_weights(const float* w, int64_t v, int64_t row, bool two_d, int64_t count,
                   bool replacement) {
  double total = 0;
  int64_t nonzero = 0;
  for (int64_t i = 0; i < v; ++i) {
    if (!std::isfinite(w[i])) {
      fail("multinomial", "weights must be finite, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    if (w[i] < 0) {
      fail("multinomial", "weights must be non-negative, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    total += w[i];
    nonzero += w[i] > 0;
  }
  if (total == 0) {
    fail("multinomial", two_d ? "row " + std::to_string(row) + " of the weights sums to zero"
                              : std::string("the weights sum to zero"));
  }
  if (!replacement && count > nonzero) {
    fail("multinomial", "cannot draw " + std::to_string(count) +
                            " samples without replacement from " +
                            (two_d ? "row " + std::to_string(row) : std::string("weights")) +
                            " with only " + std::to_string(nonzero) + " non-zero weights");
  }
}

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
  const bool two_d = probs.dim() == 2;
  const int64_t rows = two_d ? probs.size(0) : 1;
  read_on_host<float>(probs, [&](const float* w, int64_t) {
    for (int64_t r = 0; r < rows; ++r) {
      check_weights(w + r * v, v, r, two_d, num_samples, replacement);
    }
  });
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
