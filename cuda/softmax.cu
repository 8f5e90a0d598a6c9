// softmax and log_softmax kernels of the GPU. Rows along the last dimension (inner == 1) are
// walked by one block each; rows along another dimension by one thread each, with the stride.
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/softmax_rows.cuh"

namespace buildgpt::cuda {
namespace {

// y = softmax(x) or log_softmax(x) = (x - max) - log Σ exp(x - max) per row of [rows, n].
__global__ void softmax_rows_kernel(const float* x, float* y, int64_t rows, int64_t n, bool log) {
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const float* xr = x + row * n;
    float* yr = y + row * n;
    const float m = block_row_max(xr, n);
    const double s = block_row_sum_exp(xr, n, m);
    if (log) {
      const auto log_sum = static_cast<float>(::log(s));
      for (int64_t j = threadIdx.x; j < n; j += blockDim.x) yr[j] = (xr[j] - m) - log_sum;
    } else {
      const auto inv = static_cast<float>(1 / s);
      for (int64_t j = threadIdx.x; j < n; j += blockDim.x) yr[j] = expf(xr[j] - m) * inv;
    }
  }
}

// softmax: dx = y ⊙ (dy − Σ dy⊙y); log_softmax: dx = dy − exp(y) Σ dy
__global__ void softmax_backward_rows_kernel(const float* y, const float* dy, float* dx,
                                             int64_t rows, int64_t n, bool log) {
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const float *yr = y + row * n, *gr = dy + row * n;
    float* dr = dx + row * n;
    const auto d = static_cast<float>(block_row_dot(gr, log ? nullptr : yr, n));
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      dr[j] = log ? gr[j] - expf(yr[j]) * d : yr[j] * (gr[j] - d);
    }
  }
}

// The same along a strided dimension of [outer, n, inner], one thread per lane.
__global__ void softmax_lanes_kernel(const float* x, float* y, int64_t lanes, int64_t n,
                                     int64_t inner, bool log) {
  for (int64_t lane = grid_first(); lane < lanes; lane += grid_stride()) {
    const int64_t off = (lane / inner) * n * inner + lane % inner;
    const float* xr = x + off;
    float* yr = y + off;
    float m = -INFINITY;
    for (int64_t j = 0; j < n; ++j) m = fmaxf(m, xr[j * inner]);
    double s = 0;
    for (int64_t j = 0; j < n; ++j) s += expf(xr[j * inner] - m);
    const auto log_sum = static_cast<float>(::log(s)), inv = static_cast<float>(1 / s);
    for (int64_t j = 0; j < n; ++j) {
      yr[j * inner] = log ? (xr[j * inner] - m) - log_sum : expf(xr[j * inner] - m) * inv;
    }
  }
}

__global__ void softmax_backward_lanes_kernel(const float* y, const float* dy, float* dx,
                                              int64_t lanes, int64_t n, int64_t inner, bool log) {
  for (int64_t lane = grid_first(); lane < lanes; lane += grid_stride()) {
    const int64_t off = (lane / inner) * n * inner + lane % inner;
    const float *yr = y + off, *gr = dy + off;
    float* dr = dx + off;
    double s = 0;
    for (int64_t j = 0; j < n; ++j) s += log ? gr[j * inner] : gr[j * inner] * yr[j * inner];
    const auto d = static_cast<float>(s);
    for (int64_t j = 0; j < n; ++j) {
      const int64_t k = j * inner;
      dr[k] = log ? gr[k] - expf(yr[k]) * d : yr[k] * (gr[k] - d);
    }
  }
}

}  // namespace

void CudaBackend::softmax(const Tensor& x, int64_t dim, bool log, Tensor& y) {
  const char* op = log ? "log_softmax" : "softmax";
  const DimSplit s = split_at(x.shape(), dim);
  if (s.outer * s.n * s.inner == 0) return;
  if (s.inner == 1) {
    const int threads = row_threads(s.n);
    launch(op, "softmax_rows_kernel", softmax_rows_kernel, row_blocks(s.outer, threads), threads, 0,
           ptr<float>(x), ptr<float>(y), s.outer, s.n, log);
  } else {
    launch_over(s.outer * s.inner, op, "softmax_lanes_kernel", softmax_lanes_kernel, ptr<float>(x),
                ptr<float>(y), s.outer * s.inner, s.n, s.inner, log);
  }
}

void CudaBackend::softmax_backward(const Tensor& y, const Tensor& dy, int64_t dim, bool log,
                                   Tensor& dx) {
  const char* op = log ? "log_softmax backward" : "softmax backward";
  const DimSplit s = split_at(y.shape(), dim);
  if (s.outer * s.n * s.inner == 0) return;
  if (s.inner == 1) {
    const int threads = row_threads(s.n);
    launch(op, "softmax_backward_rows_kernel", softmax_backward_rows_kernel,
           row_blocks(s.outer, threads), threads, 0, ptr<float>(y), ptr<float>(dy), ptr<float>(dx),
           s.outer, s.n, log);
  } else {
    launch_over(s.outer * s.inner, op, "softmax_backward_lanes_kernel",
                softmax_backward_lanes_kernel, ptr<float>(y), ptr<float>(dy), ptr<float>(dx),
                s.outer * s.inner, s.n, s.inner, log);
  }
}

}  // namespace buildgpt::cuda
