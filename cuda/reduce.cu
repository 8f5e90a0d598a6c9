// Reduction kernels of the GPU: sums, the index of an extreme, running sums, the squared norm.
// A dimension is reduced in one of two shapes: rows (inner == 1) by one block per row; columns
// (inner > 1) by blocks of 32 neighbouring columns, each column's elements split over 8 threads
// whose partial results are combined in a fixed order.
#include <type_traits>

#include "autograd/cpu/dtype_switch.h"
#include "cuda/allocator.h"
#include "cuda/block_reduce.cuh"
#include "cuda/block_scan.cuh"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"

namespace buildgpt::cuda {
namespace {

using cpu::dispatch_numeric;

// Σ, accumulated in double for float32 and in int64 for integers, as on the CPU.
template <typename T>
struct SumReducer {
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
  __device__ Acc init() const { return 0; }
  __device__ Acc step(Acc acc, T v, int64_t) const { return acc + static_cast<Acc>(v); }
  __device__ Acc combine(Acc a, Acc b) const { return a + b; }
  __device__ T finish(Acc acc) const { return static_cast<T>(acc); }
};

template <typename T>
struct Best {
  T value;
  int64_t index;  // -1: nothing seen yet
};

template <typename T>
__device__ Best<T> shuffle_xor(Best<T> v, int mask) {
  return {__shfl_xor_sync(0xffffffffu, v.value, mask), __shfl_xor_sync(0xffffffffu, v.index, mask)};
}

// The first largest (or smallest) value's index; NaN counts as the extreme.
template <typename T>
struct ArgReducer {
  using Acc = Best<T>;
  bool largest;
  __device__ bool beats(T v, T best) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (isnan(best)) return false;
      if (isnan(v)) return true;
    }
    return largest ? v > best : v < best;
  }
  __device__ Acc init() const { return {T{}, -1}; }
  __device__ Acc step(Acc acc, T v, int64_t j) const {
    return acc.index < 0 || beats(v, acc.value) ? Acc{v, j} : acc;
  }
  // Of two candidates, the one that beats the other, or on a tie the lower index.
  __device__ Acc combine(Acc a, Acc b) const {
    if (a.index < 0) return b;
    if (b.index < 0) return a;
    if (beats(b.value, a.value)) return b;
    if (beats(a.value, b.value)) return a;
    return b.index < a.index ? b : a;
  }
  __device__ int64_t finish(Acc acc) const { return acc.index; }
};

// out[r] = reduction of row r of in [rows, n]; one block per row.
template <typename T, typename Out, typename R>
__global__ void row_reduce_kernel(const T* in, Out* out, int64_t rows, int64_t n, R r) {
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* p = in + row * n;
    typename R::Acc acc = r.init();
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) acc = r.step(acc, p[j], j);
    acc = block_reduce(
        acc, [&](auto a, auto b) { return r.combine(a, b); }, r.init());
    if (threadIdx.x == 0) out[row] = r.finish(acc);
  }
}

constexpr int kColumns = 32, kSplit = 8;

// out[o, i] = reduction over j of in[o, j, i]; a block of kColumns × kSplit threads per tile of
// kColumns columns of one o.
template <typename T, typename Out, typename R>
__global__ void column_reduce_kernel(const T* in, Out* out, int64_t outer, int64_t n, int64_t inner,
                                     R r) {
  using Acc = typename R::Acc;
  __shared__ alignas(Acc) unsigned char storage[kSplit * kColumns * sizeof(Acc)];
  Acc* partial = reinterpret_cast<Acc*>(storage);
  const int64_t tiles_per_row = (inner + kColumns - 1) / kColumns;
  for (int64_t tile = blockIdx.x; tile < outer * tiles_per_row; tile += gridDim.x) {
    const int64_t o = tile / tiles_per_row;
    const int64_t i = (tile % tiles_per_row) * kColumns + threadIdx.x;
    Acc acc = r.init();
    if (i < inner) {
      const T* p = in + o * n * inner + i;
      for (int64_t j = threadIdx.y; j < n; j += kSplit) acc = r.step(acc, p[j * inner], j);
    }
    partial[threadIdx.y * kColumns + threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && i < inner) {
      for (int s = 1; s < kSplit; ++s) acc = r.combine(acc, partial[s * kColumns + threadIdx.x]);
      out[o * inner + i] = r.finish(acc);
    }
    __syncthreads();
  }
}

template <typename T, typename Out, typename R>
void reduce_dim(const char* op, const T* in, Out* out, DimSplit s, R r) {
  const int64_t lanes = s.outer * s.inner;
  if (lanes == 0) return;
  if (s.inner == 1) {
    const int threads = row_threads(s.n);
    launch(op, "row_reduce_kernel", row_reduce_kernel<T, Out, R>, row_blocks(s.outer, threads),
           threads, 0, in, out, s.outer, s.n, r);
  } else {
    const int64_t tiles = s.outer * ((s.inner + kColumns - 1) / kColumns);
    launch(op, "column_reduce_kernel", column_reduce_kernel<T, Out, R>,
           static_cast<unsigned>(std::min<int64_t>(tiles, grid_for(tiles * kColumns * kSplit))),
           dim3(kColumns, kSplit), 0, in, out, s.outer, s.n, s.inner, r);
  }
}

