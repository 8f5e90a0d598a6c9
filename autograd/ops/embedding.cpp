// embedding: rows of a [V, C] table picked by integer ids, and the scatter-add that sends each
// output row's gradient back to its table row.
#include <algorithm>
#include <cstring>
#include <string>

#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

namespace buildgpt {
namespace {

// ids as int64 after checking their dtype and that each is a row of a table of `rows` rows.
Tensor checked_ids(const Tensor& ids, const Tensor& weight) {
  check_defined("embedding", ids, "ids");
  if (ids.dtype() != kInt64 && ids.dtype() != kInt32) {
    fail("embedding", std::string("ids must be int64 or int32, got ") + dtype_name(ids.dtype()) +
                          " of shape " + shape_str(ids.shape()));
  }
  check_same_device("embedding", ids, weight);
  const Tensor out = ids.to(kInt64);
  const int64_t rows = weight.size(0);
  const int64_t* p = out.data<int64_t>();
  for (int64_t i = 0, n = out.numel(); i < n; ++i) {
    if (p[i] < 0 || p[i] >= rows) {
      fail("embedding", "id " + std::to_string(p[i]) + " is out of range for weight of shape " +
                            shape_str(weight.shape()) + " (V = " + std::to_string(rows) + ")");
    }
  }
  return out;
}

}  // namespace

Tensor embedding(const Tensor& ids, const Tensor& weight) {
  check_float("embedding", weight, "weight");
  check_cpu("embedding", weight);
  if (weight.dim() != 2) {
    fail("embedding", "weight must be [V, C], got shape " + shape_str(weight.shape()));
  }
  const Tensor idx = checked_ids(ids, weight);
  const int64_t n = idx.numel(), cols = weight.size(1);
  Shape out_shape = ids.shape();
  out_shape.push_back(cols);
  Tensor out = empty(out_shape);
  const int64_t* pi = idx.data<int64_t>();
  const float* pw = weight.data<float>();
  float* po = out.data<float>();
  cpu::parallel_for(n, cpu::grain_for(cols), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      std::memcpy(po + i * cols, pw + pi[i] * cols, cols * sizeof(float));
  });
  // dweight[v] = Σ_{i: ids[i] = v} dy[i]; threads split the columns and each adds the ids in
  // order, so repeated ids accumulate deterministically
  return record("embedding", out, {weight},
                [idx, wshape = weight.shape()](const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dw = zeros(wshape);
                  const int64_t n = idx.numel(), cols = wshape[1];
                  const int64_t* pi = idx.data<int64_t>();
                  const float* pg = g.data<float>();
                  float* pd = dw.data<float>();
                  cpu::parallel_for(
                      cols, std::max<int64_t>(16, cpu::kParallelGrain / std::max<int64_t>(n, 1)),
                      [&](int64_t begin, int64_t end) {
                        for (int64_t i = 0; i < n; ++i) {
                          float* row = pd + pi[i] * cols;
                          const float* gi = pg + i * cols;
                          for (int64_t c = begin; c < end; ++c) row[c] += gi[c];
                        }
                      });
                  return {dw};
                });
}

}  // namespace buildgpt
