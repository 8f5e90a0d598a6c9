// cumsum: values along each dimension, integer dtypes, gradients and errors.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Cumsum, RunsAlongTheDimension) {
  const Tensor c = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_TRUE(tensors_close(cumsum(c, 0), tensor({1, 2, 3, 5, 7, 9}, {2, 3})));
  EXPECT_TRUE(tensors_close(cumsum(c, -1), tensor({1, 3, 6, 4, 9, 15}, {2, 3})));
  const Tensor i = cumsum(int_tensor({1, 2, 3, 4, 5, 6}, {2, 3}), 1);
  EXPECT_EQ(i.dtype(), kInt64);
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{1, 3, 6, 4, 9, 15}));
  EXPECT_FLOAT_EQ(cumsum(scalar_tensor(4), 0).item<float>(), 4.0f);
}

TEST(Cumsum, GradientIsTheReverseRunningSum) {
  Tensor x = tensor({1, 2, 3, 4}).requires_grad_();
  cumsum(x, 0).backward(tensor({1, 10, 100, 1000}));
  EXPECT_TRUE(tensors_close(x.grad(), tensor({1111, 1110, 1100, 1000})));
  const Tensor r = random_leaf({3, 4, 5}, 7);
  for (int64_t dim : {0, 1, 2, -2}) {
    EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return cumsum(in[0], dim); }, {r}));
  }
  // Composed with itself and a product.
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        Tensor y = cumsum(in[0], 1);
        return cumsum(y * y, 0);
      },
      {random_leaf({3, 4}, 8)}));
}

TEST(Cumsum, BadInputsAreErrors) {
  EXPECT_TRUE(throws_with([] { cumsum(zeros({2, 3}), 2); }, {"cumsum", "dimension 2"}));
  EXPECT_TRUE(throws_with([] { cumsum(ones({2}, kBool), 0); }, {"cumsum", "bool"}));
  EXPECT_TRUE(throws_with([] { cumsum(Tensor(), 0); }, {"cumsum", "undefined"}));
}

TEST(Cumsum, LargeInputsSplitAcrossThreads) {
  const Tensor along_rows = cumsum(ones({3, 40000}), 1);
  EXPECT_FLOAT_EQ(along_rows.select(0, 2).select(0, 39999).item<float>(), 40000.0f);
  EXPECT_FLOAT_EQ(sum(along_rows).item<float>(), 3.0f * 40000.0f * 40001.0f / 2.0f);
  const Tensor along_cols = cumsum(ones({4, 40000}), 0);
  EXPECT_TRUE(tensors_close(sum(along_cols, {1}), tensor({40000, 80000, 120000, 160000})));
}

}  // namespace
}  // namespace buildgpt
