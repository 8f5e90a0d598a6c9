// expand: repeat size-1 dimensions. Storage is contiguous, so the repeats are written out.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {

Tensor expand(const Tensor& x, const Shape& shape) {
  check_defined("expand", x);
  if (shape.size() < x.shape().size()) {
    fail("expand",
         "cannot expand " + shape_str(x.shape()) + " to fewer dimensions " + shape_str(shape));
  }
  Shape target = shape;
  const size_t lead = shape.size() - x.shape().size();
  for (size_t i = 0; i < target.size(); ++i) {
    const int64_t have = i < lead ? 1 : x.shape()[i - lead];
    if (target[i] == -1) {
      if (i < lead)
        fail("expand", "-1 is not allowed for a new leading dimension in " + shape_str(shape));
      target[i] = have;
    }
    if (have != target[i] && have != 1) {
      fail("expand", "the size " + std::to_string(have) + " of " + shape_str(x.shape()) +
                         " at dimension " + std::to_string(i - lead) + " must be 1 to expand to " +
                         shape_str(shape));
    }
  }
  if (target == x.shape()) return x;
  Tensor out = empty(target, x.dtype(), x.device());
  kernels_for(out).broadcast_to(x, out);
  // d expand(x) = sum of dy over the repeated positions
  return record("expand", out, {x}, [in = x.shape()](const Tensor& g, const NeedsGrad&) -> Grads {
    return {sum_to(g, in)};
  });
}

Tensor Tensor::expand(const Shape& shape) const { return buildgpt::expand(*this, shape); }

}  // namespace buildgpt
