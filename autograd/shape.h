// Shapes: sizes of each dimension, row-major and contiguous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace buildgpt {

using Shape = std::vector<int64_t>;

// The number of elements. Throws std::invalid_argument naming the shape when a size is negative
// or the product of the non-zero sizes does not fit in int64 (so no product of sizes overflows).
int64_t shape_numel(const Shape& shape);
// The bytes of `shape` elements of `element_size` bytes each; throws std::invalid_argument
// naming the shape when they do not fit in int64.
size_t shape_nbytes(const Shape& shape, size_t element_size);
std::string shape_str(const Shape& shape);
// Row-major strides, in elements.
std::vector<int64_t> contiguous_strides(const Shape& shape);
// A dimension index in [-ndim, ndim) made non-negative; throws naming `op` when out of range.
int64_t normalize_dim(int64_t dim, int64_t ndim, const char* op);
// The NumPy broadcast of two shapes; throws naming `op` and both shapes when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);
// Product of sizes before `dim`, the size at `dim`, product after: a tensor seen as [outer, n,
// inner].
struct DimSplit {
  int64_t outer, n, inner;
};
DimSplit split_at(const Shape& shape, int64_t dim);

}  // namespace buildgpt
