// softmax and log_softmax along any dimension, each one kernel forward and one back.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"

namespace buildgpt {
namespace {

Tensor softmax_family(const char* op, const Tensor& x, int64_t dim, bool log) {
  check_float(op, x);
  const int64_t d = normalize_dim(dim, x.dim(), op);
  Tensor out = empty(x.shape(), kFloat32, x.device());
  kernels_for(out).softmax(x, d, log, out);
  // softmax: dx = y ⊙ (dy − Σ dy⊙y); log_softmax: dx = dy − softmax(x) Σ dy
  return record(op, out, {x},
                [y = out.detach(), d, log](const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dx = empty(y.shape(), kFloat32, y.device());
                  kernels_for(dx).softmax_backward(y, g, d, log, dx);
                  return {dx};
                });
}

}  // namespace

Tensor softmax(const Tensor& x, int64_t dim) { return softmax_family("softmax", x, dim, false); }

Tensor log_softmax(const Tensor& x, int64_t dim) {
  return softmax_family("log_softmax", x, dim, true);
}

}  // namespace buildgpt
