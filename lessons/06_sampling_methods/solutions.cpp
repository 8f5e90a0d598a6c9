// Worked answers to lesson 06's exercises.
#include <cmath>

#include "exercises.h"

namespace buildgpt::lessons {

Tensor greedy_pick(const Tensor& logits) { return logits.argmax(-1, /*keepdim=*/true); }

Tensor top_k_filter(const Tensor& logits, int64_t k) {
  // The k-th largest value of each row; everything below it goes.
  const Tensor kth = topk(logits, k).first.narrow(-1, k - 1, 1);
  return logits.masked_fill(lt(logits, kth), -INFINITY);
}

Tensor top_p_filter(const Tensor& logits, double p) {
  // Walk the probabilities from the largest; a token is kept while the mass before it is still
  // short of p. The smallest probability kept is the row's threshold.
  const Tensor probs = softmax(logits, -1);
  const Tensor sorted = sort(probs, -1, /*descending=*/true).first;
  const Tensor mass_before = cumsum(sorted, -1) - sorted;
  const Tensor smallest_kept =
      sorted.masked_fill(mass_before >= p, INFINITY).min(-1, /*keepdim=*/true);
  return logits.masked_fill(lt(probs, smallest_kept), -INFINITY);
}

}  // namespace buildgpt::lessons
