// Layout and indexing kernels of the CPU: permuted copies, triangles, slices along a dimension,
// and picking or scatter-adding elements by int64 indices.
#include <algorithm>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/dtype_switch.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {
namespace {

// Calls body(k, offset) for every element k of `index` with the offset into x (of x_shape) that
// it picks. Lanes fix every coordinate but dim's, so two lanes never touch one x element.
template <typename Body>
void for_each_gathered(const Tensor& index, const Shape& x_shape, int64_t dim, const Body& body) {
  const Shape& shape = index.shape();
  const DimSplit s = split_at(shape, dim);
  const std::vector<int64_t> strides = contiguous_strides(x_shape);
  const int64_t nd = static_cast<int64_t>(shape.size());
  const int64_t dim_stride = nd ? strides[dim] : 0;
  const int64_t* idx = ptr<int64_t>(index);
  parallel_for(s.outer * s.inner, grain_for(s.n), [&](int64_t b, int64_t e) {
    for (int64_t lane = b; lane < e; ++lane) {
      int64_t rem_o = lane / s.inner, rem_i = lane % s.inner, base = 0;
      for (int64_t d = nd - 1; d > dim; --d) {
        base += (rem_i % shape[d]) * strides[d];
        rem_i /= shape[d];
      }
      for (int64_t d = dim - 1; d >= 0; --d) {
        base += (rem_o % shape[d]) * strides[d];
        rem_o /= shape[d];
      }
      const int64_t first = (lane / s.inner) * s.n * s.inner + lane % s.inner;
      for (int64_t j = 0; j < s.n; ++j) {
        const int64_t k = first + j * s.inner;
        body(k, base + idx[k] * dim_stride);
      }
    }
  });
}

}  // namespace

void CpuBackend::permute(const Tensor& x, const Dims& perm, Tensor& out) {
  const int64_t nd = x.dim();
  const Shape& out_shape = out.shape();
  const std::vector<int64_t> in_strides = contiguous_strides(x.shape());
  std::vector<int64_t> strides(nd);  // input stride of each output dimension
  for (int64_t i = 0; i < nd; ++i) strides[i] = in_strides[perm[i]];
  if (out.numel() == 0) return;
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = ptr<T>(x);
    T* o = ptr<T>(out);
    const int64_t cols = nd ? out_shape[nd - 1] : 1, rows = out.numel() / cols;
    const int64_t step = nd ? strides[nd - 1] : 0;
    // Rows in groups of kRows, columns in tiles of kCols: when the last output dimension reads
    // the input with a stride (a transpose), neighbouring rows read neighbouring elements, so a
    // group's tile reuses the cache lines it loads instead of missing on every read.
    constexpr int64_t kRows = 16, kCols = 256;
    const int64_t groups = (rows + kRows - 1) / kRows;
    parallel_for(groups, grain_for(kRows * cols), [&](int64_t gb, int64_t ge) {
      int64_t offs[kRows];
      for (int64_t g = gb; g < ge; ++g) {
        const int64_t r0 = g * kRows, n = std::min(kRows, rows - r0);
        for (int64_t i = 0; i < n; ++i) {
          int64_t rem = r0 + i, off = 0;
          for (int64_t d = nd - 2; d >= 0; --d) {
            off += (rem % out_shape[d]) * strides[d];
            rem /= out_shape[d];
          }
          offs[i] = off;
        }
        for (int64_t c0 = 0; c0 < cols; c0 += kCols) {
          const int64_t c1 = std::min(cols, c0 + kCols);
          for (int64_t i = 0; i < n; ++i) {
            T* row = o + (r0 + i) * cols;
            for (int64_t c = c0; c < c1; ++c) row[c] = in[offs[i] + c * step];
          }
        }
      }
    });
  });
}

void CpuBackend::triangle(const Tensor& x, int64_t diagonal, bool lower, Tensor& out) {
  const int64_t rows = x.size(-2), cols = x.size(-1);
  if (out.numel() == 0) return;
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = ptr<T>(x);
    T* o = ptr<T>(out);
    // One task per row of every matrix; the row's index inside its matrix is r % rows.
    parallel_for(out.numel() / cols, grain_for(cols), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const int64_t i = r % rows;
        for (int64_t j = 0; j < cols; ++j) {
          const bool keep = lower ? j - i <= diagonal : j - i >= diagonal;
          o[r * cols + j] = keep ? in[r * cols + j] : T{};
        }
      }
    });
  });
}

void CpuBackend::copy_into_slice(const Tensor& src, Tensor& dst, int64_t dim, int64_t offset) {
  const DimSplit s = split_at(src.shape(), dim), so = split_at(dst.shape(), dim);
  const size_t es = dtype_size(src.dtype()), block = s.n * s.inner * es;
  const auto* in = static_cast<const char*>(src.raw_data());
  auto* o = static_cast<char*>(dst.raw_data()) + offset * s.inner * es;
  parallel_for(s.outer, grain_for(s.n * s.inner), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) std::copy_n(in + r * block, block, o + r * so.n * s.inner * es);
  });
}

void CpuBackend::index_select(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) {
  const DimSplit s = split_at(x.shape(), dim);
  const int64_t count = index.numel();
  const int64_t* idx = ptr<int64_t>(index);
  const size_t block = s.inner * dtype_size(x.dtype());
  const auto* in = static_cast<const char*>(x.raw_data());
  auto* o = static_cast<char*>(out.raw_data());
  parallel_for(s.outer * count, grain_for(s.inner), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const int64_t outer = r / count, j = r % count;
      std::copy_n(in + (outer * s.n + idx[j]) * block, block, o + r * block);
    }
  });
}

// Split over the inner columns, so repeated indices accumulate without races, in index order.
void CpuBackend::index_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) {
  const DimSplit s = split_at(out.shape(), dim);
  const int64_t count = index.numel();
  const int64_t* idx = ptr<int64_t>(index);
  const float* pg = ptr<float>(src);
  float* po = ptr<float>(out);
  parallel_for(s.inner, grain_for(s.outer * count), [&](int64_t b, int64_t e) {
    for (int64_t outer = 0; outer < s.outer; ++outer) {
      for (int64_t j = 0; j < count; ++j) {
        const float* row = pg + (outer * count + j) * s.inner;
        float* dst = po + (outer * s.n + idx[j]) * s.inner;
        for (int64_t i = b; i < e; ++i) dst[i] += row[i];
      }
    }
  });
}

void CpuBackend::gather(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = ptr<T>(x);
    T* o = ptr<T>(out);
    for_each_gathered(index, x.shape(), dim, [&](int64_t k, int64_t off) { o[k] = in[off]; });
  });
}

void CpuBackend::scatter_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) {
  dispatch_numeric("scatter_add", src.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* ps = ptr<T>(src);
    T* po = ptr<T>(out);
    for_each_gathered(index, out.shape(), dim, [&](int64_t k, int64_t off) { po[off] += ps[k]; });
  });
}

}  // namespace buildgpt::cpu
