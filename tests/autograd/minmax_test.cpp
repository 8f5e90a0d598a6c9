// max/min, amax/amin and argmax/argmin: values, first-occurrence ties, gradients and errors.
#include <limits>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::shuffled_leaf;
using testing::tensors_close;
using testing::throws_with;

// Ties: 9 at flat positions 5 and 11, -5 at 4 and 8.
Tensor sample() { return tensor({3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, 9}, {3, 4}); }

TEST(MinMax, OverAllElements) {
  EXPECT_FLOAT_EQ(max(sample()).item<float>(), 9.0f);
  EXPECT_FLOAT_EQ(sample().min().item<float>(), -5.0f);
  EXPECT_EQ(max(sample()).dim(), 0);
  EXPECT_EQ(argmax(sample()).item<int64_t>(), 5);
  EXPECT_EQ(argmin(sample()).item<int64_t>(), 4);
  EXPECT_EQ(argmax(sample()).dtype(), kInt64);
  EXPECT_EQ(max(int_tensor({4, -2, 7, 7})).item<int64_t>(), 7);
  EXPECT_FLOAT_EQ(max(scalar_tensor(2.5)).item<float>(), 2.5f);
}

TEST(MinMax, AlongADimensionTakesTheFirstExtreme) {
  EXPECT_TRUE(tensors_close(max(sample(), 0), tensor({3, 9, 5, 9})));
  EXPECT_TRUE(tensors_close(sample().min(1), tensor({-1, -5, -5})));
  EXPECT_TRUE(tensors_close(sample().max(-1, true), tensor({4, 9, 9}, {3, 1})));
  EXPECT_TRUE(tensors_close(argmax(sample(), 0), int_tensor({0, 1, 2, 2})));
  EXPECT_TRUE(tensors_close(sample().argmax(1), int_tensor({2, 1, 3})));
  EXPECT_TRUE(tensors_close(sample().argmin(0), int_tensor({1, 0, 1, 0})));
  EXPECT_TRUE(tensors_close(argmin(sample(), 1, true), int_tensor({1, 0, 0}, {3, 1})));
}

TEST(MinMax, NanIsTheExtreme) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor x = from_vector<float>({1, nan, 3});
  EXPECT_TRUE(std::isnan(max(x).item<float>()));
  EXPECT_TRUE(std::isnan(min(x).item<float>()));
  EXPECT_EQ(argmin(x).item<int64_t>(), 1);
}

TEST(MinMax, AmaxAminOverSeveralDims) {
  // (7 i mod 24) - 11 for i in [0, 24): every value distinct.
  const Tensor x = tensor(
      {-11, -4, 3, 10, -7, 0, 7, -10, -3, 4, 11, -6, 1, 8, -9, -2, 5, 12, -5, 2, 9, -8, -1, 6},
      {2, 3, 4});
  EXPECT_TRUE(tensors_close(amax(x, {0, 2}), tensor({10, 12, 11})));
  EXPECT_TRUE(tensors_close(amin(x, {-1, 0}), tensor({-11, -10, -8})));
  EXPECT_TRUE(tensors_close(amax(x, {1}), tensor({-3, 4, 11, 10, 9, 12, -1, 6}, {2, 4})));
  EXPECT_EQ(amax(x, {1}, true).shape(), (Shape{2, 1, 4}));
  EXPECT_FLOAT_EQ(amin(x, {}).item<float>(), -11.0f);
}

TEST(MinMax, TiesShareTheGradientOverAllButNotAlongADim) {
  Tensor t = tensor({1, 3, 3, 2}).requires_grad_();
  max(t).backward();
  EXPECT_TRUE(tensors_close(t.grad(), tensor({0, 0.5, 0.5, 0})));
  Tensor u = tensor({1, 3, 3, 2}).requires_grad_();
  max(u, 0).backward();
  EXPECT_TRUE(tensors_close(u.grad(), tensor({0, 1, 0, 0})));
  Tensor v = tensor({1, 3, 3, 0, 0, 2}, {2, 3}).requires_grad_();
  sum(amin(v, {1})).backward();
  EXPECT_TRUE(tensors_close(v.grad(), tensor({1, 0, 0, 0.5, 0.5, 0}, {2, 3})));
}

TEST(MinMax, Gradients) {
  const Tensor x = shuffled_leaf({2, 3, 4}, 3);
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return max(in[0]); }, {x}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return min(in[0]); }, {x}));
  for (int64_t dim : {0, 1, 2, -1}) {
    for (bool keep : {false, true}) {
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return max(in[0], dim, keep); }, {x}));
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return min(in[0], dim, keep); }, {x}));
    }
  }
  for (const Dims& dims : std::vector<Dims>{{}, {0}, {1, 2}, {0, -1}}) {
    for (bool keep : {false, true}) {
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return amax(in[0], dims, keep); }, {x}));
      EXPECT_TRUE(
          grad_ok([&](const std::vector<Tensor>& in) { return amin(in[0], dims, keep); }, {x}));
    }
  }
}

TEST(MinMax, EmptyReductionsAndBadArgumentsAreErrors) {
  EXPECT_TRUE(throws_with([] { max(zeros({0})); }, {"max", "size 0", "[0]"}));
  EXPECT_TRUE(throws_with([] { argmin(zeros({2, 0})); }, {"argmin", "zero elements", "[2, 0]"}));
  EXPECT_TRUE(throws_with([] { min(zeros({2, 0}), 1); }, {"min", "dimension 1", "[2, 0]"}));
  EXPECT_TRUE(throws_with([] { amax(zeros({0, 3}), {0, 1}); }, {"amax", "[0, 3]"}));
  EXPECT_TRUE(throws_with([] { argmax(zeros({2, 3}), 2); }, {"argmax", "dimension 2"}));
  EXPECT_TRUE(throws_with([] { amin(zeros({2, 3}), {1, 1}); }, {"amin", "twice"}));
  EXPECT_TRUE(throws_with([] { max(ones({2}, kBool)); }, {"max", "bool"}));
  EXPECT_EQ(amax(zeros({0, 3}), {1}).shape(), (Shape{0}));  // nothing reduced is empty
}

TEST(MinMax, LargeInputsSplitAcrossThreads) {
  const Tensor x = arange(0, 210000, 1, kFloat32).view({70000, 3});
  EXPECT_EQ(sum(argmax(x, 1)).item<int64_t>(), 2 * 70000);
  EXPECT_EQ(sum(argmin(x, 1)).item<int64_t>(), 0);
  EXPECT_FLOAT_EQ(max(x).item<float>(), 209999.0f);
  EXPECT_FLOAT_EQ(max(x, 0).select(0, 1).item<float>(), 209998.0f);
}

}  // namespace
}  // namespace buildgpt
