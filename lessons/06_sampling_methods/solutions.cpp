// Worked answers to lesson 06's exercises.
#include "exercises.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace buildgpt::lessons {
namespace {

// One threshold per row of x [B, V], computed by `pick` from the row's values: [B, 1].
Tensor row_thresholds(const Tensor& x, const std::function<float(std::vector<float>)>& pick) {
  const int64_t rows = x.size(0), V = x.size(1);
  const std::vector<float> all = x.contiguous().to_vector<float>();
  std::vector<float> thresholds;
  for (int64_t r = 0; r < rows; ++r) {
    thresholds.push_back(pick(std::vector<float>(all.begin() + r * V, all.begin() + (r + 1) * V)));
  }
  return from_vector(thresholds, {rows, 1});
}

}  // namespace

Tensor greedy_pick(const Tensor& logits) { return logits.argmax(-1, /*keepdim=*/true); }

Tensor top_k_filter(const Tensor& logits, int64_t k) {
  // The k-th largest value of each row; everything below it goes.
  const Tensor kth = row_thresholds(logits, [k](std::vector<float> row) {
    std::nth_element(row.begin(), row.begin() + (k - 1), row.end(), std::greater<>());
    return row[k - 1];
  });
  return logits.masked_fill(lt(logits, kth), -INFINITY);
}

Tensor top_p_filter(const Tensor& logits, double p) {
  // Walk the probabilities from the largest until their sum reaches p; the last one taken is the
  // smallest probability kept.
  const Tensor probs = softmax(logits, -1);
  const Tensor smallest_kept = row_thresholds(probs, [p](std::vector<float> row) {
    std::sort(row.begin(), row.end(), std::greater<>());
    double mass = 0;
    size_t n = 0;
    while (n < row.size() && mass < p) mass += row[n++];
    return row[std::max<size_t>(n, 1) - 1];
  });
  return logits.masked_fill(lt(probs, smallest_kept), -INFINITY);
}

}  // namespace buildgpt::lessons
