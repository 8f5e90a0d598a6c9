// Worked answers to lesson 04's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

Tensor softmax_with_temperature(const Tensor& logits, double temperature) {
  const Tensor z = logits / temperature;
  const Tensor e = exp(z - max(z, -1, /*keepdim=*/true));  // the largest term becomes exp(0) = 1
  return e / e.sum({-1}, /*keepdim=*/true);
}

Tensor log_softmax_with_temperature(const Tensor& logits, double temperature) {
  const Tensor z = logits / temperature;
  const Tensor shifted = z - max(z, -1, /*keepdim=*/true);
  return shifted - log(exp(shifted).sum({-1}, /*keepdim=*/true));
}

Tensor entropy(const Tensor& probs) {
  // p log p with the 0 log 0 = 0 convention: where p is 0, use log 1 = 0 instead of log 0.
  const Tensor safe = where(probs > 0, probs, ones_like(probs));
  return -(probs * log(safe)).sum({-1});
}

}  // namespace buildgpt::lessons
