// dropout kernels of the GPU, with the CPU's mask (random_draws.cuh: element i of block b of
// 4,096 elements is drawn from a generator seeded with seed + b · step, at draw i - 4,096 b), so
// the mask depends only on the seed: the same on every run, on either device, for any launch
// shape.
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/random_draws.cuh"

namespace buildgpt::cuda {
namespace {

constexpr int64_t kRun = 16;  // elements a thread draws in sequence

__global__ void dropout_kernel(const float* x, int64_t n, float drop, uint64_t seed, float scale,
                               bool* keep, float* y) {
  const int64_t runs = (n + kRun - 1) / kRun;
  for (int64_t r = grid_first(); r < runs; r += grid_stride()) {
    const int64_t first = r * kRun;
    Pcg32 g = dropout_stream(seed, first);
    const int64_t end = first + kRun < n ? first + kRun : n;
    for (int64_t i = first; i < end; ++i) {
      const bool k = g.next_float() >= drop;
      keep[i] = k;
      y[i] = k ? x[i] * scale : 0.0f;
    }
  }
}

__global__ void dropout_backward_kernel(const float* dy, const bool* keep, float scale, int64_t n,
                                        float* dx) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) dx[i] = keep[i] ? dy[i] * scale : 0.0f;
}

}  // namespace

void CudaBackend::dropout(const Tensor& x, double p, uint64_t seed, float scale, Tensor& keep,
                          Tensor& y) {
  static_assert(kMaskBlock % kRun == 0, "a run never crosses a block of the mask");
  const int64_t n = x.numel();
  launch_over((n + kRun - 1) / kRun, "dropout", "dropout_kernel", dropout_kernel, ptr<float>(x), n,
              static_cast<float>(p), seed, scale, ptr<bool>(keep), ptr<float>(y));
}

// dx = keep ? dy · scale : 0
void CudaBackend::dropout_backward(const Tensor& dy, const Tensor& keep, float scale, Tensor& dx) {
  launch_over(dy.numel(), "dropout backward", "dropout_backward_kernel", dropout_backward_kernel,
              ptr<float>(dy), ptr<bool>(keep), scale, dy.numel(), ptr<float>(dx));
}

}  // namespace buildgpt::cuda
