// var and std: values for both corrections, gradients and degenerate counts.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::shuffled_leaf;
using testing::tensors_close;
using testing::throws_with;

Tensor sample() { return tensor({2, 4, 4, 4, 5, 5, 7, 9, 1, 0, 3, 8}, {3, 4}); }

TEST(Moments, OverAllElements) {
  EXPECT_NEAR(var(sample()).item<float>(), 7.333333f, 1e-5);
  EXPECT_NEAR(var(sample(), {}, false, 0).item<float>(), 6.722222f, 1e-5);
  EXPECT_NEAR(std(sample()).item<float>(), 2.708013f, 1e-5);
  EXPECT_EQ(var(sample()).dim(), 0);
}

TEST(Moments, OverDims) {
  EXPECT_TRUE(tensors_close(sample().var({1}), tensor({1.0f, 3.666667f, 12.666667f})));
  EXPECT_TRUE(tensors_close(sample().std({0}, false, 0),
                            tensor({1.699673f, 2.160247f, 1.699673f, 2.160247f})));
  EXPECT_TRUE(
      tensors_close(sample().var({-1}, true), tensor({1.0f, 3.666667f, 12.666667f}, {3, 1})));
  EXPECT_TRUE(tensors_close(var(sample(), Dims{0, 1}), var(sample())));
}

TEST(Moments, TooFewElementsGiveNanOrInf) {
  EXPECT_TRUE(std::isnan(var(tensor({1})).item<float>()));
  EXPECT_TRUE(std::isinf(var(tensor({1, 2}), {}, false, 2).item<float>()));
  EXPECT_TRUE(std::isnan(std(tensor({3, 3}), {}, false, 2).item<float>()));
  EXPECT_FLOAT_EQ(var(tensor({1}), {}, false, 0).item<float>(), 0.0f);
}

TEST(Moments, Gradients) {
  const Tensor x = shuffled_leaf({2, 3, 4}, 5);
  for (const Dims& dims : std::vector<Dims>{{}, {0}, {1}, {2}, {0, 2}}) {
    for (bool keep : {false, true}) {
      for (int64_t correction : {0, 1}) {
        EXPECT_TRUE(grad_ok(
            [&](const std::vector<Tensor>& in) { return var(in[0], dims, keep, correction); },
            {x}));
        EXPECT_TRUE(grad_ok(
            [&](const std::vector<Tensor>& in) { return std(in[0], dims, keep, correction); },
            {x}));
      }
    }
  }
}

TEST(Moments, BadInputsAreErrors) {
  EXPECT_TRUE(throws_with([] { var(zeros({0, 3}), Dims{0}); }, {"var", "zero elements", "[0, 3]"}));
  EXPECT_TRUE(throws_with([] { std(zeros({0})); }, {"std", "zero elements", "[0]"}));
  EXPECT_TRUE(throws_with([] { var(int_tensor({1, 2})); }, {"var", "float32", "int64"}));
  EXPECT_TRUE(throws_with([] { std(zeros({2, 3}), Dims{3}); }, {"std", "dimension 3"}));
}

}  // namespace
}  // namespace buildgpt
