// Optimizer update kernels of the CPU: one pass over each parameter, in place.
#include <cmath>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"
#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {
namespace {

// AdamW over n elements; the four arrays are distinct (the constants are copied into locals so
// that the compiler need not reload them after every store).
BUILDGPT_VECTOR_CLONES void adamw_range(float* p, const float* g, float* m, float* v,
                                        const AdamWStep& s, int64_t n) {
  const float decay = s.decay, beta1 = s.beta1, beta2 = s.beta2;
  const float one_minus_beta1 = s.one_minus_beta1, one_minus_beta2 = s.one_minus_beta2;
  const float neg_step_size = s.neg_step_size, bc2_sqrt = s.bc2_sqrt, eps = s.eps;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const float decayed = p[i] * decay;
    const float mi = m[i] * beta1 + one_minus_beta1 * g[i];
    const float vi = v[i] * beta2 + one_minus_beta2 * g[i] * g[i];
    m[i] = mi;
    v[i] = vi;
    p[i] = decayed + neg_step_size * (mi / (std::sqrt(vi) / bc2_sqrt + eps));
  }
}

}  // namespace

// p ← p·(1 − lr·wd); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr/bc₁ · m / (√v/√bc₂ + ε)
void CpuBackend::adamw_update(Tensor& param, const Tensor& grad, Tensor& exp_avg,
                              Tensor& exp_avg_sq, const AdamWStep& s) {
  float* p = ptr<float>(param);
  const float* g = ptr<float>(grad);
  float* m = ptr<float>(exp_avg);
  float* v = ptr<float>(exp_avg_sq);
  parallel_for(param.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    adamw_range(p + begin, g + begin, m + begin, v + begin, s, end - begin);
  });
}

// d = g + wd·p; with momentum b ← μb + d, d = b; p ← p − lr·d
void CpuBackend::sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer,
                            const SGDStep& s) {
  float* p = ptr<float>(param);
  const float* g = ptr<float>(grad);
  float* buf = momentum_buffer.defined() ? ptr<float>(momentum_buffer) : nullptr;
  parallel_for(param.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float d = g[i] + s.weight_decay * p[i];
      if (buf) d = buf[i] = s.momentum * buf[i] + d;
      p[i] += s.neg_lr * d;
    }
  });
}

}  // namespace buildgpt::cpu
