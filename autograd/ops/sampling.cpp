// multinomial, topk and sort: ops that pick indices, so they record no gradients.
#include "autograd/ops/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"

namespace buildgpt {
namespace {

// Where a weight sits, as "[col]" or "[row, col]".
std::string position(int64_t row, int64_t col, bool two_d) {
  return shape_str(two_d ? Shape{row, col} : Shape{col});
}

// Checks one row of weights and returns their running sums in double.
std::vector<double> cumulative_weights(const float* w, int64_t v, int64_t row, bool two_d) {
  std::vector<double> cdf(v);
  double total = 0;
  for (int64_t i = 0; i < v; ++i) {
    if (!std::isfinite(w[i])) {
      fail("multinomial", "weights must be finite, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    if (w[i] < 0) {
      fail("multinomial", "weights must be non-negative, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    total += w[i];
    cdf[i] = total;
  }
  if (total == 0) {
    fail("multinomial", two_d ? "row " + std::to_string(row) + " of the weights sums to zero"
                              : std::string("the weights sum to zero"));
  }
  return cdf;
}

// With replacement: inverse CDF, a binary search for the first running sum above u · total.
void draw_with_replacement(const std::vector<double>& cdf, int64_t* out, int64_t count,
                           Generator& gen) {
  const double total = cdf.back();
  // u · total can round up to total; the last category with weight is the right answer then.
  const auto last = std::lower_bound(cdf.begin(), cdf.end(), total) - cdf.begin();
  for (int64_t s = 0; s < count; ++s) {
    const auto hit = std::upper_bound(cdf.begin(), cdf.end(), gen.next_double() * total);
    out[s] = std::min<int64_t>(hit - cdf.begin(), last);
  }
}

// Without replacement: draw from the remaining weights, then zero the drawn one.
void draw_without_replacement(const float* weights, int64_t v, int64_t* out, int64_t count,
                              Generator& gen, int64_t row, bool two_d) {
  std::vector<double> w(weights, weights + v);
  const auto nonzero = std::count_if(w.begin(), w.end(), [](double x) { return x > 0; });
  if (count > nonzero) {
    fail("multinomial", "cannot draw " + std::to_string(count) +
                            " samples without replacement from " +
                            (two_d ? "row " + std::to_string(row) : std::string("weights")) +
                            " with only " + std::to_string(nonzero) + " non-zero weights");
  }
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

// The values of x along dim, sorted (ties keep index order), and their indices; only the first
// k of each row when k is given.
std::pair<Tensor, Tensor> ordered(const char* op, const Tensor& x, int64_t dim, bool descending,
                                  std::optional<int64_t> k_opt) {
  check_defined(op, x);
  check_cpu(op, x);
  if (x.dim() == 0) fail(op, "needs a tensor with at least one dimension, got a 0-d tensor");
  const int64_t d = normalize_dim(dim, x.dim(), op);
  const int64_t n = x.size(d), k = k_opt.value_or(n);
  if (k < 0 || k > n) {
    fail(op, "k = " + std::to_string(k) + " is out of range [0, " + std::to_string(n) +
                 "] for dimension " + std::to_string(d) + " of shape " + shape_str(x.shape()));
  }
  Shape out_shape = x.shape();
  out_shape[d] = k;
  Tensor values = empty(out_shape, x.dtype(), x.device());
  Tensor indices = empty(out_shape, kInt64, x.device());
  const DimSplit s = split_at(x.shape(), d);
  cpu::dispatch_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    // NaN sorts above every number, as the largest value.
    auto less = [](T a, T b) {
      if constexpr (std::is_floating_point_v<T>) {
        return !std::isnan(a) && (std::isnan(b) || a < b);
      } else {
        return a < b;
      }
    };
    const T* in = x.data<T>();
    T* pv = values.data<T>();
    int64_t* pi = indices.data<int64_t>();
    const int64_t lanes = s.outer * s.inner;
    const int64_t grain = std::max<int64_t>(1, cpu::kParallelGrain / std::max<int64_t>(n, 1));
    cpu::parallel_for(lanes, grain, [&](int64_t begin, int64_t end) {
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
  return {values, indices};
}

}  // namespace

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator* gen) {
  check_float("multinomial", probs, "probs");
  check_cpu("multinomial", probs);
  if (probs.dim() != 1 && probs.dim() != 2) {
    fail("multinomial",
         "probs must be 1-D [V] or 2-D [N, V], got shape " + shape_str(probs.shape()));
  }
  const int64_t v = probs.size(-1);
  if (num_samples <= 0) {
    fail("multinomial", "num_samples must be positive, got " + std::to_string(num_samples));
  }
  if (!replacement && num_samples > v) {
    fail("multinomial", "cannot draw " + std::to_string(num_samples) +
                            " samples without replacement from " + std::to_string(v) +
                            " categories (probs of shape " + shape_str(probs.shape()) + ")");
  }
  const bool two_d = probs.dim() == 2;
  const int64_t rows = two_d ? probs.size(0) : 1;
  Generator& g = gen ? *gen : default_generator();
  Tensor out = empty(two_d ? Shape{rows, num_samples} : Shape{num_samples}, kInt64);
  const float* p = probs.data<float>();
  int64_t* po = out.data<int64_t>();
  for (int64_t r = 0; r < rows; ++r) {
    const std::vector<double> cdf = cumulative_weights(p + r * v, v, r, two_d);
    if (replacement) {
      draw_with_replacement(cdf, po + r * num_samples, num_samples, g);
    } else {
      draw_without_replacement(p + r * v, v, po + r * num_samples, num_samples, g, r, two_d);
    }
  }
  return out;
}

std::pair<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim, bool largest) {
  return ordered("topk", x, dim, largest, k);
}

std::pair<Tensor, Tensor> sort(const Tensor& x, int64_t dim, bool descending) {
  return ordered("sort", x, dim, descending, std::nullopt);
}

}  // namespace buildgpt
