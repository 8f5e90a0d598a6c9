// Dimension-list helpers shared by the reductions (reduce.cpp, minmax.cpp, moments.cpp).
#pragma once

#include <algorithm>
#include <string>

#include "autograd/tensor.h"

namespace buildgpt {

// Sorted, de-duplicated, non-negative dimensions; an empty list means every dimension.
inline Dims normalize_dims(const char* op, const Dims& dims, int64_t ndim) {
  Dims out;
  if (dims.empty()) {
    for (int64_t d = 0; d < ndim; ++d) out.push_back(d);
    return out;
  }
  for (int64_t d : dims) out.push_back(normalize_dim(d, ndim, op));
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end()) {
    fail(op, "dimension listed twice in " + shape_str(dims));
  }
  return out;
}

// The shape after reducing `dims` (kept as size 1, or removed).
inline Shape reduced_shape(const Shape& shape, const Dims& dims, bool keepdim) {
  Shape out;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    const bool reduced = std::binary_search(dims.begin(), dims.end(), d);
    if (!reduced) {
      out.push_back(shape[d]);
    } else if (keepdim) {
      out.push_back(1);
    }
  }
  return out;
}

// The number of elements each output of a reduction over `dims` combines.
inline int64_t reduced_count(const Shape& shape, const Dims& dims) {
  int64_t count = 1;
  for (int64_t d : dims) count *= shape[d];
  return count;
}

}  // namespace buildgpt
