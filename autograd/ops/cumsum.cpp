// cumsum: running sums along a dimension. The backward of a running sum is the running sum of
// the gradient taken from the other end, so one kernel serves both directions.
#include <algorithm>
#include <type_traits>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/reduce.h"

namespace buildgpt {
namespace {

// out[.., j, ..] = sum of x[.., i, ..] for i <= j (or i >= j when reverse); in x's dtype,
// accumulated in double for float.
Tensor running_sum(const Tensor& x, int64_t dim, bool reverse) {
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  const DimSplit s = split_at(x.shape(), dim);
  cpu::dispatch_numeric("cumsum", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    const T* in = x.data<T>();
    T* o = out.data<T>();
    const int64_t first = reverse ? s.n - 1 : 0, step = reverse ? -s.inner : s.inner;
    cpu::parallel_for(s.outer * s.inner, cpu::grain_for(s.n), [&](int64_t b, int64_t e) {
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
  // d cumsum(x) = reverse cumsum(dy)
  return record(reverse ? "cumsum_reverse" : "cumsum", out, {x},
                [dim, reverse](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {running_sum(g, dim, !reverse)};
                });
}

}  // namespace

Tensor cumsum(const Tensor& x, int64_t dim) {
  check_defined("cumsum", x);
  check_cpu("cumsum", x);
  return running_sum(x, normalize_dim(dim, x.dim(), "cumsum"), false);
}

}  // namespace buildgpt
