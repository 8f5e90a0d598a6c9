#include "cuda/broadcast.cuh"

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

}  // namespace buildgpt::cuda
