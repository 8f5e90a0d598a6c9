#include "cuda/blas.h"

#include <limits>
#include <string>

#include "autograd/tensor.h"
#include "cuda/check.h"
#include "cuda/context.h"

namespace buildgpt::cuda {
namespace {

int as_int(const char* op, int64_t v, const char* what) {
  if (v > std::numeric_limits<int>::max()) {
    fail(op, std::string(what) + " of " + std::to_string(v) + " is beyond cuBLAS's 32-bit sizes");
  }
  return static_cast<int>(v);
}

}  // namespace

// cuBLAS is column-major and our matrices row-major: a row-major matrix read column-major is its
// transpose, so C = op(A) · op(B) is computed as Cᵀ = op(B)ᵀ · op(A)ᵀ, the operands swapped and
// their flags as given.
void sgemm_batched(const char* op, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float* a, int64_t lda, int64_t stride_a, const float* b,
                   int64_t ldb, int64_t stride_b, float beta, float* c, int64_t ldc,
                   int64_t stride_c, int64_t batch) {
  if (batch == 0 || m == 0 || n == 0) return;
  Context& ctx = context();
  if (k == 0) {  // an empty sum: C = beta · C (cuBLAS rejects leading dimensions of 0)
    if (beta != 0 || ldc != n || stride_c != m * n) {
      fail(op, "an empty product into a strided or accumulated output is not supported");
    }
    BUILDGPT_CUDA_CHECK(op, cudaMemsetAsync(c, 0, batch * m * n * sizeof(float), ctx.stream));
    return;
  }
  const cublasComputeType_t compute = ctx.tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
  BUILDGPT_CUBLAS_CHECK(
      op, cublasGemmStridedBatchedEx(ctx.blas, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                                     trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, as_int(op, n, "width"),
                                     as_int(op, m, "height"), as_int(op, k, "inner size"), &alpha,
                                     b, CUDA_R_32F, as_int(op, ldb, "leading size"), stride_b, a,
                                     CUDA_R_32F, as_int(op, lda, "leading size"), stride_a, &beta,
                                     c, CUDA_R_32F, as_int(op, ldc, "leading size"), stride_c,
                                     as_int(op, batch, "batch"), compute, CUBLAS_GEMM_DEFAULT));
}

}  // namespace buildgpt::cuda
