// Kernels of the GPU that choose indices: multinomial draws and sorting along a dimension.
#include "autograd/cpu/dtype_switch.h"
#include "cuda/allocator.h"
#include "cuda/block_reduce.cuh"
#include "cuda/block_scan.cuh"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/pcg32.cuh"
#include "cuda/radix_sort.h"
#include "cuda/sort_keys.cuh"

namespace buildgpt::cuda {
namespace {

using Scan = BlockScan<double>;

// Running sums of the row's weights in double into cdf.
template <typename W>
__device__ void row_cdf(const W* w, int64_t v, double* cdf, Scan::TempStorage& temp) {
  block_running_sums<double>(
      v, temp, [&](int64_t i) { return static_cast<double>(w[i]); },
      [&](int64_t i, double sum) { cdf[i] = sum; });
}

struct MinIndex {
  __device__ int64_t operator()(int64_t a, int64_t b) const { return a < b ? a : b; }
};
struct MaxIndex {
  __device__ int64_t operator()(int64_t a, int64_t b) const { return a > b ? a : b; }
};

// With replacement, one block per row: inverse CDF, the first running sum above u · total, where
// draw s of row r is the CPU's draw r · count + s of the generator (two 32-bit draws each).
__global__ void multinomial_replacement_kernel(const float* weights, int64_t rows, int64_t v,
                                               int64_t count, Pcg32 start, double* cdf_all,
                                               int64_t* out) {
  __shared__ Scan::TempStorage temp;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    double* cdf = cdf_all + r * v;
    row_cdf(weights + r * v, v, cdf, temp);
    const double total = cdf[v - 1];
    // u · total can round up to total: the last category with weight answers then.
    int64_t last = v - 1;
    for (int64_t i = threadIdx.x; i < v; i += blockDim.x) {
      if (cdf[i] >= total) last = last < i ? last : i;
    }
    last = block_reduce(last, MinIndex{}, v - 1);
    for (int64_t s = threadIdx.x; s < count; s += blockDim.x) {
      Pcg32 g = start;
      g.advance(2 * static_cast<uint64_t>(r * count + s));
      const double u = g.next_double() * total;
      int64_t lo = 0, hi = v;  // the first i with cdf[i] > u, or v
      while (lo < hi) {
        const int64_t mid = (lo + hi) / 2;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      out[r * count + s] = lo < last ? lo : last;
    }
    __syncthreads();
  }
}

// Without replacement, one block per row, draws in order: pick from the remaining weights (a
// double copy in w_all), then zero the pick.
__global__ void multinomial_kernel(const float* weights, int64_t rows, int64_t v, int64_t count,
                                   Pcg32 start, double* w_all, double* cdf_all, int64_t* out) {
  __shared__ Scan::TempStorage temp;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    double *w = w_all + r * v, *cdf = cdf_all + r * v;
    for (int64_t i = threadIdx.x; i < v; i += blockDim.x) w[i] = weights[r * v + i];
    __syncthreads();
    for (int64_t s = 0; s < count; ++s) {
      row_cdf(w, v, cdf, temp);
      const double total = cdf[v - 1];
      Pcg32 g = start;
      g.advance(2 * static_cast<uint64_t>(r * count + s));
      const double u = g.next_double() * total;
      // The first category with weight whose running sum passes u, else the last with weight.
      int64_t first = v, last = -1;
      for (int64_t i = threadIdx.x; i < v; i += blockDim.x) {
        if (w[i] == 0) continue;
        if (cdf[i] > u && i < first) first = i;
        if (i > last) last = i;
      }
      first = block_reduce(first, MinIndex{}, v);
      last = block_reduce(last, MaxIndex{}, int64_t{-1});
      const int64_t pick = first < v ? first : last;
      if (threadIdx.x == 0) {
        out[r * count + s] = pick;
        w[pick] = 0;
      }
      __syncthreads();
    }
  }
}

// keys and positions of every lane's n elements, lane by lane (lane = (outer, inner) position).
template <typename T>
__global__ void sort_keys_kernel(const T* x, int64_t total, int64_t n, int64_t inner,
                                 bool descending, uint64_t* keys, int64_t* positions) {
  for (int64_t k = grid_first(); k < total; k += grid_stride()) {
    const int64_t j = k % n, lane = k / n, o = lane / inner, i = lane % inner;
    keys[k] = sort_key(x[(o * n + j) * inner + i], descending);
    positions[k] = j;
  }
}

// The first `top` sorted positions of each lane, and the values there.
template <typename T>
__global__ void sorted_out_kernel(const T* x, const int64_t* positions, int64_t total, int64_t n,
                                  int64_t top, int64_t inner, T* values, int64_t* indices) {
  for (int64_t k = grid_first(); k < total; k += grid_stride()) {
    const int64_t j = k % top, lane = k / top, o = lane / inner, i = lane % inner;
    const int64_t pick = positions[lane * n + j];
    values[(o * top + j) * inner + i] = x[(o * n + pick) * inner + i];
    indices[(o * top + j) * inner + i] = pick;
  }
}

Pcg32 start_of(const Generator& gen) {
  const Generator::State s = gen.get_state();
  return {s.state, s.inc};
}

// Moves the generator past the draws a kernel took, as the CPU's would be after them.
void skip(Generator& gen, uint64_t draws) {
  const Generator::State s = gen.get_state();
  Pcg32 g{s.state, s.inc};
  g.advance(draws);
  gen.set_state({s.seed, g.state, g.inc});
}

}  // namespace

