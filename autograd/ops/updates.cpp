// In-place updates for the optimizers: argument checks, then one kernel each.
#include "autograd/ops/updates.h"

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

double squared_norm(const Tensor& x) {
  check_float("squared_norm", x);
  return kernels_for(x).squared_norm(x);
}

void mul_(Tensor& x, double factor) {
  check_float("mul_", x);
  kernels_for(x).unary(UnaryOp::MulScalar, x, x, {factor});
}

}  // namespace buildgpt