// Running sums along rows of [rows, n], one block per row; from the end when reverse.
template <typename T, typename Acc>
__global__ void row_cumsum_kernel(const T* in, T* out, int64_t rows, int64_t n, bool reverse) {
  __shared__ typename BlockScan<Acc>::TempStorage temp;
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    auto at = [&](int64_t j) { return row * n + (reverse ? n - 1 - j : j); };
    block_running_sums<Acc>(
        n, temp, [&](int64_t j) { return static_cast<Acc>(in[at(j)]); },
        [&](int64_t j, Acc sum) { out[at(j)] = static_cast<T>(sum); });
  }
}

// Running sums along a strided dimension: one thread per lane, in order, as the CPU does.
template <typename T, typename Acc>
__global__ void lane_cumsum_kernel(const T* in, T* out, int64_t lanes, int64_t n, int64_t inner,
                                   bool reverse) {
  for (int64_t lane = grid_first(); lane < lanes; lane += grid_stride()) {
    const int64_t first = reverse ? n - 1 : 0, step = reverse ? -inner : inner;
    int64_t k = ((lane / inner) * n + first) * inner + lane % inner;
    Acc acc = 0;
    for (int64_t j = 0; j < n; ++j, k += step) {
      acc += static_cast<Acc>(in[k]);
      out[k] = static_cast<T>(acc);
    }
  }
}

// Partial Σ x² per block into partial[blockIdx.x]; then one block adds the partials in order.
__global__ void squares_kernel(const float* x, int64_t n, double* partial) {
  double acc = 0;
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    acc += static_cast<double>(x[i]) * x[i];
  }
  acc = block_reduce(acc, Add{}, 0.0);
  if (threadIdx.x == 0) partial[blockIdx.x] = acc;
}

__global__ void total_kernel(const double* partial, int count, double* total) {
  double acc = 0;
  for (int i = threadIdx.x; i < count; i += blockDim.x) acc += partial[i];
  acc = block_reduce(acc, Add{}, 0.0);
  if (threadIdx.x == 0) *total = acc;
}

}  // namespace

void CudaBackend::sum_dim(const Tensor& x, int64_t dim, Tensor& out) {
  dispatch_numeric("sum", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    reduce_dim("sum", ptr<T>(x), ptr<T>(out), split_at(x.shape(), dim), SumReducer<T>{});
  });
}

void CudaBackend::arg_extreme(const Tensor& x, int64_t dim, bool largest, Tensor& out) {
  const char* op = largest ? "argmax" : "argmin";
  dispatch_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    reduce_dim(op, ptr<T>(x), ptr<int64_t>(out), split_at(x.shape(), dim), ArgReducer<T>{largest});
  });
}

void CudaBackend::cumsum(const Tensor& x, int64_t dim, bool reverse, Tensor& out) {
  const DimSplit s = split_at(x.shape(), dim);
  if (s.outer * s.inner * s.n == 0) return;
  dispatch_numeric("cumsum", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    if (s.inner == 1) {
      launch("cumsum", "row_cumsum_kernel", row_cumsum_kernel<T, Acc>,
             row_blocks(s.outer, kScanThreads), kScanThreads, 0, ptr<T>(x), ptr<T>(out), s.outer,
             s.n, reverse);
    } else {
      launch_over(s.outer * s.inner, "cumsum", "lane_cumsum_kernel", lane_cumsum_kernel<T, Acc>,
                  ptr<T>(x), ptr<T>(out), s.outer * s.inner, s.n, s.inner, reverse);
    }
  });
}

// Σ x² in double; the one kernel of the interface that returns a value, so it waits for the GPU.
double CudaBackend::squared_norm(const Tensor& x) {
  const int64_t n = x.numel();
  if (n == 0) return 0;
  const unsigned blocks = grid_for(n);
  DeviceBuffer partial((blocks + 1) * sizeof(double));
  launch("squared_norm", "squares_kernel", squares_kernel, blocks, kThreads, 0, ptr<float>(x), n,
         partial.as<double>());
  launch("squared_norm", "total_kernel", total_kernel, 1, 1024, 0, partial.as<double>(),
         static_cast<int>(blocks), partial.as<double>() + blocks);
  double total = 0;
  BUILDGPT_CUDA_CHECK("squared_norm",
                      cudaMemcpyAsync(&total, partial.as<double>() + blocks, sizeof(double),
                                      cudaMemcpyDeviceToHost, stream()));
  BUILDGPT_CUDA_CHECK("squared_norm", cudaStreamSynchronize(stream()));
  return total;
}

}  // namespace buildgpt::cuda
