// Loop templates behind the elementwise ops: unary maps, and binary maps with broadcasting.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/cpu/parallel.h"
#include "autograd/shape.h"

namespace buildgpt::cpu {

// out[i] = f(in[i]) for i in [0, n).
template <typename In, typename Out, typename F>
void map_unary(const In* in, Out* out, int64_t n, F f) {
  parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = f(in[i]);
  });
}

// Strides of `shape` seen inside the larger `out_shape`: 0 along broadcast dimensions.
inline std::vector<int64_t> broadcast_strides(const Shape& shape, const Shape& out_shape) {
  const size_t nd = out_shape.size(), offset = nd - shape.size();
  std::vector<int64_t> strides(nd, 0);
  int64_t stride = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[offset + i] = shape[i] == 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

// out[idx] = f(a[idx broadcast into a], b[idx broadcast into b]) over every index of out_shape.
template <typename A, typename B, typename Out, typename F>
void map_binary(const A* a, const Shape& a_shape, const B* b, const Shape& b_shape, Out* out,
                const Shape& out_shape, F f) {
  const int64_t n = shape_numel(out_shape);
  if (n == 0) return;
  const int64_t an = shape_numel(a_shape), bn = shape_numel(b_shape);
  if (an == n && bn == n) {  // same shape
    parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) out[i] = f(a[i], b[i]);
    });
    return;
  }
  if (bn == 1 && an == n) {  // tensor op scalar
    const B bv = b[0];
    parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) out[i] = f(a[i], bv);
    });
    return;
  }
  if (an == 1 && bn == n) {  // scalar op tensor
    const A av = a[0];
    parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) out[i] = f(av, b[i]);
    });
    return;
  }
  // General case: walk rows of the last dimension; each row starts at offsets decoded from the
  // row index, and inside a row each side steps by 1 or stays put (broadcast).
  const std::vector<int64_t> as = broadcast_strides(a_shape, out_shape);
  const std::vector<int64_t> bs = broadcast_strides(b_shape, out_shape);
  const int64_t nd = static_cast<int64_t>(out_shape.size());
  const int64_t cols = out_shape[nd - 1], rows = n / cols;
  const int64_t a_step = as[nd - 1], b_step = bs[nd - 1];
  parallel_for(rows, grain_for(cols), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      int64_t rem = r, a_off = 0, b_off = 0;
      for (int64_t d = nd - 2; d >= 0; --d) {
        const int64_t i = rem % out_shape[d];
        rem /= out_shape[d];
        a_off += i * as[d];
        b_off += i * bs[d];
      }
      const A* ar = a + a_off;
      const B* br = b + b_off;
      Out* o = out + r * cols;
      for (int64_t c = 0; c < cols; ++c) o[c] = f(ar[c * a_step], br[c * b_step]);
    }
  });
}

}  // namespace buildgpt::cpu

namespace buildgpt::cpu {

// out = in broadcast to out_shape (in's shape must broadcast to it).
template <typename T>
void broadcast_copy(const T* in, const Shape& in_shape, T* out, const Shape& out_shape) {
  map_binary(in, in_shape, in, Shape{}, out, out_shape, [](T x, T) { return x; });
}

}  // namespace buildgpt::cpu
