// layer_norm over the trailing dimensions: one kernel forward (saving mean and 1/std per row)
// and one backward kernel that gives x, weight and bias their gradients together.
#include <algorithm>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"

namespace buildgpt {
namespace {

void check_affine(const Tensor& t, const Tensor& x, const Shape& normalized_shape,
                  const char* what) {
  if (!t.defined()) return;
  check_float("layer_norm", t, what);
  check_same_device("layer_norm", x, t);
  if (t.shape() != normalized_shape) {
    fail("layer_norm", std::string(what) + " of shape " + shape_str(t.shape()) +
                           " does not match normalized_shape " + shape_str(normalized_shape));
  }
}

// The row length after checking x's trailing dimensions against normalized_shape.
int64_t check_layer_norm(const Tensor& x, const Shape& ns, const Tensor& weight,
                         const Tensor& bias) {
  check_float("layer_norm", x);
  const auto k = static_cast<int64_t>(ns.size());
  if (ns.empty() || x.dim() < k || !std::equal(ns.begin(), ns.end(), x.shape().end() - k)) {
    fail("layer_norm", "normalized_shape " + shape_str(ns) +
                           " is not the trailing dimensions of input of shape " +
                           shape_str(x.shape()));
  }
  if (shape_numel(ns) == 0) fail("layer_norm", "normalized_shape " + shape_str(ns) + " is empty");
  check_affine(weight, x, ns, "weight");
  check_affine(bias, x, ns, "bias");
  return shape_numel(ns);
}

Tensor detached_or_undefined(const Tensor& t) { return t.defined() ? t.detach() : Tensor(); }

}  // namespace

Tensor layer_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight,
                  const Tensor& bias, double eps) {
  const int64_t n = check_layer_norm(x, normalized_shape, weight, bias);
  const int64_t rows = x.numel() / n;
  Tensor out = empty(x.shape(), kFloat32, x.device());
  Tensor mean = empty({rows}, kFloat32, x.device()), rstd = empty({rows}, kFloat32, x.device());
  kernels_for(out).layer_norm(x, weight, bias, eps, out, mean, rstd);
  // dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight; dweight = Σ dy⊙x̂; dbias = Σ dy
  return record("layer_norm", out, {x, weight, bias},
                [x = x.detach(), ns = normalized_shape, w = detached_or_undefined(weight), mean,
                 rstd](const Tensor& g, const NeedsGrad& need) -> Grads {
                  const Device device = x.device();
                  Tensor dx = need[0] ? empty(x.shape(), kFloat32, device) : Tensor();
                  Tensor dw = need[1] ? empty(ns, kFloat32, device) : Tensor();
                  Tensor db = need[2] ? empty(ns, kFloat32, device) : Tensor();
                  kernels_for(x).layer_norm_backward(g, x, w, mean, rstd, dx, dw, db);
                  return {dx, dw, db};
                });
}

}  // namespace buildgpt
