// Lesson 04: each exercise against the library's softmax/log_softmax and known entropies.
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

const std::vector<Tensor>& inputs() {
  static const std::vector<Tensor> all = {
      tensor({1, 2, 3}), tensor({0.5f, -1, 4, 2, 2, 0}, {2, 3}), randn({4, 7}),
      tensor({1000, 1001, 1002}),  // naive exp overflows: needs the max trick
      tensor({-1000, -1001, -1002})};
  return all;
}

TEST(Exercise1, SoftmaxWithTemperatureMatchesTheLibrary) {
  for (const Tensor& x : inputs()) {
    for (double t : {1.0, 2.0, 0.5, 10.0}) {
      EXPECT_TRUE(close(softmax_with_temperature(x, t), softmax(x / t, -1)))
          << "logits " << x << ", temperature " << t;
    }
  }
}

TEST(Exercise1, RowsSumToOne) {
  const Tensor p = softmax_with_temperature(randn({5, 11}), 3.0);
  EXPECT_TRUE(close(p.sum({-1}), ones({5})));
}

TEST(Exercise2, LogSoftmaxWithTemperatureMatchesTheLibrary) {
  for (const Tensor& x : inputs()) {
    for (double t : {1.0, 2.0, 10.0}) {
      EXPECT_TRUE(close(log_softmax_with_temperature(x, t), log_softmax(x / t, -1), 1e-4))
          << "logits " << x << ", temperature " << t;
    }
  }
}

TEST(Exercise2, StaysFiniteWhereProbabilitiesUnderflow) {
  // softmax gives exactly 0 for the first entry in float32; its log must still be about -200.
  const Tensor lp = log_softmax_with_temperature(tensor({0, 200}), 1.0);
  EXPECT_NEAR(lp.to_vector<float>()[0], -200.0f, 1e-3);
}

TEST(Exercise3, EntropyOfKnownDistributions) {
  EXPECT_NEAR(entropy(full({8}, 1.0 / 8)).item(), std::log(8.0), 1e-5);  // uniform: log V
  EXPECT_NEAR(entropy(tensor({0, 1, 0})).item(), 0.0, 1e-6);             // certain: 0
  EXPECT_NEAR(entropy(tensor({0.5f, 0.5f, 0})).item(), std::log(2.0), 1e-6);
  const Tensor rows = entropy(tensor({0.25f, 0.25f, 0.25f, 0.25f, 1, 0, 0, 0}, {2, 4}));
  EXPECT_TRUE(close(rows, tensor({static_cast<float>(std::log(4.0)), 0})));
}

}  // namespace
}  // namespace buildgpt::lessons
