// cross_entropy and nll_loss over rows of C class scores (classes last), mean over the targets
// that are not ignore_index. cross_entropy works one row at a time and keeps only each row's
// log-sum-exp for the backward.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "autograd/cpu/softmax_rows.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

namespace buildgpt {
namespace {

// Checks scores [..., C] against int64 targets [...], every target in [0, C) or ignore_index.
// Returns how many targets count.
int64_t check_targets(const char* op, const Tensor& scores, const Tensor& targets,
                      int64_t ignore_index) {
  check_float(op, scores);
  check_dtype(op, targets, kInt64, "targets");
  check_same_device(op, scores, targets);
  check_cpu(op, scores);
  if (scores.dim() == 0) fail(op, "input needs a class dimension, got a scalar");
  const Shape expected(scores.shape().begin(), scores.shape().end() - 1);
  if (targets.shape() != expected) {
    fail(op, "targets of shape " + shape_str(targets.shape()) + " do not match input of shape " +
                 shape_str(scores.shape()) + " (expected targets of shape " + shape_str(expected) +
                 ")");
  }
  const int64_t classes = scores.size(-1);
  int64_t count = 0;
  for (int64_t t : targets.to_vector<int64_t>()) {
    if (t == ignore_index) continue;
    if (t < 0 || t >= classes) {
      fail(op, "target " + std::to_string(t) + " is out of range for " + std::to_string(classes) +
                   " classes (and is not ignore_index " + std::to_string(ignore_index) + ")");
    }
    ++count;
  }
  return count;
}

int64_t row_grain(int64_t classes) { return cpu::grain_for(classes); }

// Σ_r loss(r) / count, rows in parallel and summed in row order; nan when count is 0, as the
// mean of nothing.
template <typename Loss>
Tensor mean_loss(int64_t rows, int64_t classes, int64_t count, const Loss& loss) {
  std::vector<double> per_row(rows);
  cpu::parallel_for(rows, row_grain(classes), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) per_row[r] = loss(r);
  });
  double total = 0;
  for (double v : per_row) total += v;
  return scalar_tensor(total / static_cast<double>(count));
}

// A gradient of `shape` filled row by row by fill(r, row), rows in parallel.
template <typename Fill>
Tensor rows_grad(const Shape& shape, const Fill& fill) {
  Tensor out = empty(shape);
  const int64_t classes = shape.back(), rows = shape_numel(shape) / std::max<int64_t>(classes, 1);
  float* p = out.data<float>();
  cpu::parallel_for(rows, row_grain(classes), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) fill(r, p + r * classes);
  });
  return out;
}

}  // namespace

Tensor cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index) {
  const int64_t count = check_targets("cross_entropy", logits, targets, ignore_index);
  const int64_t classes = logits.size(-1), rows = targets.numel();
  Tensor lse = empty({rows});
  const float* x = logits.data<float>();
  const int64_t* t = targets.data<int64_t>();
  float* plse = lse.data<float>();
  Tensor out = mean_loss(rows, classes, count, [&](int64_t r) -> double {
    if (t[r] == ignore_index) return 0;
    const cpu::RowLse s = cpu::row_logsumexp(x + r * classes, classes, cpu::Contiguous{});
    plse[r] = s.max + s.log_sum;
    return s.log_sum - (x[r * classes + t[r]] - s.max);
  });
  // dlogits = (softmax(logits) − onehot(targets)) · dloss / count, zero rows for ignored targets
  return record("cross_entropy", out, {logits},
                [x = logits.detach(), t = targets.detach(), lse, count, ignore_index](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  const auto scale = static_cast<float>(g.item() / static_cast<double>(count));
                  const float* px = x.data<float>();
                  const float* plse = lse.data<float>();
                  const int64_t* pt = t.data<int64_t>();
                  const int64_t classes = x.size(-1);
                  return {rows_grad(x.shape(), [&](int64_t r, float* row) {
                    const float* xr = px + r * classes;
                    if (pt[r] == ignore_index) {
                      std::fill(row, row + classes, 0.0f);
                      return;
                    }
                    for (int64_t j = 0; j < classes; ++j)
                      row[j] = std::exp(xr[j] - plse[r]) * scale;
                    row[pt[r]] -= scale;
                  })};
                });
}

Tensor nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index) {
  const int64_t count = check_targets("nll_loss", log_probs, targets, ignore_index);
  const int64_t classes = log_probs.size(-1), rows = targets.numel();
  const float* lp = log_probs.data<float>();
  const int64_t* t = targets.data<int64_t>();
  Tensor out = mean_loss(rows, classes, count, [&](int64_t r) -> double {
    return t[r] == ignore_index ? 0.0 : -static_cast<double>(lp[r * classes + t[r]]);
  });
  // dlog_probs = −onehot(targets) · dloss / count, zero rows for ignored targets
  return record("nll_loss", out, {log_probs},
                [shape = log_probs.shape(), t = targets.detach(), count, ignore_index](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  const auto scale = static_cast<float>(g.item() / static_cast<double>(count));
                  const int64_t* pt = t.data<int64_t>();
                  return {rows_grad(shape, [&](int64_t r, float* row) {
                    std::fill(row, row + shape.back(), 0.0f);
                    if (pt[r] != ignore_index) row[pt[r]] = -scale;
                  })};
                });
}

}  // namespace buildgpt
