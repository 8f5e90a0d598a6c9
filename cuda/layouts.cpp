#include "cuda/layouts.cuh"

#include "autograd/cpu/pointwise.h"
#include "autograd/tensor.h"

namespace buildgpt::cuda {

Broadcast broadcast_layout(const Shape& a_shape, const Shape& b_shape, const Shape& out_shape,
                           const char* op) {
  const std::vector<int64_t> as = cpu::broadcast_strides(a_shape, out_shape);
  const std::vector<int64_t> bs = cpu::broadcast_strides(b_shape, out_shape);
  // Walk from the innermost dimension, skipping sizes of 1 and merging a dimension into the one
  // inside it when both inputs step through them as through one.
  int64_t size[64], sa[64], sb[64];
  int nd = 0;
  for (size_t d = out_shape.size(); d-- > 0;) {
    if (out_shape[d] == 1) continue;
    if (nd > 0 && as[d] == sa[nd - 1] * size[nd - 1] && bs[d] == sb[nd - 1] * size[nd - 1]) {
      size[nd - 1] *= out_shape[d];
      continue;
    }
    if (nd == 64) fail(op, "too many dimensions");
    size[nd] = out_shape[d];
    sa[nd] = as[d];
    sb[nd] = bs[d];
    ++nd;
  }
  if (nd > kMaxDims) {
    fail(op, "the CUDA kernels broadcast at most " + std::to_string(kMaxDims) +
                 " dimensions that cannot be merged, got " + shape_str(a_shape) + " and " +
                 shape_str(b_shape) + " to " + shape_str(out_shape));
  }
  Broadcast l;
  l.nd = nd == 0 ? 1 : nd;  // a single element: one dimension of size 1
  if (nd == 0) {
    l.size[0] = 1;
    l.a[0] = l.b[0] = 0;
  }
  for (int i = 0; i < nd; ++i) {  // outermost first
    l.size[i] = size[nd - 1 - i];
    l.a[i] = sa[nd - 1 - i];
    l.b[i] = sb[nd - 1 - i];
  }
  return l;
}

Strided permute_layout(const Shape& in_shape, const Dims& perm) {
  const std::vector<int64_t> in_strides = contiguous_strides(in_shape);
  // Output dimensions outermost first, sizes of 1 dropped, neighbours merged when they are
  // neighbours in the same order in the input too.
  std::vector<int64_t> size, stride;
  for (size_t i = 0; i < perm.size(); ++i) {
    const int64_t s = in_shape[perm[i]], st = in_strides[perm[i]];
    if (s == 1) continue;
    if (!size.empty() && stride.back() == st * s) {
      size.back() *= s;
      stride.back() = st;
      continue;
    }
    size.push_back(s);
    stride.push_back(st);
  }
  if (size.empty()) {
    size = {1};
    stride = {0};
  }
  if (size.size() > static_cast<size_t>(kMaxDims)) {
    fail("permute", "the CUDA kernel handles at most " + std::to_string(kMaxDims) +
                        " dimensions that cannot be merged, got " + shape_str(in_shape));
  }
  Strided l;
  l.nd = static_cast<int>(size.size());
  for (int d = 0; d < l.nd; ++d) {
    l.size[d] = size[d];
    l.stride[d] = stride[d];
  }
  return l;
}

IndexLayout index_layout(const Shape& index_shape, const Shape& other, int64_t dim,
                         const char* op) {
  if (index_shape.size() > static_cast<size_t>(kMaxDims)) {
    fail(op, "the CUDA kernels handle at most " + std::to_string(kMaxDims) + " dimensions, got " +
                 shape_str(index_shape));
  }
  IndexLayout l;
  l.nd = static_cast<int>(index_shape.size());
  l.dim = static_cast<int>(dim);
  const std::vector<int64_t> strides = contiguous_strides(other);
  for (int d = 0; d < l.nd; ++d) {
    l.size[d] = index_shape[d];
    l.stride[d] = strides[d];
  }
  return l;
}

}  // namespace buildgpt::cuda