void CudaBackend::multinomial(const Tensor& weights, bool replacement, Generator& gen,
                              Tensor& out) {
  constexpr const char* op = "multinomial";
  const int64_t rows = weights.size(0), v = weights.size(1), count = out.size(1);
  if (rows == 0 || count == 0) return;
  const unsigned blocks = row_blocks(rows, kScanThreads);
  DeviceBuffer cdf(rows * v * sizeof(double));
  if (replacement) {
    launch(op, "multinomial_replacement_kernel", multinomial_replacement_kernel, blocks,
           kScanThreads, 0, ptr<float>(weights), rows, v, count, start_of(gen), cdf.as<double>(),
           ptr<int64_t>(out));
  } else {
    DeviceBuffer remaining(rows * v * sizeof(double));
    launch(op, "multinomial_kernel", multinomial_kernel, blocks, kScanThreads, 0,
           ptr<float>(weights), rows, v, count, start_of(gen), remaining.as<double>(),
           cdf.as<double>(), ptr<int64_t>(out));
  }
  skip(gen, 2 * static_cast<uint64_t>(rows * count));
}

void CudaBackend::sort(const Tensor& x, int64_t dim, bool descending, Tensor& values,
                       Tensor& indices) {
  constexpr const char* op = "sort";
  const DimSplit s = split_at(x.shape(), dim);
  const int64_t top = values.size(dim), lanes = s.outer * s.inner, total = lanes * s.n;
  if (total == 0 || top == 0) return;
  DeviceBuffer keys(2 * total * sizeof(uint64_t)), positions(2 * total * sizeof(int64_t));
  uint64_t* keys_in = keys.as<uint64_t>();
  int64_t* positions_in = positions.as<int64_t>();
  cpu::dispatch_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(total, op, "sort_keys_kernel", sort_keys_kernel<T>, ptr<T>(x), total, s.n, s.inner,
                descending, keys_in, positions_in);
    sort_pairs(op, keys_in, keys_in + total, positions_in, positions_in + total, lanes, s.n,
               sizeof(T) * 8);
    launch_over(lanes * top, op, "sorted_out_kernel", sorted_out_kernel<T>, ptr<T>(x),
                positions_in + total, lanes * top, s.n, top, s.inner, ptr<T>(values),
                ptr<int64_t>(indices));
  });
}

}  // namespace buildgpt::cuda
