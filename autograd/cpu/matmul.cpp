// Matrix-product kernel of the CPU: stacked products through cblas_sgemm.
#include <algorithm>

#include "autograd/cpu/blas.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {
namespace {

// Below this many multiply-adds per matrix, a batch runs one matrix per thread; above it, one
// matrix at a time with BLAS's own threads.
constexpr int64_t kSmallGemm = 96 * 96 * 96;

}  // namespace

void CpuBackend::batched_matmul(const Tensor& a, bool ta, const Tensor& b, bool tb, Tensor& out) {
  const int64_t batch = out.size(0), m = out.size(1), n = out.size(2);
  const int64_t k = ta ? a.size(1) : a.size(2);
  const float* pa = ptr<float>(a);
  const float* pb = ptr<float>(b);
  float* po = ptr<float>(out);
  const int64_t sa = a.size(0) == 1 ? 0 : a.size(1) * a.size(2);
  const int64_t sb = b.size(0) == 1 ? 0 : b.size(1) * b.size(2);
  auto one = [&](int64_t i) {
    sgemm(ta, tb, m, n, k, 1.0f, pa + i * sa, a.size(2), pb + i * sb, b.size(2), 0.0f,
          po + i * m * n, n);
  };
  if (batch > 1 && m * n * k <= kSmallGemm) {
    parallel_for(batch, grain_for(m * n * k), [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) one(i);
    });
  } else {
    for (int64_t i = 0; i < batch; ++i) one(i);
  }
}

}  // namespace buildgpt::cpu
