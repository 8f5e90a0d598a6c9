// Optimizer update kernels of the GPU: one pass over each parameter, in place. Every operation
// is rounded on its own (no fused multiply-add), in the CPU's order, so a step gives the CPU's
// parameters bit for bit.
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"

namespace buildgpt::cuda {
namespace {

// p ← p·(1 − lr·wd); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr/bc₁ · m / (√v/√bc₂ + ε)
__global__ void adamw_kernel(float* p, const float* g, float* m, float* v, int64_t n, AdamWStep s) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    const float gi = g[i];
    const float pi = __fmul_rn(p[i], s.decay);
    const float mi = __fadd_rn(__fmul_rn(m[i], s.beta1), __fmul_rn(s.one_minus_beta1, gi));
    const float vi =
        __fadd_rn(__fmul_rn(v[i], s.beta2), __fmul_rn(__fmul_rn(s.one_minus_beta2, gi), gi));
    const float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), s.bc2_sqrt), s.eps);
    m[i] = mi;
    v[i] = vi;
    p[i] = __fadd_rn(pi, __fmul_rn(s.neg_step_size, __fdiv_rn(mi, denom)));
  }
}

// d = g + wd·p; with momentum b ← μb + d, d = b; p ← p − lr·d
__global__ void sgd_kernel(float* p, const float* g, float* buf, int64_t n, SGDStep s) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    float d = __fadd_rn(g[i], __fmul_rn(s.weight_decay, p[i]));
    if (buf) d = buf[i] = __fadd_rn(__fmul_rn(s.momentum, buf[i]), d);
    p[i] = __fadd_rn(p[i], __fmul_rn(s.neg_lr, d));
  }
}

}  // namespace

void CudaBackend::adamw_update(Tensor& param, const Tensor& grad, Tensor& exp_avg,
                               Tensor& exp_avg_sq, const AdamWStep& step) {
  launch_over(param.numel(), "adamw", "adamw_kernel", adamw_kernel, ptr<float>(param),
              ptr<float>(grad), ptr<float>(exp_avg), ptr<float>(exp_avg_sq), param.numel(), step);
}

void CudaBackend::sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer,
                             const SGDStep& step) {
  float* buf = momentum_buffer.defined() ? ptr<float>(momentum_buffer) : nullptr;
  launch_over(param.numel(), "sgd", "sgd_kernel", sgd_kernel, ptr<float>(param), ptr<float>(grad),
              buf, param.numel(), step);
}

}  // namespace buildgpt::cuda
