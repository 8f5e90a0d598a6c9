// NumPy broadcasting on the GPU: each output element's offsets into two inputs, from a layout
// with the dimensions that can be walked as one merged together, so the common cases (same
// shapes, a scalar, a row vector) take a single dimension and no division.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "autograd/shape.h"

namespace buildgpt::cuda {

constexpr int kMaxDims = 12;

struct Broadcast {
  int nd = 0;
  int64_t size[kMaxDims];
  int64_t a[kMaxDims], b[kMaxDims];  // each input's element stride per dimension; 0 = broadcast

  // The offsets into a and b of output element i.
  __device__ void offsets(int64_t i, int64_t& ao, int64_t& bo) const {
    if (nd == 1) {
      ao = i * a[0];
      bo = i * b[0];
      return;
    }
    ao = 0;
    bo = 0;
    for (int d = nd - 1; d >= 0; --d) {
      const int64_t c = i % size[d];
      i /= size[d];
      ao += c * a[d];
      bo += c * b[d];
    }
  }
};

// The layout of a_shape and b_shape broadcast to out_shape; throws naming `op` when more than
// kMaxDims dimensions remain after merging.
Broadcast broadcast_layout(const Shape& a_shape, const Shape& b_shape, const Shape& out_shape,
                           const char* op);

}  // namespace buildgpt::cuda
