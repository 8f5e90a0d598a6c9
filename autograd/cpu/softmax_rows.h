// Row kernels of softmax and its relatives, shared by softmax, log_softmax and cross_entropy. A
// row is n contiguous floats (for_each_row gathers strided rows first). Every kernel subtracts the
// row's max before exponentiating, through vector_math a block at a time, and every sum over a
// row accumulates in double: a float sum of 50,257 terms (GPT-2's vocabulary) drifts by 1e-5 of
// the total, a double sum by far less than a float's rounding.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "autograd/cpu/parallel.h"
#include "autograd/shape.h"

namespace buildgpt::cpu {

// max_j x_j and log Σ_j exp(x_j - max): log-sum-exp = max + log_sum.
struct RowLse {
  float max, log_sum;
};

RowLse row_logsumexp(const float* x, int64_t n);
// y = softmax(x) · factor, y may alias x; returns the row's log-sum-exp as row_logsumexp does.
RowLse softmax_row(const float* x, float* y, int64_t n, float factor = 1);
// y = log_softmax(x) = (x - max) - log Σ exp(x - max), subtracted in that order to keep the
// digits of large x.
void log_softmax_row(const float* x, float* y, int64_t n);
// dx = y ⊙ (dy - Σ dy⊙y) for y = softmax(x); dx may alias dy.
void softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n);
// dx = dy - exp(y) Σ dy for y = log_softmax(x); dx may alias dy.
void log_softmax_backward_row(const float* y, const float* dy, float* dx, int64_t n);

// Calls row(in, out) with N contiguous input rows and one output row of n floats, for every row
// along the middle dimension of tensors seen as [outer, n, inner], rows in parallel. With
// inner > 1 the rows are strided: they are gathered into a buffer per thread first, and the
// output row is scattered back.
template <size_t N, typename Row>
void for_each_row(DimSplit s, std::array<const float*, N> in, float* out, const Row& row) {
  parallel_for(s.outer * s.inner, grain_for(s.n), [&](int64_t begin, int64_t end) {
    std::vector<float> buffer(s.inner == 1 ? 0 : (N + 1) * s.n);
    std::array<const float*, N> rows;
    for (int64_t lane = begin; lane < end; ++lane) {
      const int64_t offset = (lane / s.inner) * s.n * s.inner + lane % s.inner;
      if (s.inner == 1) {
        for (size_t k = 0; k < N; ++k) rows[k] = in[k] + offset;
        row(rows, out + offset);
        continue;
      }
      for (size_t k = 0; k < N; ++k) {
        float* b = buffer.data() + k * s.n;
        for (int64_t j = 0; j < s.n; ++j) b[j] = in[k][offset + j * s.inner];
        rows[k] = b;
      }
      float* o = buffer.data() + N * s.n;
      row(rows, o);
      for (int64_t j = 0; j < s.n; ++j) out[offset + j * s.inner] = o[j];
    }
  });
}

}  // namespace buildgpt::cpu
