// sum and mean: values, gradients, bad dimensions.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Sum, OverAllAndOverDims) {
  const Tensor x = arange(0, 24, 1, kFloat32).view({2, 3, 4});
  EXPECT_FLOAT_EQ(sum(x).item<float>(), 276.0f);
  EXPECT_TRUE(tensors_close(sum(x, {0, 2}), tensor({60, 92, 124})));
  EXPECT_EQ(sum(x, {1}, true).shape(), (Shape{2, 1, 4}));
  EXPECT_TRUE(tensors_close(sum(x, {-1}), tensor({6, 22, 38, 54, 70, 86}, {2, 3})));
  EXPECT_EQ(sum(int_tensor({1, 2, 3})).item<int64_t>(), 6);
}

TEST(Sum, MeanDividesByTheCount) {
  const Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_FLOAT_EQ(mean(x).item<float>(), 3.5f);
  EXPECT_TRUE(tensors_close(mean(x, {1}, true), tensor({2, 5}, {2, 1})));
}

TEST(Sum, Gradients) {
  const Tensor x = random_leaf({2, 3, 4}, 1);
  for (const Dims& dims : std::vector<Dims>{{}, {0}, {1}, {2}, {0, 2}, {-1, 0}}) {
    for (bool keep : {false, true}) {
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return sum(in[0], dims, keep); }, {x}));
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return mean(in[0], dims, keep); }, {x}));
    }
  }
}

// Sums over a leading dimension add rows into blocks of column accumulators: columns beyond one
// block (512), a middle dimension, and integers, against sums taken one element at a time.
TEST(Sum, OverLeadingDimensionsOfWideRows) {
  const Tensor x = random_leaf({3, 5, 1100}, 7).detach();
  const std::vector<float> v = x.to_vector<float>();
  std::vector<float> by_middle(3 * 1100, 0);
  for (int64_t o = 0; o < 3; ++o) {
    for (int64_t c = 0; c < 1100; ++c) {
      double total = 0;
      for (int64_t j = 0; j < 5; ++j) total += v[(o * 5 + j) * 1100 + c];
      by_middle[o * 1100 + c] = static_cast<float>(total);
    }
  }
  EXPECT_TRUE(tensors_close(sum(x, {1}), from_vector(by_middle, {3, 1100}), 0, 0));
  const Tensor lead = sum(x, {0});
  const std::vector<float> got = lead.to_vector<float>();
  for (int64_t c = 0; c < 5 * 1100; ++c) {
    double total = 0;
    for (int64_t o = 0; o < 3; ++o) total += v[o * 5 * 1100 + c];
    ASSERT_EQ(got[c], static_cast<float>(total)) << c;
  }
  const Tensor ints = arange(0, 2 * 3 * 700, 1, kInt64).view({2, 3, 700});
  const std::vector<int64_t> column_sums = sum(ints, {0}).to_vector<int64_t>();
  for (int64_t c = 0; c < 3 * 700; ++c) ASSERT_EQ(column_sums[c], c + (3 * 700 + c)) << c;
}

TEST(Sum, RepeatedDimensionIsAnError) {
  EXPECT_TRUE(throws_with([] { sum(zeros({2, 3}), {1, -1}); }, {"sum", "twice"}));
  EXPECT_TRUE(throws_with([] { sum(zeros({2, 3}), {2}); }, {"sum", "dimension 2"}));
}

}  // namespace
}  // namespace buildgpt
