// Optimizer update kernels of the CPU: one pass over each parameter, in place.
#include <cmath>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {

// p ← p·(1 − lr·wd); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr/bc₁ · m / (√v/√bc₂ + ε)
void CpuBackend::adamw_update(Tensor& param, const Tensor& grad, Tensor& exp_avg,
                              Tensor& exp_avg_sq, const AdamWStep& s) {
  float* p = ptr<float>(param);
  const float* g = ptr<float>(grad);
  float* m = ptr<float>(exp_avg);
  float* v = ptr<float>(exp_avg_sq);
  parallel_for(param.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      p[i] *= s.decay;
      m[i] = m[i] * s.beta1 + s.one_minus_beta1 * g[i];
      v[i] = v[i] * s.beta2 + s.one_minus_beta2 * g[i] * g[i];
      const float denom = std::sqrt(v[i]) / s.bc2_sqrt + s.eps;
      p[i] += s.neg_step_size * (m[i] / denom);
    }
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
