#include "autograd/shape.h"

#include <stdexcept>

namespace buildgpt {

int64_t shape_numel(const Shape& shape) {
  // The product of the non-zero sizes must fit even when a zero makes the count 0: products of
  // the other sizes (strides, the rows of a reduction) are computed from the shape too.
  int64_t nonzero = 1;
  bool has_zero = false;
  for (int64_t s : shape) {
    if (s < 0) throw std::invalid_argument("shape " + shape_str(shape) + " has a negative size");
    if (s == 0) {
      has_zero = true;
    } else if (__builtin_mul_overflow(nonzero, s, &nonzero)) {
      throw std::invalid_argument("shape " + shape_str(shape) +
                                  " has more elements than a 64-bit count holds");
    }
  }
  return has_zero ? 0 : nonzero;
}

size_t shape_nbytes(const Shape& shape, size_t element_size) {
  int64_t bytes = 0;
  if (__builtin_mul_overflow(shape_numel(shape), static_cast<int64_t>(element_size), &bytes)) {
    throw std::invalid_argument("shape " + shape_str(shape) + " of " +
                                std::to_string(element_size) +
                                "-byte elements has more bytes than a 64-bit count holds");
  }
  return static_cast<size_t>(bytes);
}

std::string shape_str(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::vector<int64_t> contiguous_strides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size());
  int64_t stride = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

int64_t normalize_dim(int64_t dim, int64_t ndim, const char* op) {
  const int64_t lo = ndim == 0 ? -1 : -ndim, hi = ndim == 0 ? 0 : ndim - 1;
  if (dim < lo || dim > hi) {
    throw std::invalid_argument(std::string(op) + ": dimension " + std::to_string(dim) +
                                " is out of range for a tensor with " + std::to_string(ndim) +
                                " dimensions (expected " + std::to_string(lo) + " to " +
                                std::to_string(hi) + ")");
  }
  return dim < 0 ? dim + (ndim == 0 ? 1 : ndim) : dim;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  const size_t nd = std::max(a.size(), b.size());
  Shape out(nd);
  for (size_t i = 0; i < nd; ++i) {
    const int64_t da = i < nd - a.size() ? 1 : a[i - (nd - a.size())];
    const int64_t db = i < nd - b.size() ? 1 : b[i - (nd - b.size())];
    if (da != db && da != 1 && db != 1) {
      throw std::invalid_argument(std::string(op) + ": shapes " + shape_str(a) + " and " +
                                  shape_str(b) + " cannot be broadcast together (dimension " +
                                  std::to_string(i) + ": " + std::to_string(da) + " vs " +
                                  std::to_string(db) + ")");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

DimSplit split_at(const Shape& shape, int64_t dim) {
  DimSplit s{1, shape.empty() ? 1 : shape[dim], 1};
  for (int64_t i = 0; i < dim; ++i) s.outer *= shape[i];
  for (size_t i = dim + 1; i < shape.size(); ++i) s.inner *= shape[i];
  return s;
}

}  // namespace buildgpt
