// The one place that calls BLAS: single-precision matrix products on row-major data.
#pragma once

#include <cstdint>
#include <vector>

namespace buildgpt::cpu {

// C[M, N] = alpha · op(A) · op(B) + beta · C, op(X) = Xᵀ when trans_x. lda/ldb/ldc are the
// row lengths of A, B and C as stored.
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// The shape of one sgemm call, and whether it ran inside a parallel region (one thread each).
struct GemmCall {
  bool trans_a, trans_b;
  int64_t m, n, k, lda, ldb, ldc;
  bool in_parallel;
};
// While the log is on, every sgemm call appends its shape: what a benchmark replays to time a
// training step's matrix products alone. Off (the default), a call pays one flag test.
void gemm_log_enable(bool on);
// The calls logged so far, in order of their start, and an empty log.
std::vector<GemmCall> gemm_log_take();

}  // namespace buildgpt::cpu
