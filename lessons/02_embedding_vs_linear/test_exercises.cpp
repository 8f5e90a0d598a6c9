// Lesson 02: each exercise against the library's one_hot, embedding (and its gradient) and the
// initial weights of nn::Linear.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nn/layers.h"

namespace buildgpt::lessons {
namespace {

const std::vector<Tensor>& id_sets() {
  static const std::vector<Tensor> all = {int_tensor({0}), int_tensor({3, 1, 4, 1, 5}),
                                          int_tensor({6, 6, 6}), randint(0, 50, {40})};
  return all;
}

TEST(Exercise1, OneHotByHandMatchesTheLibrary) {
  for (const Tensor& ids : id_sets()) {
    for (int64_t classes : {7, 50}) {
      if (max(ids).item() >= classes) continue;
      EXPECT_TRUE(close(one_hot_by_hand(ids, classes), one_hot(ids, classes).to(kFloat32), 0))
          << "ids " << ids << ", " << classes << " classes";
    }
  }
}

TEST(Exercise1, RefusesIdsOutOfRange) {
  EXPECT_THROW(one_hot_by_hand(int_tensor({0, 7}), 7), std::invalid_argument) << "7 of 7 classes";
  EXPECT_THROW(one_hot_by_hand(int_tensor({-1}), 7), std::invalid_argument) << "id -1";
}

TEST(Exercise2, LookupAsMatmulEqualsTheEmbedding) {
  const Tensor weight = randn({50, 9});
  for (const Tensor& ids : id_sets()) {
    // Every product but one in each sum is 0 · w, so the result is exact.
    EXPECT_TRUE(close(lookup_as_matmul(ids, weight), embedding(ids, weight), 0)) << "ids " << ids;
  }
}

TEST(Exercise2, GradientEqualsTheEmbeddingsGradient) {
  for (const Tensor& ids : id_sets()) {
    const Tensor grad_out = randn({ids.numel(), 9});
    Tensor w_lookup = randn({50, 9}).requires_grad_();
    Tensor w_matmul = w_lookup.detach().clone().requires_grad_();
    embedding(ids, w_lookup).backward(grad_out);
    lookup_as_matmul(ids, w_matmul).backward(grad_out);
    ASSERT_TRUE(w_matmul.grad().defined()) << "the gradient must reach weight: use tensor ops";
    EXPECT_TRUE(close(w_matmul.grad(), w_lookup.grad(), 1e-6)) << "ids " << ids;
  }
}

TEST(Exercise3, KaimingUniformBoundOfKnownFanIns) {
  EXPECT_DOUBLE_EQ(kaiming_uniform_bound(1), 1.0);
  EXPECT_DOUBLE_EQ(kaiming_uniform_bound(100), 0.1);
  EXPECT_NEAR(kaiming_uniform_bound(5000), 0.0141421, 1e-7);
}

TEST(Exercise3, BoundsTheLinearLayersWeights) {
  for (int64_t fan_in : {5000, 64, 3}) {
    nn::Linear linear(fan_in, 500);
    const double bound = kaiming_uniform_bound(fan_in);
    const double largest = max(abs(linear.weight)).item();
    EXPECT_LE(largest, bound) << "fan_in " << fan_in;
    EXPECT_GT(largest, 0.99 * bound) << "fan_in " << fan_in << ": the bound is too loose";
  }
}

TEST(Exercise4, StdOfKnownUniforms) {
  EXPECT_DOUBLE_EQ(uniform_std(std::sqrt(3.0)), 1.0);
  EXPECT_NEAR(uniform_std(0.5), 0.288675, 1e-6);  // U(0, 1) shifted: the same spread
}

TEST(Exercise4, MatchesTheSpreadOfTheLinearLayersWeights) {
  for (int64_t fan_in : {5000, 64}) {
    nn::Linear linear(fan_in, 1000);
    const double measured = linear.weight.std({}).item();
    EXPECT_NEAR(uniform_std(1 / std::sqrt(static_cast<double>(fan_in))), measured, 0.01 * measured)
        << "fan_in " << fan_in;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
