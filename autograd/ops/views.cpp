// Ops that only relabel the shape: the result shares the input's storage.
#include "autograd/graph.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// Resolves a single -1 in `shape` so that it holds `numel` elements; throws naming `op`.
Shape infer_shape(const char* op, const Shape& input, Shape shape) {
  int64_t known = 1, infer_at = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (infer_at >= 0) fail(op, "only one dimension can be -1, got " + shape_str(shape));
      infer_at = static_cast<int64_t>(i);
    } else if (shape[i] < 0) {
      fail(op, "invalid size " + std::to_string(shape[i]) + " in " + shape_str(shape));
    } else if (__builtin_mul_overflow(known, shape[i], &known)) {
      fail(op, "shape " + shape_str(shape) + " has more elements than a 64-bit count holds");
    }
  }
  const int64_t numel = shape_numel(input);
  if (infer_at >= 0) {
    if (known == 0 || numel % known != 0) {
      fail(op, "shape " + shape_str(shape) + " is invalid for an input of shape " +
                   shape_str(input) + " (" + std::to_string(numel) + " elements)");
    }
    shape[infer_at] = numel / known;
  }
  if (shape_numel(shape) != numel) {
    fail(op, "shape " + shape_str(shape) + " is invalid for an input of shape " + shape_str(input) +
                 " (" + std::to_string(numel) + " elements)");
  }
  return shape;
}

// A tensor sharing x's storage under another shape of the same size; d view(x) = view⁻¹(dy).
Tensor relabel(const char* op, const Tensor& x, const Shape& shape) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = x.impl()->storage;
  impl->shape = shape;
  impl->dtype = x.dtype();
  return record(
      op, Tensor(std::move(impl)), {x},
      [in = x.shape()](const Tensor& g, const NeedsGrad&) -> Grads { return {view(g, in)}; });
}

}  // namespace

Tensor view(const Tensor& x, const Shape& shape) {
  check_defined("view", x);
  return relabel("view", x, infer_shape("view", x.shape(), shape));
}

Tensor reshape(const Tensor& x, const Shape& shape) {
  check_defined("reshape", x);
  return relabel("reshape", x, infer_shape("reshape", x.shape(), shape));
}

Tensor contiguous(const Tensor& x) {
  check_defined("contiguous", x);
  return x;  // storage is always contiguous
}

Tensor flatten(const Tensor& x, int64_t start_dim, int64_t end_dim) {
  check_defined("flatten", x);
  if (x.dim() == 0) return relabel("flatten", x, {1});
  const int64_t s = normalize_dim(start_dim, x.dim(), "flatten");
  const int64_t e = normalize_dim(end_dim, x.dim(), "flatten");
  if (s > e)
    fail("flatten", "start_dim " + std::to_string(start_dim) + " comes after end_dim " +
                        std::to_string(end_dim));
  Shape shape(x.shape().begin(), x.shape().begin() + s);
  int64_t merged = 1;
  for (int64_t i = s; i <= e; ++i) merged *= x.shape()[i];
  shape.push_back(merged);
  shape.insert(shape.end(), x.shape().begin() + e + 1, x.shape().end());
  return relabel("flatten", x, shape);
}

Tensor squeeze(const Tensor& x) {
  check_defined("squeeze", x);
  Shape shape;
  for (int64_t s : x.shape()) {
    if (s != 1) shape.push_back(s);
  }
  return relabel("squeeze", x, shape);
}

Tensor squeeze(const Tensor& x, int64_t dim) {
  check_defined("squeeze", x);
  const int64_t d = normalize_dim(dim, x.dim(), "squeeze");
  Shape shape = x.shape();
  if (x.dim() > 0 && shape[d] == 1) shape.erase(shape.begin() + d);
  return relabel("squeeze", x, shape);
}

Tensor unsqueeze(const Tensor& x, int64_t dim) {
  check_defined("unsqueeze", x);
  const int64_t d = normalize_dim(dim, x.dim() + 1, "unsqueeze");
  Shape shape = x.shape();
  shape.insert(shape.begin() + d, 1);
  return relabel("unsqueeze", x, shape);
}

Tensor Tensor::view(const Shape& shape) const { return buildgpt::view(*this, shape); }
Tensor Tensor::reshape(const Shape& shape) const { return buildgpt::reshape(*this, shape); }
Tensor Tensor::contiguous() const { return buildgpt::contiguous(*this); }
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  return buildgpt::flatten(*this, start_dim, end_dim);
}
Tensor Tensor::squeeze() const { return buildgpt::squeeze(*this); }
Tensor Tensor::squeeze(int64_t dim) const { return buildgpt::squeeze(*this, dim); }
Tensor Tensor::unsqueeze(int64_t dim) const { return buildgpt::unsqueeze(*this, dim); }

}  // namespace buildgpt
