// Worked answers to lesson 05's exercises.
#include "exercises.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace buildgpt::lessons {

int64_t inverse_cdf_pick(const Tensor& probs, double u) {
  // Running sums in double: cdf[i] = p[0] + ... + p[i], rising from p[0] to 1.
  const std::vector<float> p = probs.to_vector<float>();
  std::vector<double> cdf(p.size());
  std::partial_sum(p.begin(), p.end(), cdf.begin());
  // The first running sum above u. A category of probability 0 repeats the previous sum, so
  // "above" can never stop there. If rounding leaves u at or above the last sum, take the last
  // category that has probability.
  const auto hit = std::upper_bound(cdf.begin(), cdf.end(), u);
  if (hit != cdf.end()) return hit - cdf.begin();
  return std::lower_bound(cdf.begin(), cdf.end(), cdf.back()) - cdf.begin();
}

std::vector<int64_t> count_draws(const Tensor& probs, int64_t n, Generator& gen) {
  std::vector<int64_t> counts(probs.numel(), 0);
  for (int64_t i : multinomial(probs, n, /*replacement=*/true, &gen).to_vector<int64_t>()) {
    ++counts[i];
  }
  return counts;
}

Tensor normalise_weights(const Tensor& weights) {
  const std::vector<float> w = weights.to_vector<float>();
  if (w.empty()) throw std::invalid_argument("normalise_weights: no weights");
  double total = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!std::isfinite(w[i])) {
      throw std::invalid_argument("normalise_weights: weight " + std::to_string(i) + " is " +
                                  std::to_string(w[i]) + ", not a finite number");
    }
    if (w[i] < 0) {
      throw std::invalid_argument("normalise_weights: weight " + std::to_string(i) + " is " +
                                  std::to_string(w[i]) + ", below zero");
    }
    total += w[i];
  }
  if (total == 0) throw std::invalid_argument("normalise_weights: the weights sum to zero");
  return weights / total;
}

}  // namespace buildgpt::lessons
