// Lesson 07: each exercise against the library's softmax, max and min, and known temperatures.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

const std::vector<Tensor>& inputs() {
  static const std::vector<Tensor> all = {tensor({1, 2, 3}), tensor({0.5f, -1, 4, 2, 2, 0}, {2, 3}),
                                          randn({4, 7}) * 3.0, tensor({1000, 1001, 1002})};
  return all;
}

TEST(Exercise1, RepeatedSoftmaxMatchesTheLibraryPassByPass) {
  for (const Tensor& x : inputs()) {
    for (int n : {1, 3, 8}) {
      const std::vector<Tensor> passes = repeated_softmax(x, n);
      ASSERT_EQ(passes.size(), static_cast<size_t>(n)) << "one distribution per pass";
      Tensor want = x;
      for (int i = 0; i < n; ++i) {
        want = softmax(want, -1);
        EXPECT_TRUE(close(passes[i], want)) << "pass " << i + 1 << " of " << n << ", logits " << x;
      }
    }
  }
}

TEST(Exercise1, NoPassesGiveNoDistributions) {
  EXPECT_TRUE(repeated_softmax(tensor({1, 2, 3}), 0).empty());
}

TEST(Exercise1, EightPassesAreNearlyUniform) {
  const Tensor last = repeated_softmax(tensor({5, -3, 0, 2}), 8).back();
  EXPECT_TRUE(close(last, full({4}, 0.25), 1e-4)) << "each pass should flatten the distribution";
}

TEST(Exercise2, SpreadOfKnownRows) {
  EXPECT_NEAR(spread(tensor({0.1f, 0.5f, 0.4f})).item(), 0.4, 1e-6);
  EXPECT_NEAR(spread(full({6}, 1.0 / 6)).item(), 0.0, 1e-7);  // uniform: no spread
  EXPECT_TRUE(close(spread(tensor({0, 1, 0, 0.2f, 0.3f, 0.5f}, {2, 3})), tensor({1, 0.3f})));
}

TEST(Exercise2, SpreadMatchesTheLibraryPerRow) {
  for (const Tensor& x : inputs()) {
    const Tensor p = softmax(x, -1);
    EXPECT_TRUE(close(spread(p), max(p, -1) - min(p, -1))) << "probabilities " << p;
  }
}

// The largest probability of softmax(logits / t), from the library.
double max_probability(const Tensor& logits, double t) {
  return max(softmax(logits / t, -1)).item();
}

TEST(Exercise3, TwoLogitsHaveAKnownTemperature) {
  // With logits (0, 1) the largest probability is 1 / (1 + e^(-1/T)); solving for T:
  for (double target : {0.6, 0.75, 0.9, 0.99}) {
    const double want = 1 / std::log(target / (1 - target));
    EXPECT_NEAR(temperature_for_max_probability(tensor({0, 1}), target), want, 1e-4 * want)
        << "target " << target;
  }
}

TEST(Exercise3, TheTemperatureReachesTheTarget) {
  const Tensor logits = tensor({2.0f, 1.0f, 0.5f, 3.5f, -1.0f, 0.0f, 1.5f, -0.5f, 2.5f, 0.2f});
  for (double target : {0.11, 0.3, 0.5, 0.9, 0.999}) {
    const double t = temperature_for_max_probability(logits, target);
    EXPECT_NEAR(max_probability(logits, t), target, 1e-4) << "target " << target << ", T " << t;
  }
}

TEST(Exercise3, OnlyTheRatioOfRangeToTemperatureMatters) {
  // Scaling every logit by c scales the temperature that gives the same distribution by c.
  const Tensor logits = tensor({-1, -0.2f, 0.3f, 1});
  const double t1 = temperature_for_max_probability(logits, 0.5);
  for (double c : {0.4, 5.0}) {
    EXPECT_NEAR(temperature_for_max_probability(logits * c, 0.5), c * t1, 1e-4 * c * t1)
        << "logits scaled by " << c;
  }
}

TEST(Exercise3, RejectsUnreachableTargets) {
  const Tensor logits = tensor({0, 1, 2, 3});  // V = 4: max p lies strictly between 1/4 and 1
  for (double target : {0.25, 0.1, 1.0, 1.5}) {
    EXPECT_THROW(temperature_for_max_probability(logits, target), std::invalid_argument)
        << "target " << target;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
