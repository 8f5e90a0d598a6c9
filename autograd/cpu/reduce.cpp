// Reduction kernels of the CPU: sums, the index of an extreme, running sums, the squared norm.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/dtype_switch.h"
#include "autograd/cpu/reduce_loop.h"
#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {
namespace {

// Columns summed together by one task of sum_columns: 4 KiB of double accumulators.
constexpr int64_t kColumns = 512;

// acc[i] += row[i] for one row of a column block.
BUILDGPT_VECTOR_CLONES void add_row(const float* row, double* acc, int64_t w) {
  for (int64_t i = 0; i < w; ++i) acc[i] += row[i];
}

template <typename T, typename Acc>
void add_row(const T* row, Acc* acc, int64_t w) {
  for (int64_t i = 0; i < w; ++i) acc[i] += static_cast<Acc>(row[i]);
}

// out[o, i] = Σ_j x[o, j, i] for inner > 1 (a bias gradient: the sum over rows). Each task keeps
// a block of columns' accumulators and adds the rows into them, so the reads run along memory
// (a column at a time would stride by `inner`); each column is still summed in row order.
template <typename T, typename Acc>
void sum_columns(const T* in, T* out, DimSplit s) {
  const int64_t blocks = (s.inner + kColumns - 1) / kColumns;
  parallel_for(s.outer * blocks, grain_for(s.n * kColumns), [&](int64_t begin, int64_t end) {
    Acc acc[kColumns];
    for (int64_t task = begin; task < end; ++task) {
      const int64_t o = task / blocks, c = task % blocks * kColumns;
      const int64_t w = std::min(kColumns, s.inner - c);
      const T* p = in + o * s.n * s.inner + c;
      std::fill_n(acc, w, Acc{0});
      for (int64_t j = 0; j < s.n; ++j) add_row(p + j * s.inner, acc, w);
      for (int64_t i = 0; i < w; ++i) out[o * s.inner + c + i] = static_cast<T>(acc[i]);
    }
  });
}

// Whether v replaces the current extreme `best`; NaN wins and then stays.
template <typename T>
bool beats(T v, T best, bool largest) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(best)) return false;
    if (std::isnan(v)) return true;
  }
  return largest ? v > best : v < best;
}

}  // namespace

void CpuBackend::sum_dim(const Tensor& x, int64_t dim, Tensor& out) {
  dispatch_numeric("sum", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    const DimSplit s = split_at(x.shape(), dim);
    if (s.inner > 1) return sum_columns<T, Acc>(ptr<T>(x), ptr<T>(out), s);
    reduce_dim(
        ptr<T>(x), ptr<T>(out), s, Acc{0},
        [](Acc acc, T v, int64_t) { return acc + static_cast<Acc>(v); },
        [](Acc acc, int64_t) { return static_cast<T>(acc); });
  });
}

void CpuBackend::arg_extreme(const Tensor& x, int64_t dim, bool largest, Tensor& out) {
  dispatch_numeric(largest ? "argmax" : "argmin", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    struct Best {
      T value;
      int64_t index;
    };
    reduce_dim(
        ptr<T>(x), ptr<int64_t>(out), split_at(x.shape(), dim), Best{T{}, 0},
        [largest](Best acc, T v, int64_t j) {
          return j == 0 || beats(v, acc.value, largest) ? Best{v, j} : acc;
        },
        [](Best acc, int64_t) { return acc.index; });
  });
}

void CpuBackend::cumsum(const Tensor& x, int64_t dim, bool reverse, Tensor& out) {
  const DimSplit s = split_at(x.shape(), dim);
  dispatch_numeric("cumsum", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    const T* in = ptr<T>(x);
    T* o = ptr<T>(out);
    const int64_t first = reverse ? s.n - 1 : 0, step = reverse ? -s.inner : s.inner;
    parallel_for(s.outer * s.inner, grain_for(s.n), [&](int64_t b, int64_t e) {
      for (int64_t lane = b; lane < e; ++lane) {
        int64_t k = ((lane / s.inner) * s.n + first) * s.inner + lane % s.inner;
        Acc acc = 0;
        for (int64_t j = 0; j < s.n; ++j, k += step) {
          acc += static_cast<Acc>(in[k]);
          o[k] = static_cast<T>(acc);
        }
      }
    });
  });
}

void CpuBackend::squared_norm(const Tensor& x, Tensor& out, int64_t slot) {
  const float* d = ptr<float>(x);
  const int64_t n = x.numel();
  double sum_sq = 0;
#pragma omp parallel for reduction(+ : sum_sq) if (n >= kParallelGrain)
  for (int64_t i = 0; i < n; ++i) sum_sq += static_cast<double>(d[i]) * d[i];
  ptr<float>(out)[slot] = static_cast<float>(sum_sq);
}

}  // namespace buildgpt::cpu
