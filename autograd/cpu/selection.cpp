// Kernels of the CPU that choose indices: multinomial draws and sorting along a dimension.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>
#include <vector>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/dtype_switch.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {
namespace {

// With replacement: inverse CDF, a binary search for the first running sum above u · total.
void draw_with_replacement(const float* w, int64_t v, int64_t* out, int64_t count, Generator& gen) {
  std::vector<double> cdf(v);
  double total = 0;
  for (int64_t i = 0; i < v; ++i) cdf[i] = total += w[i];
  // u · total can round up to total; the last category with weight is the right answer then.
  const auto last = std::lower_bound(cdf.begin(), cdf.end(), total) - cdf.begin();
  for (int64_t s = 0; s < count; ++s) {
    const auto hit = std::upper_bound(cdf.begin(), cdf.end(), gen.next_double() * total);
    out[s] = std::min<int64_t>(hit - cdf.begin(), last);
  }
}

// Without replacement: draw from the remaining weights, then zero the drawn one.
void draw_without_replacement(const float* weights, int64_t v, int64_t* out, int64_t count,
                              Generator& gen) {
  std::vector<double> w(weights, weights + v);
  for (int64_t s = 0; s < count; ++s) {
    // Summed afresh each draw (the scan is linear anyway), so no subtraction error builds up.
    const double u = gen.next_double() * std::accumulate(w.begin(), w.end(), 0.0);
    int64_t pick = -1;
    double acc = 0;
    for (int64_t i = 0; i < v; ++i) {
      if (w[i] == 0) continue;
      pick = i;  // the last category with weight, should rounding carry u past every sum
      acc += w[i];
      if (acc > u) break;
    }
    out[s] = pick;
    w[pick] = 0;
  }
}

}  // namespace

void CpuBackend::multinomial(const Tensor& weights, bool replacement, Generator& gen, Tensor& out) {
  const int64_t rows = weights.size(0), v = weights.size(1), count = out.size(1);
  const float* p = ptr<float>(weights);
  int64_t* po = ptr<int64_t>(out);
  for (int64_t r = 0; r < rows; ++r) {
    if (replacement) {
      draw_with_replacement(p + r * v, v, po + r * count, count, gen);
    } else {
      draw_without_replacement(p + r * v, v, po + r * count, count, gen);
    }
  }
}

void CpuBackend::sort(const Tensor& x, int64_t dim, bool descending, Tensor& values,
                      Tensor& indices) {
  const DimSplit s = split_at(x.shape(), dim);
  const int64_t n = s.n, k = values.size(dim);
  dispatch_numeric("sort", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    // NaN sorts above every number, as the largest value.
    auto less = [](T a, T b) {
      if constexpr (std::is_floating_point_v<T>) {
        return !std::isnan(a) && (std::isnan(b) || a < b);
      } else {
        return a < b;
      }
    };
    const T* in = ptr<T>(x);
    T* pv = ptr<T>(values);
    int64_t* pi = ptr<int64_t>(indices);
    const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1));
    parallel_for(s.outer * s.inner, grain, [&](int64_t begin, int64_t end) {
      std::vector<int64_t> order(n);
      for (int64_t lane = begin; lane < end; ++lane) {
        const int64_t o = lane / s.inner, i = lane % s.inner;
        const T* p = in + o * n * s.inner + i;
        auto before = [&](int64_t a, int64_t b) {
          const T va = p[a * s.inner], vb = p[b * s.inner];
          if (descending ? less(vb, va) : less(va, vb)) return true;
          return !less(va, vb) && !less(vb, va) && a < b;
        };
        std::iota(order.begin(), order.end(), int64_t{0});
        // Ties are broken by index, so neither sort needs to be a stable one.
        if (k == n) {
          std::sort(order.begin(), order.end(), before);
        } else {
          std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
        }
        const int64_t base = o * k * s.inner + i;
        for (int64_t j = 0; j < k; ++j) {
          pv[base + j * s.inner] = p[order[j] * s.inner];
          pi[base + j * s.inner] = order[j];
        }
      }
    });
  });
}

}  // namespace buildgpt::cpu
