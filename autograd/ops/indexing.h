// Picking elements by index (index_select, gather: indexing.cpp), and the triangles and one-hot
// encoding (tril, triu, one_hot: triangular.cpp).
#pragma once

#include "autograd/tensor.h"

namespace buildgpt {

// The slices of x at the int64 indices `index` (1-D) along dim.
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);
// out[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (and likewise for other dims); index int64
// with the same number of dimensions as x.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
// Lower/upper triangle of the last two dimensions; the rest becomes zero.
Tensor tril(const Tensor& x, int64_t diagonal = 0);
Tensor triu(const Tensor& x, int64_t diagonal = 0);
// int64 ids -> int64 tensor with a trailing dimension of num_classes holding a single 1.
Tensor one_hot(const Tensor& ids, int64_t num_classes);

}  // namespace buildgpt
