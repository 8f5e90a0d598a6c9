// Changing shape and layout, and cutting and joining tensors (shape_ops.cpp, join.cpp).
// view/reshape/squeeze/unsqueeze/flatten share storage; the rest write new storage.
#pragma once

#include <vector>

#include "autograd/tensor.h"

namespace buildgpt {

// shape may hold one -1, inferred from the number of elements.
Tensor view(const Tensor& x, const Shape& shape);
Tensor reshape(const Tensor& x, const Shape& shape);
Tensor contiguous(const Tensor& x);
Tensor flatten(const Tensor& x, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1);
Tensor permute(const Tensor& x, const Dims& dims);
Tensor squeeze(const Tensor& x);
Tensor squeeze(const Tensor& x, int64_t dim);
Tensor unsqueeze(const Tensor& x, int64_t dim);
// Repeats size-1 dimensions (and adds leading ones) to reach `shape`; -1 keeps a size.
Tensor expand(const Tensor& x, const Shape& shape);
Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length);
// x[start:end:step] along dim, Python-style: negative start/end count from the end and are
// clamped to the size.
Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end, int64_t step = 1);
// The sub-tensor at `index` along dim, with that dimension removed.
Tensor select(const Tensor& x, int64_t dim, int64_t index);

Tensor cat(const std::vector<Tensor>& tensors, int64_t dim = 0);
Tensor stack(const std::vector<Tensor>& tensors, int64_t dim = 0);
// Pieces of split_size along dim (the last may be smaller).
std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim = 0);
// `chunks` pieces of ceil(size / chunks) along dim (the last may be smaller, or fewer pieces).
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim = 0);

}  // namespace buildgpt
