// layer_norm and rms_norm kernels of the GPU: one block per row forward (saving mean and 1/std,
// or 1/rms) and for the input's gradient; RMS norm is layer norm without the centring, so both
// run the same kernels with `Centred` switched; weight and bias gradients summed over rows by
// column tiles in fixed chunks of rows (at least 256, at most 1,024 chunks), then the chunks added
// in order, so the result does not depend on timing.
#include "cuda/allocator.h"
#include "cuda/block_reduce.cuh"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"

namespace buildgpt::cuda {
namespace {

const float* data_or_null(const Tensor& t) { return t.defined() ? ptr<float>(t) : nullptr; }

// mean (0 when not centred) and 1/√(var + eps) in double sums as the CPU takes them; y = x̂ · w + b
// rounded as the CPU rounds it (a product, then a sum: no fused multiply-add).
template <bool Centred>
__global__ void norm_kernel(const float* x, const float* w, const float* b, float eps, int64_t rows,
                            int64_t n, float* y, float* mean, float* rstd) {
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const float* xr = x + r * n;
    float m = 0;
    if constexpr (Centred) {
      double sum = 0;
      for (int64_t j = threadIdx.x; j < n; j += blockDim.x) sum += xr[j];
      m = static_cast<float>(block_reduce(sum, Add{}, 0.0) / static_cast<double>(n));
    }
    double sq = 0;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const float d = xr[j] - m;
      sq += __fmul_rn(d, d);
    }
    sq = block_reduce(sq, Add{}, 0.0);
    const float rs = 1 / sqrtf(static_cast<float>(sq / static_cast<double>(n)) + eps);
    if (threadIdx.x == 0) {
      if constexpr (Centred) mean[r] = m;
      rstd[r] = rs;
    }
    float* yr = y + r * n;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const float v = (xr[j] - m) * rs;
      yr[j] = __fadd_rn(w ? __fmul_rn(v, w[j]) : v, b ? b[j] : 0.0f);
    }
  }
}

// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight; without centring dx = rstd·(ĝ −
// x̂·mean(ĝ⊙x̂))
template <bool Centred>
__global__ void norm_dx_kernel(const float* dy, const float* x, const float* w, const float* mean,
                               const float* rstd, int64_t rows, int64_t n, float* dx) {
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const float *xr = x + r * n, *gr = dy + r * n;
    const float m = Centred ? mean[r] : 0.0f, rs = rstd[r];
    float sum_g = 0, sum_gx = 0;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const float gh = w ? gr[j] * w[j] : gr[j];
      if constexpr (Centred) sum_g += gh;
      sum_gx += gh * (xr[j] - m) * rs;
    }
    const float mean_g = Centred ? block_reduce(sum_g, Add{}, 0.0f) / static_cast<float>(n) : 0.0f;
    const float mean_gx = block_reduce(sum_gx, Add{}, 0.0f) / static_cast<float>(n);
    float* dr = dx + r * n;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const float gh = w ? gr[j] * w[j] : gr[j];
      dr[j] = rs * (gh - mean_g - (xr[j] - m) * rs * mean_gx);
    }
  }
}

constexpr int kColumns = 32, kSplit = 8;
constexpr int64_t kMaxChunks = 1024;  // of at least 256 rows each

// Partial Σ over one chunk of rows of dy⊙x̂ and dy for 32 columns: partial_w/b [chunks, n]; mean
// null: not centred.
__global__ void norm_affine_kernel(const float* dy, const float* x, const float* mean,
                                   const float* rstd, int64_t rows, int64_t n,
                                   int64_t rows_per_chunk, double* partial_w, double* partial_b) {
  __shared__ double shared_w[kSplit][kColumns], shared_b[kSplit][kColumns];
  const int64_t j = static_cast<int64_t>(blockIdx.x) * kColumns + threadIdx.x;
  const int64_t chunk = blockIdx.y, first = chunk * rows_per_chunk;
  const int64_t last = first + rows_per_chunk < rows ? first + rows_per_chunk : rows;
  double acc_w = 0, acc_b = 0;
  if (j < n) {
    for (int64_t r = first + threadIdx.y; r < last; r += kSplit) {
      const float g = dy[r * n + j];
      acc_w += g * (x[r * n + j] - (mean ? mean[r] : 0.0f)) * rstd[r];
      acc_b += g;
    }
  }
  shared_w[threadIdx.y][threadIdx.x] = acc_w;
  shared_b[threadIdx.y][threadIdx.x] = acc_b;
  __syncthreads();
  if (threadIdx.y == 0 && j < n) {
    for (int s = 1; s < kSplit; ++s) {
      acc_w += shared_w[s][threadIdx.x];
      acc_b += shared_b[s][threadIdx.x];
    }
    partial_w[chunk * n + j] = acc_w;
    partial_b[chunk * n + j] = acc_b;
  }
}

