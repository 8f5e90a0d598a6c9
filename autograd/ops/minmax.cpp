// max/min, amax/amin and argmax/argmin. One kernel finds the first extreme index along a
// dimension for all of them (NaN counts as the extreme, so it propagates); values are then
// gathered at those indices.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/indexing.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/reduce_util.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

enum class Extreme { Max, Min };

void check_not_empty(const char* op, const Shape& shape, int64_t dim) {
  if (shape[dim] == 0) {
    fail(op, "cannot reduce dimension " + std::to_string(dim) + " of size 0 in shape " +
                 shape_str(shape));
  }
}

// int64 index of the first extreme along dim, which is kept as size 1.
Tensor arg_extreme(const char* op, const Tensor& x, int64_t dim, Extreme kind) {
  check_defined(op, x);
  check_numeric(op, x);
  const int64_t d = normalize_dim(dim, x.dim(), op);
  Shape shape = x.shape();
  if (!shape.empty()) {
    check_not_empty(op, shape, d);
    shape[d] = 1;
  }
  Tensor out = empty(shape, kInt64, x.device());
  kernels_for(out).arg_extreme(x, d, kind == Extreme::Max, out);
  return out;
}

// Values along dim; gather sends the gradient to the index found.
Tensor extreme_dim(const char* op, const Tensor& x, int64_t dim, bool keepdim, Extreme kind) {
  Tensor out = gather(x, dim, arg_extreme(op, x, dim, kind));
  return keepdim ? out : squeeze(out, dim);
}

Tensor arg_extreme_dim(const char* op, const Tensor& x, int64_t dim, bool keepdim, Extreme kind) {
  Tensor out = arg_extreme(op, x, dim, kind);
  return keepdim ? out : squeeze(out, dim);
}

// Index into the flattened tensor, as a 0-d int64 tensor.
Tensor arg_extreme_all(const char* op, const Tensor& x, Extreme kind) {
  check_defined(op, x);
  if (x.numel() == 0) fail(op, "cannot reduce over zero elements of shape " + shape_str(x.shape()));
  return view(arg_extreme(op, reshape(x, {-1}), 0, kind), {});
}

// Extreme over several dimensions (all of them when dims is empty), one dimension at a time.
Tensor extreme_dims(const char* op, const Tensor& x, const Dims& dims, bool keepdim, Extreme kind) {
  check_defined(op, x);
  check_numeric(op, x);
  const Dims ds = normalize_dims(op, dims, x.dim());
  for (int64_t d : ds) check_not_empty(op, x.shape(), d);
  Tensor out = ds.empty() ? x.detach().clone() : x.detach();
  for (int64_t d : ds) out = gather(out, d, arg_extreme(op, out, d, kind));
  const Shape kept = reduced_shape(x.shape(), ds, true);
  out = view(out, reduced_shape(x.shape(), ds, keepdim));
  // d amax(x) = dy shared evenly among the elements equal to the extreme
  return record(op, out, {x},
                [x = x.detach(), y = view(out.detach(), kept), kept, ds](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  const Tensor mask = eq(x, y).to(kFloat32);  // 1 where x is the extreme
                  return {mul(mask, div(view(g, kept), sum(mask, ds, true)))};
                });
}

}  // namespace

Tensor max(const Tensor& x) { return extreme_dims("max", x, {}, false, Extreme::Max); }
Tensor min(const Tensor& x) { return extreme_dims("min", x, {}, false, Extreme::Min); }
Tensor max(const Tensor& x, int64_t dim, bool keepdim) {
  return extreme_dim("max", x, dim, keepdim, Extreme::Max);
}
Tensor min(const Tensor& x, int64_t dim, bool keepdim) {
  return extreme_dim("min", x, dim, keepdim, Extreme::Min);
}
Tensor amax(const Tensor& x, const Dims& dims, bool keepdim) {
  return extreme_dims("amax", x, dims, keepdim, Extreme::Max);
}
Tensor amin(const Tensor& x, const Dims& dims, bool keepdim) {
  return extreme_dims("amin", x, dims, keepdim, Extreme::Min);
}
Tensor argmax(const Tensor& x) { return arg_extreme_all("argmax", x, Extreme::Max); }
Tensor argmin(const Tensor& x) { return arg_extreme_all("argmin", x, Extreme::Min); }
Tensor argmax(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_extreme_dim("argmax", x, dim, keepdim, Extreme::Max);
}
Tensor argmin(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_extreme_dim("argmin", x, dim, keepdim, Extreme::Min);
}

Tensor Tensor::max() const { return buildgpt::max(*this); }
Tensor Tensor::max(int64_t dim, bool keepdim) const { return buildgpt::max(*this, dim, keepdim); }
Tensor Tensor::min() const { return buildgpt::min(*this); }
Tensor Tensor::min(int64_t dim, bool keepdim) const { return buildgpt::min(*this, dim, keepdim); }
Tensor Tensor::argmax(int64_t dim, bool keepdim) const {
  return buildgpt::argmax(*this, dim, keepdim);
}
Tensor Tensor::argmin(int64_t dim, bool keepdim) const {
  return buildgpt::argmin(*this, dim, keepdim);
}

}  // namespace buildgpt
