// Layout changes that write new storage: transpose, permute, narrow/slice, select.
#include "autograd/ops/shape_ops.h"

#include <algorithm>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

// The int64 indices start, start + step, ... (count of them) on `device`.
Tensor positions(int64_t start, int64_t step, int64_t count, Device device) {
  const auto first = static_cast<double>(start);
  return arange(first, first + static_cast<double>(count * step), static_cast<double>(step), kInt64,
                device);
}

}  // namespace

Tensor permute(const Tensor& x, const Dims& dims) {
  check_defined("permute", x);
  if (static_cast<int64_t>(dims.size()) != x.dim()) {
    fail("permute", "needs " + std::to_string(x.dim()) + " dimensions for shape " +
                        shape_str(x.shape()) + ", got " + shape_str(dims));
  }
  Dims perm(dims.size()), inverse(dims.size(), -1);
  for (size_t i = 0; i < dims.size(); ++i) {
    perm[i] = normalize_dim(dims[i], x.dim(), "permute");
    if (inverse[perm[i]] != -1) fail("permute", "dimension repeated in " + shape_str(dims));
    inverse[perm[i]] = static_cast<int64_t>(i);
  }
  Shape out_shape(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out_shape[i] = x.shape()[perm[i]];
  Tensor out = empty(out_shape, x.dtype(), x.device());
  kernels_for(out).permute(x, perm, out);
  // d permute(x) = permute⁻¹(dy)
  return record("permute", out, {x}, [inverse](const Tensor& g, const NeedsGrad&) -> Grads {
    return {permute(g, inverse)};
  });
}

Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1) {
  check_defined("transpose", x);
  Dims perm(x.dim());
  for (int64_t i = 0; i < x.dim(); ++i) perm[i] = i;
  if (x.dim() == 0) return x;
  std::swap(perm[normalize_dim(dim0, x.dim(), "transpose")],
            perm[normalize_dim(dim1, x.dim(), "transpose")]);
  return permute(x, perm);
}

Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end, int64_t step) {
  check_defined("slice", x);
  if (x.dim() == 0) fail("slice", "cannot slice a 0-dimensional tensor");
  if (step <= 0) fail("slice", "step must be positive, got " + std::to_string(step));
  const int64_t d = normalize_dim(dim, x.dim(), "slice"), size = x.shape()[d];
  auto clamp_index = [size](int64_t i) {
    return std::clamp<int64_t>(i < 0 ? i + size : i, 0, size);
  };
  const int64_t b = clamp_index(start), e = std::max(b, clamp_index(end));
  const int64_t count = (e - b + step - 1) / step;
  const Tensor index = positions(b, step, count, x.device());
  Shape out_shape = x.shape();
  out_shape[d] = count;
  Tensor out = empty(out_shape, x.dtype(), x.device());
  kernels_for(out).index_select(x, d, index, out);
  // d slice(x) = dy placed back at the sliced positions, zero elsewhere
  return record("slice", out, {x},
                [in = x.shape(), d, index](const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dx = zeros(in, kFloat32, g.device());
                  kernels_for(dx).index_add(g, d, index, dx);
                  return {dx};
                });
}

Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length) {
  check_defined("narrow", x);
  if (x.dim() == 0) fail("narrow", "cannot narrow a 0-dimensional tensor");
  const int64_t d = normalize_dim(dim, x.dim(), "narrow"), size = x.shape()[d];
  if (start < 0) start += size;
  if (start < 0 || length < 0 || start + length > size) {
    fail("narrow", "start " + std::to_string(start) + " and length " + std::to_string(length) +
                       " do not fit dimension " + std::to_string(d) + " of size " +
                       std::to_string(size) + " in shape " + shape_str(x.shape()));
  }
  return slice(x, d, start, start + length);
}

Tensor select(const Tensor& x, int64_t dim, int64_t index) {
  check_defined("select", x);
  if (x.dim() == 0) fail("select", "cannot select from a 0-dimensional tensor");
  const int64_t d = normalize_dim(dim, x.dim(), "select"), size = x.shape()[d];
  if (index < -size || index >= size) {
    fail("select", "index " + std::to_string(index) + " is out of range for dimension " +
                       std::to_string(d) + " of size " + std::to_string(size) + " in shape " +
                       shape_str(x.shape()));
  }
  if (index < 0) index += size;
  return squeeze(narrow(x, d, index, 1), d);
}

Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const {
  return buildgpt::transpose(*this, dim0, dim1);
}
Tensor Tensor::t() const {
  if (dim() != 2) fail("t", "expects a 2-D tensor, got shape " + shape_str(shape()));
  return buildgpt::transpose(*this, 0, 1);
}
Tensor Tensor::permute(const Dims& dims) const { return buildgpt::permute(*this, dims); }
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return buildgpt::narrow(*this, dim, start, length);
}
Tensor Tensor::slice(int64_t dim, int64_t start, int64_t end, int64_t step) const {
  return buildgpt::slice(*this, dim, start, end, step);
}
Tensor Tensor::select(int64_t dim, int64_t index) const {
  return buildgpt::select(*this, dim, index);
}

}  // namespace buildgpt
