// Loop template for reducing one dimension of a tensor seen as [outer, n, inner].
#pragma once

#include <cstdint>

#include "autograd/cpu/parallel.h"
#include "autograd/shape.h"

namespace buildgpt::cpu {

// out[o, i] = fold of in[o, 0..n, i]: acc = init; acc = step(acc, v) for each v; finish(acc, n).
template <typename T, typename Acc, typename Out, typename Step, typename Finish>
void reduce_dim(const T* in, Out* out, DimSplit s, Acc init, Step step, Finish finish) {
  const int64_t lanes = s.outer * s.inner;
  parallel_for(lanes, grain_for(s.n), [&](int64_t begin, int64_t end) {
    for (int64_t lane = begin; lane < end; ++lane) {
      const int64_t o = lane / s.inner, i = lane % s.inner;
      const T* p = in + o * s.n * s.inner + i;
      Acc acc = init;
      for (int64_t j = 0; j < s.n; ++j) acc = step(acc, p[j * s.inner], j);
      out[lane] = finish(acc, s.n);
    }
  });
}

}  // namespace buildgpt::cpu
