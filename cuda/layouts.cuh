// Where the elements of a kernel's inputs sit for each output element: NumPy broadcasting of two
// inputs, a permuted copy, and the picks of gather and scatter_add. Each layout is worked out on
// the host (dimensions that can be walked as one are merged, so the common cases index with one
// dimension and no division) and passed by value to the kernel, which calls its offset function.
// Host and device functions, so the tests check them on the host too.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "autograd/tensor.h"

namespace buildgpt::cuda {

constexpr int kMaxDims = 12;

// Broadcasting: the offsets into inputs a and b of output element i.
struct Broadcast {
  int nd = 0;
  int64_t size[kMaxDims];
  int64_t a[kMaxDims], b[kMaxDims];  // each input's element stride per dimension; 0 = broadcast

  __host__ __device__ void offsets(int64_t i, int64_t& ao, int64_t& bo) const {
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

// A strided walk: offset(i) is where the element numbered i in row-major order over `size` sits.
struct Strided {
  int nd = 0;
  int64_t size[kMaxDims];
  int64_t stride[kMaxDims];

  __host__ __device__ int64_t offset(int64_t i) const {
    int64_t off = 0;
    for (int d = nd - 1; d >= 0; --d) {
      off += (i % size[d]) * stride[d];
      i /= size[d];
    }
    return off;
  }
};

// gather and scatter_add: element k of `index` picks, in the other tensor, the element with k's
// coordinates over index's shape and the index's value along dim.
struct IndexLayout {
  int nd = 0, dim = 0;
  int64_t size[kMaxDims];    // index's shape
  int64_t stride[kMaxDims];  // the other tensor's strides

  __host__ __device__ int64_t offset(int64_t k, int64_t picked) const {
    int64_t off = 0;
    for (int d = nd - 1; d >= 0; --d) {
      off += (d == dim ? picked : k % size[d]) * stride[d];
      k /= size[d];
    }
    return off;
  }
};

// Each throws naming `op` when more than kMaxDims dimensions remain after merging.
Broadcast broadcast_layout(const Shape& a_shape, const Shape& b_shape, const Shape& out_shape,
                           const char* op);
// Output dimension i of the copy is input dimension perm[i].
Strided permute_layout(const Shape& in_shape, const Dims& perm);
IndexLayout index_layout(const Shape& index_shape, const Shape& other, int64_t dim, const char* op);

}  // namespace buildgpt::cuda
