// Triangles of matrices (tril, triu) and one-hot encoding.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/indexing.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/value_checks.h"

namespace buildgpt {
namespace {

// x with every element (row i, column j) of its last two dimensions zeroed outside the triangle
// j - i <= diagonal (lower) or j - i >= diagonal (upper).
Tensor triangle(const char* op, const Tensor& x, int64_t diagonal, bool lower) {
  check_defined(op, x);
  if (x.dim() < 2) fail(op, "needs at least 2 dimensions, got shape " + shape_str(x.shape()));
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  kernels_for(out).triangle(x, diagonal, lower, out);
  return out;
}

}  // namespace

Tensor tril(const Tensor& x, int64_t diagonal) {
  Tensor out = triangle("tril", x, diagonal, true);
  // d tril(x) = tril(dx)
  return record("tril", out, {x}, [diagonal](const Tensor& g, const NeedsGrad&) -> Grads {
    return {tril(g, diagonal)};
  });
}

Tensor triu(const Tensor& x, int64_t diagonal) {
  Tensor out = triangle("triu", x, diagonal, false);
  // d triu(x) = triu(dx)
  return record("triu", out, {x}, [diagonal](const Tensor& g, const NeedsGrad&) -> Grads {
    return {triu(g, diagonal)};
  });
}

Tensor one_hot(const Tensor& ids, int64_t num_classes) {
  check_dtype("one_hot", ids, kInt64, "ids");
  if (num_classes <= 0) {
    fail("one_hot", "num_classes must be positive, got " + std::to_string(num_classes));
  }
  if (const auto id = first_outside(ids, num_classes)) {
    fail("one_hot", "id " + std::to_string(*id) + " is out of range for num_classes " +
                        std::to_string(num_classes));
  }
  // one_hot(ids)[..., c] = [ids[...] == c]: a 1 added at each id's column of zeros
  Shape shape = ids.shape();
  shape.push_back(num_classes);
  Tensor out = zeros(shape, kInt64, ids.device());
  const Tensor columns = unsqueeze(ids.detach(), -1);
  kernels_for(out).scatter_add(ones(columns.shape(), kInt64, ids.device()), -1 + out.dim(), columns,
                               out);
  return out;
}

Tensor Tensor::tril(int64_t diagonal) const { return buildgpt::tril(*this, diagonal); }
Tensor Tensor::triu(int64_t diagonal) const { return buildgpt::triu(*this, diagonal); }

}  // namespace buildgpt
