// bias_gelu: gelu(x + bias) in one kernel forward and one back, for the MLP's first layer.
#include <string>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {

Tensor bias_gelu(const Tensor& x, const Tensor& bias, GeluApproximation approximate) {
  check_float("bias_gelu", x);
  if (bias.defined()) {
    check_float("bias_gelu", bias, "bias");
    check_same_device("bias_gelu", x, bias);
    if (bias.dim() != 1 || x.dim() == 0 || x.size(-1) != bias.size(0)) {
      fail("bias_gelu", "bias " + shape_str(bias.shape()) + " does not match input " +
                            shape_str(x.shape()) + " (expected input [..., N] and bias [N])");
    }
  }
  const Tensor b = bias.defined() ? bias.detach() : Tensor();
  Tensor out = empty(x.shape(), kFloat32, x.device());
  kernels_for(out).bias_gelu(x, b, approximate, out);
  // dx = dy ⊙ gelu′(x + b); db = Σ over rows of dx
  return record("bias_gelu", out, {x, bias},
                [x = x.detach(), b, approximate](const Tensor& g, const NeedsGrad& need) -> Grads {
                  Tensor dx = empty(x.shape(), kFloat32, x.device());
                  kernels_for(dx).bias_gelu_backward(g, x, b, approximate, dx);
                  Tensor db;
                  if (need[1]) db = sum(view(dx, {-1, b.numel()}), {0});
                  return {need[0] ? dx : Tensor(), db};
                });
}

}  // namespace buildgpt
