// Copying whole slices along one dimension, and adding them back: the kernels behind slice,
// select, narrow and index_select, and their backward passes.
#pragma once

#include <algorithm>
#include <cstdint>

#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"

namespace buildgpt::cpu {

// A new tensor whose slice j along dim is x's slice source(j), for j in [0, count).
template <typename SourceIndex>
Tensor copy_slices(const Tensor& x, int64_t dim, int64_t count, SourceIndex source) {
  Shape shape = x.shape();
  shape[dim] = count;
  Tensor out = empty(shape, x.dtype(), x.device());
  const DimSplit s = split_at(x.shape(), dim);
  const size_t block = s.inner * dtype_size(x.dtype());
  const auto* in = static_cast<const char*>(x.raw_data());
  auto* o = static_cast<char*>(out.raw_data());
  parallel_for(s.outer * count, grain_for(s.inner), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const int64_t outer = r / count, j = r % count;
      std::copy_n(in + (outer * s.n + source(j)) * block, block, o + r * block);
    }
  });
  return out;
}

// Zeros of in_shape with slice j of the float32 g added at slice source(j) along dim. Split over
// the inner columns, so repeated sources accumulate without races.
template <typename SourceIndex>
Tensor add_slices(const Tensor& g, const Shape& in_shape, int64_t dim, SourceIndex source) {
  Tensor out = zeros(in_shape, g.dtype(), g.device());
  const DimSplit s = split_at(in_shape, dim);
  const int64_t count = g.shape()[dim];
  const float* pg = g.data<float>();
  float* po = out.data<float>();
  parallel_for(s.inner, grain_for(s.outer * count), [&](int64_t b, int64_t e) {
    for (int64_t outer = 0; outer < s.outer; ++outer) {
      for (int64_t j = 0; j < count; ++j) {
        const float* src = pg + (outer * count + j) * s.inner;
        float* dst = po + (outer * s.n + source(j)) * s.inner;
        for (int64_t i = b; i < e; ++i) dst[i] += src[i];
      }
    }
  });
  return out;
}

}  // namespace buildgpt::cpu
