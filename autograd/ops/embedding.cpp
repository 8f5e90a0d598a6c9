// embedding: rows of a [V, C] table picked by integer ids, and the scatter-add that sends each
// output row's gradient back to its table row.
#include <memory>
#include <string>
#include <utility>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"
#include "autograd/value_checks.h"

namespace buildgpt {
namespace {

// ids as int64 after checking their dtype and that each is a row of `weight`.
Tensor checked_ids(const Tensor& ids, const Tensor& weight) {
  check_defined("embedding", ids, "ids");
  if (ids.dtype() != kInt64 && ids.dtype() != kInt32) {
    fail("embedding", std::string("ids must be int64 or int32, got ") + dtype_name(ids.dtype()) +
                          " of shape " + shape_str(ids.shape()));
  }
  check_same_device("embedding", ids, weight);
  const Tensor out = ids.to(kInt64);  // ids never require grad
  const int64_t rows = weight.size(0);
  if (const auto id = first_outside(out, rows)) {
    fail("embedding", "id " + std::to_string(*id) + " is out of range for weight of shape " +
                          shape_str(weight.shape()) + " (V = " + std::to_string(rows) + ")");
  }
  return out;
}

}  // namespace

Tensor embedding(const Tensor& ids, const Tensor& weight) {
  check_float("embedding", weight, "weight");
  if (weight.dim() != 2) {
    fail("embedding", "weight must be [V, C], got shape " + shape_str(weight.shape()));
  }
  const Tensor idx = checked_ids(ids, weight);
  Shape out_shape = ids.shape();
  out_shape.push_back(weight.size(1));
  Tensor out = empty(out_shape, kFloat32, weight.device());
  kernels_for(out).index_select(weight, 0, idx, out);
  // A leaf weight that already holds a gradient (the output layer's, when it is tied to this
  // table, or an earlier backward's) takes the rows in place; otherwise a dense gradient, which
  // the backward pass accumulates as any other.
  std::shared_ptr<TensorImpl> table = weight.is_leaf() ? weight.impl() : nullptr;
  // dweight[v] = Σ_{i: ids[i] = v} dy[i], repeated ids added in order
  return record("embedding", out, {weight},
                [idx, wshape = weight.shape(), table = std::move(table)](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  if (table && table->grad) {
                    Tensor accumulated(table->grad);
                    kernels_for(accumulated).index_add(g, 0, idx, accumulated);
                    return {Tensor()};
                  }
                  Tensor dw = zeros(wshape, kFloat32, g.device());
                  kernels_for(dw).index_add(g, 0, idx, dw);
                  return {dw};
                });
}

}  // namespace buildgpt
