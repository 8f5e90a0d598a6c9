// tril, triu and one_hot: values, gradients, bad input.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

Tensor m34() { return arange(1, 13, 1, kFloat32).view({3, 4}); }

TEST(Triangular, TrilKeepsTheLowerTriangle) {
  EXPECT_TRUE(tensors_close(tril(m34()), tensor({1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0}, {3, 4})));
  EXPECT_TRUE(
      tensors_close(tril(m34(), 1), tensor({1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12}, {3, 4})));
  EXPECT_TRUE(tensors_close(m34().tril(-1), tensor({0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}, {3, 4})));
  EXPECT_TRUE(tensors_close(tril(m34(), -3), zeros({3, 4})));
  EXPECT_TRUE(tensors_close(tril(m34(), 3), m34()));
}

TEST(Triangular, TriuKeepsTheUpperTriangle) {
  EXPECT_TRUE(tensors_close(triu(m34()), tensor({1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12}, {3, 4})));
  EXPECT_TRUE(tensors_close(m34().triu(1), tensor({0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}, {3, 4})));
  EXPECT_TRUE(
      tensors_close(triu(m34(), -1), tensor({1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12}, {3, 4})));
  EXPECT_TRUE(tensors_close(triu(m34(), 4), zeros({3, 4})));
}

TEST(Triangular, EachMatrixOfABatchAndEveryDtype) {
  const Tensor x = arange(1, 9, 1, kFloat32).view({2, 2, 2});
  EXPECT_TRUE(tensors_close(tril(x), tensor({1, 0, 3, 4, 5, 0, 7, 8}, {2, 2, 2})));
  EXPECT_EQ(triu(arange(0, 4, 1, kInt64).view({2, 2})).to_vector<int64_t>(),
            (std::vector<int64_t>{0, 1, 0, 3}));
  EXPECT_EQ(tril(arange(1, 5, 1, kInt32).view({1, 2, 2})).to_vector<int32_t>(),
            (std::vector<int32_t>{1, 0, 3, 4}));
  EXPECT_EQ(tril(ones({2, 2}, kBool)).to_vector<bool>(),
            (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(tril(zeros({3, 0, 4})).shape(), (Shape{3, 0, 4}));
}

TEST(Triangular, LargeBatchSplitsIntoTheTwoHalves) {
  const Tensor x = random_leaf({4, 300, 200}, 9).detach();
  EXPECT_TRUE(tensors_close(tril(x) + triu(x, 1), x));
  // ones below and on the diagonal: min(i + 1, 200) in row i
  int64_t expected = 0;
  for (int64_t i = 0; i < 300; ++i) expected += std::min<int64_t>(i + 1, 200);
  EXPECT_EQ(tril(ones({4, 300, 200})).sum().item<int64_t>(), 4 * expected);
}

TEST(Triangular, GradientIsTheSameMask) {
  Tensor x = ones({2, 3}).requires_grad_();
  triu(x, 1).sum().backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({0, 1, 1, 0, 0, 1}, {2, 3})));
  for (int64_t diagonal : {-1, 0, 2}) {
    EXPECT_TRUE(grad_ok([diagonal](const std::vector<Tensor>& in) { return tril(in[0], diagonal); },
                        {random_leaf({2, 3, 4}, 1)}))
        << "tril " << diagonal;
    EXPECT_TRUE(grad_ok([diagonal](const std::vector<Tensor>& in) { return triu(in[0], diagonal); },
                        {random_leaf({4, 3}, 2)}))
        << "triu " << diagonal;
  }
}

TEST(Triangular, BadInputNamesTheOp) {
  EXPECT_TRUE(throws_with([] { tril(zeros({3})); }, {"tril", "2 dimensions", "[3]"}));
  EXPECT_TRUE(throws_with([] { triu(scalar_tensor(1)); }, {"triu", "[]"}));
  EXPECT_TRUE(throws_with([] { tril(Tensor()); }, {"tril", "undefined"}));
}

TEST(OneHot, OneOneInATrailingDimension) {
  const Tensor r = one_hot(int_tensor({0, 2, 1, 0}, {2, 2}), 3);
  EXPECT_EQ(r.dtype(), kInt64);
  EXPECT_EQ(r.shape(), (Shape{2, 2, 3}));
  EXPECT_EQ(r.to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0}));
  const Tensor s = one_hot(int_tensor({4}).view({}), 5);
  EXPECT_EQ(s.shape(), (Shape{5}));
  EXPECT_EQ(s.to_vector<int64_t>(), (std::vector<int64_t>{0, 0, 0, 0, 1}));
  EXPECT_EQ(one_hot(int_tensor({}, {0}), 4).shape(), (Shape{0, 4}));
}

TEST(OneHot, BadInputNamesTheIdAndClasses) {
  EXPECT_TRUE(throws_with(
      [] {
        one_hot(int_tensor({1, 5}), 5);
      },
      {"one_hot", "id 5", "num_classes 5"}));
  EXPECT_TRUE(throws_with([] { one_hot(int_tensor({-1}), 3); }, {"one_hot", "-1", "3"}));
  EXPECT_TRUE(throws_with([] { one_hot(int_tensor({0}), 0); }, {"one_hot", "num_classes", "0"}));
  EXPECT_TRUE(throws_with([] { one_hot(tensor({0, 1}), 2); }, {"one_hot", "int64", "float32"}));
  EXPECT_TRUE(throws_with([] { one_hot(int_tensor({0}).to(kInt32), 2); }, {"one_hot", "int32"}));
}

}  // namespace
}  // namespace buildgpt
