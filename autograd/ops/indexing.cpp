// index_select and gather: picking elements by int64 indices. Each backward scatter-adds the
// gradient back to the picked positions, so repeated indices accumulate.
#include "autograd/ops/indexing.h"

#include <algorithm>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/parallel.h"
#include "autograd/cpu/slices.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

// Every index in [0, size of dim) (a 0-d shape counts as size 1); the error names the op, the
// bad value and the size.
void check_indices(const char* op, const Tensor& index, int64_t dim, const Shape& shape) {
  const int64_t size = shape.empty() ? 1 : shape[dim];
  const int64_t* p = index.data<int64_t>();
  for (int64_t k = 0; k < index.numel(); ++k) {
    if (p[k] < 0 || p[k] >= size) {
      fail(op, "index " + std::to_string(p[k]) + " is out of range for dimension " +
                   std::to_string(dim) + " of size " + std::to_string(size) + " in shape " +
                   shape_str(shape));
    }
  }
}

// ---- gather: one index per output element ------------------------------------------------

// Calls body(k, offset) for every element k of `index` with the offset into x (of x_shape) that
// it picks. Lanes fix every coordinate but dim's, so two lanes never touch one x element.
template <typename Body>
void for_each_gathered(const Tensor& index, const Shape& x_shape, int64_t dim, const Body& body) {
  const Shape& shape = index.shape();
  const DimSplit s = split_at(shape, dim);
  const std::vector<int64_t> strides = contiguous_strides(x_shape);
  const int64_t nd = static_cast<int64_t>(shape.size());
  const int64_t dim_stride = nd ? strides[dim] : 0;
  const int64_t* idx = index.data<int64_t>();
  cpu::parallel_for(s.outer * s.inner, cpu::grain_for(s.n), [&](int64_t b, int64_t e) {
    for (int64_t lane = b; lane < e; ++lane) {
      int64_t rem_o = lane / s.inner, rem_i = lane % s.inner, base = 0;
      for (int64_t d = nd - 1; d > dim; --d) {
        base += (rem_i % shape[d]) * strides[d];
        rem_i /= shape[d];
      }
      for (int64_t d = dim - 1; d >= 0; --d) {
        base += (rem_o % shape[d]) * strides[d];
        rem_o /= shape[d];
      }
      const int64_t first = (lane / s.inner) * s.n * s.inner + lane % s.inner;
      for (int64_t j = 0; j < s.n; ++j) {
        const int64_t k = first + j * s.inner;
        body(k, base + idx[k] * dim_stride);
      }
    }
  });
}

// Zeros of in_shape with g[k] added where element k of index points.
Tensor scatter_add_gathered(const Tensor& g, const Shape& in_shape, int64_t dim,
                            const Tensor& index) {
  Tensor out = zeros(in_shape, g.dtype(), g.device());
  const float* pg = g.data<float>();
  float* po = out.data<float>();
  for_each_gathered(index, in_shape, dim, [&](int64_t k, int64_t off) { po[off] += pg[k]; });
  return out;
}

}  // namespace

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  check_defined("index_select", x);
  check_dtype("index_select", index, kInt64, "index");
  check_same_device("index_select", x, index);
  check_cpu("index_select", x);
  if (x.dim() == 0) fail("index_select", "cannot index a 0-dimensional tensor");
  if (index.dim() != 1) {
    fail("index_select", "index must be 1-D, got shape " + shape_str(index.shape()));
  }
  const int64_t d = normalize_dim(dim, x.dim(), "index_select");
  check_indices("index_select", index, d, x.shape());
  const int64_t* idx = index.data<int64_t>();
  Tensor out = cpu::copy_slices(x, d, index.numel(), [idx](int64_t j) { return idx[j]; });
  // d index_select(x)[.., j, ..] = dx[.., index[j], ..]: dy scatter-added at the indices
  return record("index_select", out, {x},
                [in = x.shape(), d, index](const Tensor& g, const NeedsGrad&) -> Grads {
                  const int64_t* idx = index.data<int64_t>();
                  return {cpu::add_slices(g, in, d, [idx](int64_t j) { return idx[j]; })};
                });
}

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  check_defined("gather", x);
  check_dtype("gather", index, kInt64, "index");
  check_same_device("gather", x, index);
  check_cpu("gather", x);
  const int64_t d = normalize_dim(dim, x.dim(), "gather");
  bool fits = index.dim() == x.dim();
  for (int64_t i = 0; fits && i < x.dim(); ++i) {
    fits = i == d || index.shape()[i] <= x.shape()[i];
  }
  if (!fits) {
    fail("gather", "index of shape " + shape_str(index.shape()) + " does not fit input of shape " +
                       shape_str(x.shape()) + " outside dimension " + std::to_string(d) +
                       " (same number of dimensions, sizes no larger)");
  }
  check_indices("gather", index, d, x.shape());
  Tensor out = empty(index.shape(), x.dtype(), x.device());
  cpu::dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = x.data<T>();
    T* o = out.data<T>();
    for_each_gathered(index, x.shape(), d, [&](int64_t k, int64_t off) { o[k] = in[off]; });
  });
  // d gather(x)[k] = dx[where index[k] points]: dy scatter-added there
  return record("gather", out, {x},
                [in = x.shape(), d, index](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {scatter_add_gathered(g, in, d, index)};
                });
}

Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return buildgpt::index_select(*this, dim, index);
}
Tensor Tensor::gather(int64_t dim, const Tensor& index) const {
  return buildgpt::gather(*this, dim, index);
}

}  // namespace buildgpt
