// cross_entropy and nll_loss over rows of C class scores (classes last), mean over the targets
// that are not ignore_index. When a backward will follow, cross_entropy computes the gradient with
// the loss and keeps it instead of the logits.
#include <string>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/value_checks.h"

namespace buildgpt {
namespace {

// Checks scores [..., C] against int64 targets [...], every target in [0, C) or ignore_index.
// Returns how many targets count.
int64_t check_targets(const char* op, const Tensor& scores, const Tensor& targets,
                      int64_t ignore_index) {
  check_float(op, scores);
  check_dtype(op, targets, kInt64, "targets");
  check_same_device(op, scores, targets);
  if (scores.dim() == 0) fail(op, "input needs a class dimension, got a scalar");
  const Shape expected(scores.shape().begin(), scores.shape().end() - 1);
  if (targets.shape() != expected) {
    fail(op, "targets of shape " + shape_str(targets.shape()) + " do not match input of shape " +
                 shape_str(scores.shape()) + " (expected targets of shape " + shape_str(expected) +
                 ")");
  }
  const int64_t classes = scores.size(-1);
  const TargetScan scan = scan_targets(targets, classes, ignore_index);
  if (scan.outside) {
    fail(op, "target " + std::to_string(*scan.outside) + " is out of range for " +
                 std::to_string(classes) + " classes (and is not ignore_index " +
                 std::to_string(ignore_index) + ")");
  }
  return scan.counted;
}

// scores [..., C] as rows [R, C], R the number of targets.
Tensor as_rows(const Tensor& scores, const Tensor& targets) {
  return view(scores.detach(), {targets.numel(), scores.size(-1)});
}

}  // namespace

Tensor cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index) {
  const int64_t count = check_targets("cross_entropy", logits, targets, ignore_index);
  const Tensor rows = as_rows(logits, targets), t = view(targets.detach(), {-1});
  Tensor out = empty({}, kFloat32, logits.device()), dx, dx_rows;
  if (grad_mode_enabled() && logits.requires_grad()) {  // a backward will follow
    dx = empty(logits.shape(), kFloat32, logits.device());
    dx_rows = view(dx, rows.shape());
  }
  kernels_for(out).cross_entropy(rows, t, ignore_index, count, out, dx_rows);
  // dlogits = (softmax(logits) − onehot(targets)) · dloss / count, zero rows for ignored targets:
  // computed above for dloss = 1 with the loss (one exponential per logit, not two), scaled here
  // when dloss is not 1. On a GPU, reading dloss would wait for the device in the middle of the
  // backward pass, so the scaling runs there whatever dloss is.
  return record("cross_entropy", out, {logits}, [dx](const Tensor& g, const NeedsGrad&) -> Grads {
    return {g.device().is_cpu() && g.item() == 1.0 ? dx : mul(dx, g)};
  });
}

Tensor nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index) {
  const int64_t count = check_targets("nll_loss", log_probs, targets, ignore_index);
  const Tensor rows = as_rows(log_probs, targets), t = view(targets.detach(), {-1});
  Tensor out = empty({}, kFloat32, log_probs.device());
  kernels_for(out).nll_loss(rows, t, ignore_index, count, out);
  // dlog_probs = −onehot(targets) · dloss / count, zero rows for ignored targets
  return record("nll_loss", out, {log_probs},
                [t, count, ignore_index, shape = log_probs.shape()](const Tensor& g,
                                                                    const NeedsGrad&) -> Grads {
                  Tensor dx = empty(shape, kFloat32, g.device());
                  Tensor dx_rows = view(dx, {t.numel(), shape.back()});
                  kernels_for(dx).nll_loss_backward(t, g, ignore_index, count, dx_rows);
                  return {dx};
                });
}

}  // namespace buildgpt
