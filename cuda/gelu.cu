// bias_gelu kernels of the GPU: gelu(x + bias) and its gradient, one element per thread of a
// grid-stride loop, the bias picked by the element's column (no bias: none added).
#include "cuda/cuda_backend.h"
#include "cuda/gelu.cuh"
#include "cuda/launch.cuh"

namespace buildgpt::cuda {
namespace {

constexpr const char* kOp = "bias_gelu";

// y = gelu(x + bias[column]) over n elements in rows of `cols`.
__global__ void bias_gelu_kernel(const float* x, const float* bias, int64_t n, int64_t cols,
                                 bool tanh_form, float* y) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    y[i] = gelu(x[i] + (bias ? bias[i % cols] : 0.0f), tanh_form);
  }
}

// dx = dy ⊙ gelu′(x + bias[column]).
__global__ void bias_gelu_backward_kernel(const float* dy, const float* x, const float* bias,
                                          int64_t n, int64_t cols, bool tanh_form, float* dx) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    dx[i] = dy[i] * gelu_derivative(x[i] + (bias ? bias[i % cols] : 0.0f), tanh_form);
  }
}

const float* bias_or_null(const Tensor& bias) {
  return bias.defined() ? ptr<float>(bias) : nullptr;
}

int64_t columns(const Tensor& x, const Tensor& bias) {
  return bias.defined() ? bias.numel() : x.numel();
}

}  // namespace

void CudaBackend::bias_gelu(const Tensor& x, const Tensor& bias, GeluApproximation approximate,
                            Tensor& y) {
  launch_over(x.numel(), kOp, "bias_gelu_kernel", bias_gelu_kernel, ptr<float>(x),
              bias_or_null(bias), x.numel(), columns(x, bias),
              approximate == GeluApproximation::Tanh, ptr<float>(y));
}

void CudaBackend::bias_gelu_backward(const Tensor& dy, const Tensor& x, const Tensor& bias,
                                     GeluApproximation approximate, Tensor& dx) {
  launch_over(x.numel(), "bias_gelu backward", "bias_gelu_backward_kernel",
              bias_gelu_backward_kernel, ptr<float>(dy), ptr<float>(x), bias_or_null(bias),
              x.numel(), columns(x, bias), approximate == GeluApproximation::Tanh, ptr<float>(dx));
}

}  // namespace buildgpt::cuda
