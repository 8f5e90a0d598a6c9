// Layout and indexing kernels of the GPU: permuted copies, triangles, slices along a dimension,
// and picking or scatter-adding elements by int64 indices. Kernels that only move elements work
// on their bytes (1, 4 or 8 per element), so one instantiation serves every dtype of a size.
#include <bit>

#include "autograd/cpu/dtype_switch.h"
#include "cuda/allocator.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/layouts.cuh"
#include "cuda/radix_sort.h"

namespace buildgpt::cuda {
namespace {

using cpu::dispatch_numeric;

// Calls body(W{}) with W the unsigned type as wide as one element of `dtype`.
template <typename Body>
void dispatch_width(DType dtype, Body&& body) {
  switch (dtype_size(dtype)) {
    case 1:
      return body(uint8_t{});
    case 4:
      return body(uint32_t{});
    default:
      return body(uint64_t{});
  }
}

// out[i] = in[layout.offset(i)].
template <typename W>
__global__ void strided_copy_kernel(const W* in, W* out, int64_t n, Strided layout) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) out[i] = in[layout.offset(i)];
}

template <typename W>
__global__ void triangle_kernel(const W* in, W* out, int64_t n, int64_t rows, int64_t cols,
                                int64_t diagonal, bool lower) {
  for (int64_t k = grid_first(); k < n; k += grid_stride()) {
    const int64_t j = k % cols, i = (k / cols) % rows;
    const bool keep = lower ? j - i <= diagonal : j - i >= diagonal;
    out[k] = keep ? in[k] : W{};
  }
}

// out [outer, count, inner] = x [outer, n, inner] at rows index[0..count).
template <typename W>
__global__ void index_select_kernel(const W* x, const int64_t* index, W* out, int64_t total,
                                    int64_t n, int64_t count, int64_t inner) {
  for (int64_t r = grid_first(); r < total; r += grid_stride()) {
    const int64_t i = r % inner, j = (r / inner) % count, o = r / (inner * count);
    out[r] = x[(o * n + index[j]) * inner + i];
  }
}

// index_add over indices sorted stably (keys: the index values, positions: where each was): the
// thread at the start of each run of equal indices adds that run's source rows into out in
// position order, which is the CPU's order of additions.
__global__ void index_add_sorted_kernel(const float* src, const uint64_t* keys,
                                        const int64_t* positions, float* out, int64_t total,
                                        int64_t n, int64_t count, int64_t inner) {
  for (int64_t r = grid_first(); r < total; r += grid_stride()) {
    const int64_t i = r % inner, p = (r / inner) % count, o = r / (inner * count);
    if (p > 0 && keys[p] == keys[p - 1]) continue;
    const uint64_t target = keys[p];
    float* dst = out + (o * n + static_cast<int64_t>(target)) * inner + i;
    float acc = *dst;
    for (int64_t q = p; q < count && keys[q] == target; ++q) {
      acc += src[(o * count + positions[q]) * inner + i];
    }
    *dst = acc;
  }
}

__global__ void index_keys_kernel(const int64_t* index, uint64_t* keys, int64_t* positions,
                                  int64_t count) {
  for (int64_t j = grid_first(); j < count; j += grid_stride()) {
    keys[j] = static_cast<uint64_t>(index[j]);
    positions[j] = j;
  }
}

template <typename T>
__global__ void gather_kernel(const T* x, const int64_t* index, T* out, int64_t n,
                              IndexLayout layout) {
  for (int64_t k = grid_first(); k < n; k += grid_stride()) {
    out[k] = x[layout.offset(k, index[k])];
  }
}

// One thread per lane (every coordinate but dim's fixed): two lanes never add into the same
// element, and each adds along dim in order, as the CPU does.
template <typename T>
__global__ void scatter_add_kernel(const T* src, const int64_t* index, T* out, int64_t lanes,
                                   int64_t n, int64_t inner, IndexLayout layout) {
  for (int64_t lane = grid_first(); lane < lanes; lane += grid_stride()) {
    const int64_t first = (lane / inner) * n * inner + lane % inner;
    for (int64_t j = 0; j < n; ++j) {
      const int64_t k = first + j * inner;
      out[layout.offset(k, index[k])] += src[k];
    }
  }
}

}  // namespace

