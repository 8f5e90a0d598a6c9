// Matrix-product kernel of the GPU: stacked products through cuBLAS, one call per batch.
#include "cuda/blas.h"
#include "cuda/cuda_backend.h"

namespace buildgpt::cuda {

void CudaBackend::batched_matmul(const Tensor& a, bool ta, const Tensor& b, bool tb, Tensor& out) {
  const int64_t batch = out.size(0), m = out.size(1), n = out.size(2);
  const int64_t k = ta ? a.size(1) : a.size(2);
  const int64_t stride_a = a.size(0) == 1 ? 0 : a.size(1) * a.size(2);
  const int64_t stride_b = b.size(0) == 1 ? 0 : b.size(1) * b.size(2);
  sgemm_batched("matmul", ta, tb, m, n, k, 1.0f, static_cast<const float*>(a.raw_data()), a.size(2),
                stride_a, static_cast<const float*>(b.raw_data()), b.size(2), stride_b, 0.0f,
                static_cast<float*>(out.raw_data()), n, m * n, batch);
}

}  // namespace buildgpt::cuda
