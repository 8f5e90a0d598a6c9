// dropout: reproducible masks, the dropped fraction and the preserved expectation, the identity
// cases, gradients through the same mask, and bad probabilities.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Dropout, SameSeedSameMaskOtherSeedOtherMask) {
  const Tensor x = randn({3, 5000});
  Generator a(7), b(7), c(8);
  const Tensor ya = dropout(x, 0.5, true, &a);
  EXPECT_TRUE(tensors_close(ya, dropout(x, 0.5, true, &b), 0, 0));
  EXPECT_FALSE(tensors_close(ya, dropout(x, 0.5, true, &c), 0, 0));
  EXPECT_FALSE(tensors_close(ya, dropout(x, 0.5, true, &a), 0, 0));  // the generator moved on
  manual_seed(3);
  const Tensor yd = dropout(x, 0.5);
  manual_seed(3);
  EXPECT_TRUE(tensors_close(yd, dropout(x, 0.5), 0, 0));
}

TEST(Dropout, DropsAboutPAndPreservesTheExpectation) {
  const int64_t n = 400000;
  Generator gen(11);
  const std::vector<float> y = dropout(ones({n}), 0.3, true, &gen).to_vector<float>();
  int64_t zeros_seen = 0;
  double total = 0;
  for (float v : y) {
    if (v == 0) {
      ++zeros_seen;
    } else {
      EXPECT_FLOAT_EQ(v, 1 / 0.7f);
    }
    total += v;
  }
  EXPECT_NEAR(static_cast<double>(zeros_seen) / n, 0.3, 0.005);
  EXPECT_NEAR(total / n, 1.0, 0.01);
}

TEST(Dropout, IdentityWhenNotTrainingOrPIsZeroAndZerosWhenPIsOne) {
  const Tensor x = randn({4, 6});
  EXPECT_TRUE(tensors_close(dropout(x, 0.5, false), x, 0, 0));
  EXPECT_TRUE(tensors_close(dropout(x, 0.0), x, 0, 0));
  EXPECT_TRUE(tensors_close(dropout(x, 1.0), zeros({4, 6}), 0, 0));
}

TEST(Dropout, GradientUsesTheForwardMask) {
  Tensor x = ones({2, 3000});
  x.requires_grad_(true);
  Generator gen(5);
  const Tensor y = dropout(x, 0.25, true, &gen);
  y.backward(ones({2, 3000}));
  EXPECT_TRUE(tensors_close(x.grad(), y.detach(), 0, 0));  // x = 1: dy/dx equals y
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        Generator g(9);  // the same mask on every call
        return dropout(in[0], 0.4, true, &g);
      },
      {random_leaf({4, 5}, 1)}));
}

TEST(Dropout, BadProbabilityNamesTheOpAndValue) {
  EXPECT_TRUE(throws_with([] { dropout(zeros({2}), 1.5); }, {"dropout", "1.5"}));
  EXPECT_TRUE(throws_with([] { dropout(zeros({2}), -0.1); }, {"dropout", "-0.1"}));
  EXPECT_TRUE(throws_with([] { dropout(int_tensor({1}), 0.5); }, {"dropout", "int64"}));
}

}  // namespace
}  // namespace buildgpt