void CudaBackend::permute(const Tensor& x, const Dims& perm, Tensor& out) {
  if (out.numel() == 0) return;
  const Strided layout = permute_layout(x.shape(), perm);
  dispatch_width(x.dtype(), [&](auto zero) {
    using W = decltype(zero);
    launch_over(out.numel(), "permute", "strided_copy_kernel", strided_copy_kernel<W>, ptr<W>(x),
                ptr<W>(out), out.numel(), layout);
  });
}

void CudaBackend::triangle(const Tensor& x, int64_t diagonal, bool lower, Tensor& out) {
  const int64_t rows = x.size(-2), cols = x.size(-1);
  dispatch_width(x.dtype(), [&](auto zero) {
    using W = decltype(zero);
    launch_over(out.numel(), lower ? "tril" : "triu", "triangle_kernel", triangle_kernel<W>,
                ptr<W>(x), ptr<W>(out), out.numel(), rows, cols, diagonal, lower);
  });
}

// One strided 2-D copy: `outer` rows of the source's block, each landing `offset` rows into its
// slot of the destination.
void CudaBackend::copy_into_slice(const Tensor& src, Tensor& dst, int64_t dim, int64_t offset) {
  const DimSplit s = split_at(src.shape(), dim), so = split_at(dst.shape(), dim);
  const size_t es = dtype_size(src.dtype()), block = s.n * s.inner * es;
  if (block == 0 || s.outer == 0) return;
  auto* o = static_cast<char*>(dst.raw_data()) + offset * s.inner * es;
  BUILDGPT_CUDA_CHECK("copy_into_slice",
                      cudaMemcpy2DAsync(o, so.n * s.inner * es, src.raw_data(), block, block,
                                        s.outer, cudaMemcpyDeviceToDevice, stream()));
}

void CudaBackend::index_select(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) {
  const DimSplit s = split_at(x.shape(), dim);
  const int64_t count = index.numel();
  dispatch_width(x.dtype(), [&](auto zero) {
    using W = decltype(zero);
    launch_over(out.numel(), "index_select", "index_select_kernel", index_select_kernel<W>,
                ptr<W>(x), ptr<int64_t>(index), ptr<W>(out), out.numel(), s.n, count, s.inner);
  });
}

void CudaBackend::index_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) {
  constexpr const char* op = "index_add";
  const DimSplit s = split_at(out.shape(), dim);
  const int64_t count = index.numel(), total = s.outer * count * s.inner;
  if (total == 0) return;
  DeviceBuffer keys(2 * count * sizeof(uint64_t)), positions(2 * count * sizeof(int64_t));
  uint64_t* keys_in = keys.as<uint64_t>();
  int64_t* positions_in = positions.as<int64_t>();
  launch_over(count, op, "index_keys_kernel", index_keys_kernel, ptr<int64_t>(index), keys_in,
              positions_in, count);
  const int bits = std::max(1, static_cast<int>(std::bit_width(static_cast<uint64_t>(s.n))));
  sort_pairs(op, keys_in, keys_in + count, positions_in, positions_in + count, 1, count, bits);
  launch_over(total, op, "index_add_sorted_kernel", index_add_sorted_kernel, ptr<float>(src),
              keys_in + count, positions_in + count, ptr<float>(out), total, s.n, count, s.inner);
}

void CudaBackend::gather(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) {
  const IndexLayout layout = index_layout(index.shape(), x.shape(), dim, "gather");
  cpu::dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(out.numel(), "gather", "gather_kernel", gather_kernel<T>, ptr<T>(x),
                ptr<int64_t>(index), ptr<T>(out), out.numel(), layout);
  });
}

void CudaBackend::scatter_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) {
  const IndexLayout layout = index_layout(index.shape(), out.shape(), dim, "scatter_add");
  const DimSplit s = split_at(index.shape(), dim);
  dispatch_numeric("scatter_add", src.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(s.outer * s.inner, "scatter_add", "scatter_add_kernel", scatter_add_kernel<T>,
                ptr<T>(src), ptr<int64_t>(index), ptr<T>(out), s.outer * s.inner, s.n, s.inner,
                layout);
  });
}

}  // namespace buildgpt::cuda
