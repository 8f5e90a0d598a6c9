// The one call site of cuBLAS's products: row-major C[i] = alpha · op(A[i]) · op(B[i]) + beta ·
// C[i] for a stack of matrices `stride_*` floats apart (0 reuses one matrix). TF32 follows the
// switch in cuda.h.
#pragma once

#include <cstdint>

namespace buildgpt::cuda {

void sgemm_batched(const char* op, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float* a, int64_t lda, int64_t stride_a, const float* b,
                   int64_t ldb, int64_t stride_b, float beta, float* c, int64_t ldc,
                   int64_t stride_c, int64_t batch);

}  // namespace buildgpt::cuda
