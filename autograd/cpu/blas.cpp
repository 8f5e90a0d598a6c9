#include "autograd/cpu/blas.h"

#include <cblas.h>
#include <omp.h>

#include <atomic>
#include <mutex>
#include <utility>

namespace buildgpt::cpu {
namespace {

std::atomic<bool> log_on{false};
std::mutex log_mutex;
std::vector<GemmCall> gemm_log;

}  // namespace

void gemm_log_enable(bool on) { log_on.store(on, std::memory_order_relaxed); }

std::vector<GemmCall> gemm_log_take() {
  std::lock_guard<std::mutex> lock(log_mutex);
  return std::exchange(gemm_log, {});
}

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (log_on.load(std::memory_order_relaxed)) {
    std::lock_guard<std::mutex> lock(log_mutex);
    gemm_log.push_back({trans_a, trans_b, m, n, k, lda, ldb, ldc, omp_in_parallel() != 0});
  }
  if (k == 0) {  // an empty sum: C = beta · C (BLAS rejects leading dimensions of 0)
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0 ? 0.0f : beta * c[i * ldc + j];
    }
    return;
  }
  // One row or one column: a matrix-vector product, which BLAS does without first copying the
  // matrix into its blocked layout (a token at a time in generation multiplies one row by every
  // weight matrix; the copy cost more than the product).
  const auto blas = [](int64_t v) { return static_cast<blasint>(v); };
  if (m == 1) {  // c[0, :] = alpha · op(B)ᵀ op(A)[0, :] + beta · c[0, :]
    cblas_sgemv(CblasRowMajor, trans_b ? CblasNoTrans : CblasTrans, blas(trans_b ? n : k),
                blas(trans_b ? k : n), alpha, b, blas(ldb), a, blas(trans_a ? lda : 1), beta, c, 1);
    return;
  }
  if (n == 1) {  // c[:, 0] = alpha · op(A) op(B)[:, 0] + beta · c[:, 0]
    cblas_sgemv(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, blas(trans_a ? k : m),
                blas(trans_a ? m : k), alpha, a, blas(lda), b, blas(trans_b ? 1 : ldb), beta, c,
                blas(ldc));
    return;
  }
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, blas(m), blas(n), blas(k), alpha, a, blas(lda),
              b, blas(ldb), beta, c, blas(ldc));
}

}  // namespace buildgpt::cpu
