// The one place that calls BLAS: single-precision matrix products on row-major data.
#pragma once

#include <cstdint>

namespace buildgpt::cpu {

// C[M, N] = alpha · op(A) · op(B) + beta · C, op(X) = Xᵀ when trans_x. lda/ldb/ldc are the
// row lengths of A, B and C as stored.
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace buildgpt::cpu
