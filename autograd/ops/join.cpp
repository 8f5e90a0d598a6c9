// Joining tensors (cat, stack) and cutting one into pieces (split, chunk).
#include <algorithm>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

// Every tensor defined, of the first one's dtype and device; returns the first.
const Tensor& check_list(const char* op, const std::vector<Tensor>& tensors) {
  if (tensors.empty()) fail(op, "needs at least one tensor, got an empty list");
  for (const Tensor& t : tensors) {
    check_defined(op, t);
    check_same_dtype(op, tensors[0], t);
    check_same_device(op, tensors[0], t);
  }
  return tensors[0];
}

std::string tensor_shape(size_t i, const Tensor& t) {
  return "tensor " + std::to_string(i) + " of shape " + shape_str(t.shape());
}

}  // namespace

Tensor cat(const std::vector<Tensor>& tensors, int64_t dim) {
  const Tensor& first = check_list("cat", tensors);
  if (first.dim() == 0) fail("cat", "cannot concatenate 0-dimensional tensors");
  const int64_t d = normalize_dim(dim, first.dim(), "cat");
  Shape shape = first.shape();
  shape[d] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Shape& s = tensors[i].shape();
    bool fits = s.size() == first.shape().size();
    for (size_t k = 0; fits && k < s.size(); ++k) {
      fits = static_cast<int64_t>(k) == d || s[k] == first.shape()[k];
    }
    if (!fits) {
      fail("cat", tensor_shape(i, tensors[i]) + " does not match " + tensor_shape(0, first) +
                      " outside dimension " + std::to_string(d));
    }
    shape[d] += s[d];
  }
  Tensor out = empty(shape, first.dtype(), first.device());
  std::vector<int64_t> offsets, sizes;
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    offsets.push_back(offset);
    sizes.push_back(t.shape()[d]);
    kernels_for(out).copy_into_slice(t, out, d, offset);
    offset += t.shape()[d];
  }
  // d cat(x₀, x₁, ...) = (dy[offset₀ : offset₀ + n₀], dy[offset₁ : ...], ...) along dim
  return record("cat", out, tensors,
                [d, offsets, sizes](const Tensor& g, const NeedsGrad& needs) -> Grads {
                  Grads grads(offsets.size());
                  for (size_t i = 0; i < offsets.size(); ++i) {
                    if (needs[i]) grads[i] = narrow(g, d, offsets[i], sizes[i]);
                  }
                  return grads;
                });
}

Tensor stack(const std::vector<Tensor>& tensors, int64_t dim) {
  const Tensor& first = check_list("stack", tensors);
  const int64_t d = normalize_dim(dim, first.dim() + 1, "stack");
  std::vector<Tensor> parts;
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].shape() != first.shape()) {
      fail("stack", tensor_shape(i, tensors[i]) + " does not match " + tensor_shape(0, first) +
                        " (stacking along dimension " + std::to_string(d) + ")");
    }
    parts.push_back(unsqueeze(tensors[i], d));
  }
  return cat(parts, d);
}

std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim) {
  check_defined("split", x);
  if (x.dim() == 0) fail("split", "cannot split a 0-dimensional tensor");
  if (split_size <= 0) {
    fail("split", "split_size must be positive, got " + std::to_string(split_size));
  }
  const int64_t d = normalize_dim(dim, x.dim(), "split"), size = x.shape()[d];
  std::vector<Tensor> pieces;
  for (int64_t start = 0; start < size; start += split_size) {
    pieces.push_back(narrow(x, d, start, std::min(split_size, size - start)));
  }
  if (pieces.empty()) pieces.push_back(narrow(x, d, 0, 0));
  return pieces;
}

std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim) {
  check_defined("chunk", x);
  if (x.dim() == 0) fail("chunk", "cannot chunk a 0-dimensional tensor");
  if (chunks <= 0) fail("chunk", "chunks must be positive, got " + std::to_string(chunks));
  const int64_t d = normalize_dim(dim, x.dim(), "chunk"), size = x.shape()[d];
  if (size == 0) return std::vector<Tensor>(chunks, narrow(x, d, 0, 0));
  return split(x, (size + chunks - 1) / chunks, d);
}

}  // namespace buildgpt