// out[j] = Σ over chunks of partial[chunk, j], chunks in order.
__global__ void sum_chunks_kernel(const double* partial, int64_t chunks, int64_t n, float* out) {
  for (int64_t j = grid_first(); j < n; j += grid_stride()) {
    double acc = 0;
    for (int64_t c = 0; c < chunks; ++c) acc += partial[c * n + j];
    out[j] = static_cast<float>(acc);
  }
}

// dx, and Σ dy⊙x̂ and Σ dy over rows into dweight and dbias (each may be undefined); mean null:
// not centred.
template <bool Centred>
void norm_backward(const char* op, const Tensor& dy, const Tensor& x, const Tensor& weight,
                   const float* mean, const Tensor& rstd, Tensor& dx, Tensor& dweight,
                   Tensor& dbias, CudaBackend& backend) {
  const int64_t rows = rstd.numel(), n = rows ? x.numel() / rows : 0;
  if (rows == 0) {  // an empty batch: weight and bias get zero gradients
    if (dweight.defined()) backend.fill(dweight, 0);
    if (dbias.defined()) backend.fill(dbias, 0);
    return;
  }
  if (n == 0) return;
  if (dx.defined()) {
    const int threads = row_threads(n);
    launch(op, "norm_dx_kernel", norm_dx_kernel<Centred>, row_blocks(rows, threads), threads, 0,
           ptr<float>(dy), ptr<float>(x), data_or_null(weight), mean, ptr<float>(rstd), rows, n,
           ptr<float>(dx));
  }
  if (!dweight.defined() && !dbias.defined()) return;
  const int64_t chunks = std::min<int64_t>((rows + 255) / 256, kMaxChunks);
  const int64_t rows_per_chunk = (rows + chunks - 1) / chunks;
  DeviceBuffer partial(2 * chunks * n * sizeof(double));
  double *partial_w = partial.as<double>(), *partial_b = partial_w + chunks * n;
  const dim3 grid(static_cast<unsigned>((n + kColumns - 1) / kColumns),
                  static_cast<unsigned>(chunks));
  launch(op, "norm_affine_kernel", norm_affine_kernel, grid, dim3(kColumns, kSplit), 0,
         ptr<float>(dy), ptr<float>(x), mean, ptr<float>(rstd), rows, n, rows_per_chunk, partial_w,
         partial_b);
  if (dweight.defined()) {
    launch_over(n, op, "sum_chunks_kernel", sum_chunks_kernel, partial_w, chunks, n,
                ptr<float>(dweight));
  }
  if (dbias.defined()) {
    launch_over(n, op, "sum_chunks_kernel", sum_chunks_kernel, partial_b, chunks, n,
                ptr<float>(dbias));
  }
}

}  // namespace

void CudaBackend::layer_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                             Tensor& y, Tensor& mean, Tensor& rstd) {
  const int64_t rows = mean.numel(), n = rows ? x.numel() / rows : 0;
  if (rows == 0 || n == 0) return;
  const int threads = row_threads(n);
  launch("layer_norm", "norm_kernel", norm_kernel<true>, row_blocks(rows, threads), threads, 0,
         ptr<float>(x), data_or_null(weight), data_or_null(bias), static_cast<float>(eps), rows, n,
         ptr<float>(y), ptr<float>(mean), ptr<float>(rstd));
}

// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight; dweight = Σ dy⊙x̂; dbias = Σ dy
void CudaBackend::layer_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                      const Tensor& mean, const Tensor& rstd, Tensor& dx,
                                      Tensor& dweight, Tensor& dbias) {
  norm_backward<true>("layer_norm backward", dy, x, weight,
                      mean.numel() ? ptr<float>(mean) : nullptr, rstd, dx, dweight, dbias, *this);
}

void CudaBackend::rms_norm(const Tensor& x, const Tensor& weight, double eps, Tensor& y,
                           Tensor& rstd) {
  const int64_t rows = rstd.numel(), n = rows ? x.numel() / rows : 0;
  if (rows == 0 || n == 0) return;
  const int threads = row_threads(n);
  launch("rms_norm", "norm_kernel", norm_kernel<false>, row_blocks(rows, threads), threads, 0,
         ptr<float>(x), data_or_null(weight), static_cast<const float*>(nullptr),
         static_cast<float>(eps), rows, n, ptr<float>(y), static_cast<float*>(nullptr),
         ptr<float>(rstd));
}

// dx = rstd·(ĝ − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight, x̂ = x·rstd; dweight = Σ dy⊙x̂
void CudaBackend::rms_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                    const Tensor& rstd, Tensor& dx, Tensor& dweight) {
  Tensor no_bias;
  norm_backward<false>("rms_norm backward", dy, x, weight, nullptr, rstd, dx, dweight, no_bias,
                       *this);
}

}  // namespace buildgpt::cuda
