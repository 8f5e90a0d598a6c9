// Worked answers to lesson 07's exercises.
#include <cmath>
#include <stdexcept>
#include <string>

#include "exercises.h"

namespace buildgpt::lessons {

std::vector<Tensor> repeated_softmax(const Tensor& logits, int n) {
  std::vector<Tensor> passes;
  Tensor p = logits;
  for (int i = 0; i < n; ++i) {
    p = softmax(p, -1);
    passes.push_back(p);
  }
  return passes;
}

Tensor spread(const Tensor& probs) { return max(probs, -1) - min(probs, -1); }

double temperature_for_max_probability(const Tensor& logits, double target) {
  const auto vocab = static_cast<double>(logits.numel());
  if (logits.dim() != 1 || !(target > 1 / vocab && target < 1)) {
    throw std::invalid_argument(
        "temperature_for_max_probability: needs 1-D logits and a target "
        "strictly between 1/V and 1, got target " +
        std::to_string(target));
  }
  const auto max_p = [&](double t) { return max(softmax(logits / t, -1)).item(); };
  // Halve lo until max p is above the target and double hi until it is below: the answer lies
  // between. Tied largest logits never pass 1/2 and equal ones never leave 1/V: then give up.
  const auto give_up = [&] {
    throw std::invalid_argument(
        "temperature_for_max_probability: no temperature gives a largest "
        "probability of " +
        std::to_string(target));
  };
  double lo = 1, hi = 1;
  for (int i = 0; max_p(lo) < target; ++i) {
    if (i == 100) give_up();
    lo /= 2;
  }
  for (int i = 0; max_p(hi) > target; ++i) {
    if (i == 100) give_up();
    hi *= 2;
  }
  // Bisect on a log scale: temperatures from 0.01 to 100 matter alike.
  for (int i = 0; i < 60; ++i) {
    const double mid = std::sqrt(lo * hi);
    (max_p(mid) > target ? lo : hi) = mid;
  }
  return std::sqrt(lo * hi);
}

}  // namespace buildgpt::lessons
