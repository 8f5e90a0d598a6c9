// index_select and gather: picking elements by int64 indices. Each backward scatter-adds the
// gradient back to the picked positions, so repeated indices accumulate.
#include "autograd/ops/indexing.h"

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/value_checks.h"

namespace buildgpt {
namespace {

// Every index in [0, size of dim) (a 0-d shape counts as size 1); the error names the op, the
// bad value and the size.
void check_indices(const char* op, const Tensor& index, int64_t dim, const Shape& shape) {
  const int64_t size = shape.empty() ? 1 : shape[dim];
  if (const auto i = first_outside(index, size)) {
    fail(op, "index " + std::to_string(*i) + " is out of range for dimension " +
                 std::to_string(dim) + " of size " + std::to_string(size) + " in shape " +
                 shape_str(shape));
  }
}

}  // namespace

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  check_defined("index_select", x);
  check_dtype("index_select", index, kInt64, "index");
  check_same_device("index_select", x, index);
  if (x.dim() == 0) fail("index_select", "cannot index a 0-dimensional tensor");
  if (index.dim() != 1) {
    fail("index_select", "index must be 1-D, got shape " + shape_str(index.shape()));
  }
  const int64_t d = normalize_dim(dim, x.dim(), "index_select");
  check_indices("index_select", index, d, x.shape());
  Shape out_shape = x.shape();
  out_shape[d] = index.numel();
  Tensor out = empty(out_shape, x.dtype(), x.device());
  kernels_for(out).index_select(x, d, index, out);
  // d index_select(x)[.., j, ..] = dx[.., index[j], ..]: dy scatter-added at the indices
  return record("index_select", out, {x},
                [in = x.shape(), d, index](const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dx = zeros(in, kFloat32, g.device());
                  kernels_for(dx).index_add(g, d, index, dx);
                  return {dx};
                });
}

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  check_defined("gather", x);
  check_dtype("gather", index, kInt64, "index");
  check_same_device("gather", x, index);
  const int64_t d = normalize_dim(dim, x.dim(), "gather");
  bool fits = index.dim() == x.dim();
  for (int64_t i = 0; fits && i < x.dim(); ++i) {
    fits = i == d || index.shape()[i] <= x.shape()[i];
  }
  if (!fits) {
    fail("gather", "index of shape " + shape_str(index.shape()) + " does not fit input of shape " +
                       shape_str(x.shape()) + " outside dimension " + std::to_string(d) +
                       " (same number of dimensions, sizes no larger)");
  }
  check_indices("gather", index, d, x.shape());
  Tensor out = empty(index.shape(), x.dtype(), x.device());
  kernels_for(out).gather(x, d, index, out);
  // d gather(x)[k] = dx[where index[k] points]: dy scatter-added there
  return record("gather", out, {x},
                [in = x.shape(), d, index](const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dx = zeros(in, kFloat32, g.device());
                  kernels_for(dx).scatter_add(g, d, index, dx);
                  return {dx};
                });
}

Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return buildgpt::index_select(*this, dim, index);
}
Tensor Tensor::gather(int64_t dim, const Tensor& index) const {
  return buildgpt::gather(*this, dim, index);
}

}  // namespace buildgpt
