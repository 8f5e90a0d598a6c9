// cross_entropy and nll_loss kernels of the CPU: rows in parallel, the loss summed in row order
// in double so it does not depend on the number of threads.
#include <algorithm>
#include <vector>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/softmax_rows.h"

namespace buildgpt::cpu {
namespace {

// loss = Σ_r row_loss(r) / count, rows in parallel and summed in row order; nan when count is 0,
// as the mean of nothing.
template <typename RowLoss>
void mean_loss(int64_t rows, int64_t classes, int64_t count, Tensor& loss,
               const RowLoss& row_loss) {
  std::vector<double> per_row(rows);
  parallel_for(rows, grain_for(classes), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) per_row[r] = row_loss(r);
  });
  double total = 0;
  for (double v : per_row) total += v;
  *ptr<float>(loss) = static_cast<float>(total / static_cast<double>(count));
}

// Fills a gradient of rows × classes row by row with fill(r, row), rows in parallel.
template <typename Fill>
void fill_rows(Tensor& out, const Fill& fill) {
  const int64_t classes = out.size(-1), rows = out.numel() / std::max<int64_t>(classes, 1);
  float* p = ptr<float>(out);
  parallel_for(rows, grain_for(classes), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) fill(r, p + r * classes);
  });
}

float grad_scale(const Tensor& dloss, int64_t count) {
  return static_cast<float>(static_cast<double>(*ptr<float>(dloss)) / static_cast<double>(count));
}

}  // namespace

void CpuBackend::cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index,
                               int64_t count, Tensor& loss, Tensor& dlogits) {
  const int64_t classes = logits.size(-1);
  const float* x = ptr<float>(logits);
  const int64_t* t = ptr<int64_t>(targets);
  float* pd = dlogits.defined() ? ptr<float>(dlogits) : nullptr;
  const auto per_target = static_cast<float>(1 / static_cast<double>(count));
  mean_loss(targets.numel(), classes, count, loss, [&](int64_t r) -> double {
    const float* xr = x + r * classes;
    float* dr = pd ? pd + r * classes : nullptr;
    if (t[r] == ignore_index) {
      if (dr) std::fill(dr, dr + classes, 0.0f);
      return 0;
    }
    // dlogits row = softmax / count − onehot / count
    const RowLse s = dr ? softmax_row(xr, dr, classes, per_target) : row_logsumexp(xr, classes);
    if (dr) dr[t[r]] -= per_target;
    return s.log_sum - (xr[t[r]] - s.max);
  });
}

void CpuBackend::nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index,
                          int64_t count, Tensor& loss) {
  const int64_t classes = log_probs.size(-1), rows = targets.numel();
  const float* lp = ptr<float>(log_probs);
  const int64_t* t = ptr<int64_t>(targets);
  mean_loss(rows, classes, count, loss, [&](int64_t r) -> double {
    return t[r] == ignore_index ? 0.0 : -static_cast<double>(lp[r * classes + t[r]]);
  });
}

void CpuBackend::nll_loss_backward(const Tensor& targets, const Tensor& dloss, int64_t ignore_index,
                                   int64_t count, Tensor& dlog_probs) {
  const float scale = grad_scale(dloss, count);
  const int64_t* pt = ptr<int64_t>(targets);
  const int64_t classes = dlog_probs.size(-1);
  fill_rows(dlog_probs, [&](int64_t r, float* row) {
    std::fill(row, row + classes, 0.0f);
    if (pt[r] != ignore_index) row[pt[r]] = -scale;
  });
}

}  // namespace buildgpt::cpu
