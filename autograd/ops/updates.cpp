// In-place updates for the optimizers: argument checks, then one kernel each.
#include "autograd/ops/updates.h"

#include "autograd/creation.h"

namespace buildgpt {
namespace {

void check_like(const char* op, const Tensor& param, const Tensor& t, const char* what) {
  check_float(op, t, what);
  check_same_device(op, param, t);
  if (t.shape() != param.shape()) {
    fail(op, std::string(what) + " of shape " + shape_str(t.shape()) +
                 " does not match the parameter's " + shape_str(param.shape()));
  }
}

}  // namespace

void adamw_update_(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                   const AdamWStep& step) {
  check_float("adamw_update_", param, "parameter");
  check_like("adamw_update_", param, grad, "gradient");
  check_like("adamw_update_", param, exp_avg, "exp_avg");
  check_like("adamw_update_", param, exp_avg_sq, "exp_avg_sq");
  kernels_for(param).adamw_update(param, grad, exp_avg, exp_avg_sq, step);
}

void sgd_update_(Tensor& param, const Tensor& grad, Tensor& momentum_buffer, const SGDStep& step) {
  check_float("sgd_update_", param, "parameter");
  check_like("sgd_update_", param, grad, "gradient");
  if (momentum_buffer.defined()) {
    check_like("sgd_update_", param, momentum_buffer, "momentum_buffer");
  }
  kernels_for(param).sgd_update(param, grad, momentum_buffer, step);
}

Tensor squared_norms(const std::vector<Tensor>& xs) {
  if (xs.empty()) fail("squared_norms", "needs at least one tensor");
  for (const Tensor& x : xs) {
    check_float("squared_norms", x);
    check_same_device("squared_norms", xs.front(), x);
  }
  Tensor out = empty({static_cast<int64_t>(xs.size())}, kFloat32, xs.front().device());
  for (size_t i = 0; i < xs.size(); ++i) {
    kernels_for(out).squared_norm(xs[i], out, static_cast<int64_t>(i));
  }
  return out;
}

void mul_(Tensor& x, const Tensor& factor) {
  check_float("mul_", x);
  check_float("mul_", factor, "factor");
  check_same_device("mul_", x, factor);
  if (factor.numel() != 1) {
    fail("mul_", "the factor must hold one value, got shape " + shape_str(factor.shape()));
  }
  kernels_for(x).binary(BinaryOp::Mul, x, factor.view({}), x);
}

}  // namespace buildgpt
