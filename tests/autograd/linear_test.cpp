// linear: x · Wᵀ + b without a transposed copy, against matmul and by gradcheck.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Linear, ByHand) {
  const Tensor x = tensor({1, 2, 3, 4}, {2, 2});
  const Tensor w = tensor({1, 0, 1, 1, 0, -1}, {3, 2});  // rows: [1 0], [1 1], [0 -1]
  EXPECT_TRUE(tensors_close(linear(x, w), tensor({1, 3, -2, 3, 7, -4}, {2, 3})));
  EXPECT_TRUE(
      tensors_close(linear(x, w, tensor({10, 20, 30})), tensor({11, 23, 28, 13, 27, 26}, {2, 3})));
}

TEST(Linear, EqualsMatmulWithTheTransposedWeight) {
  for (const Shape& shape : std::vector<Shape>{{5}, {7, 5}, {2, 3, 5}, {0, 5}}) {
    const Tensor x = randn(shape), w = randn({4, 5}), b = randn({4});
    EXPECT_TRUE(tensors_close(linear(x, w, b), matmul(x, w.t()) + b, 1e-5, 1e-5))
        << shape_str(shape);
    EXPECT_TRUE(tensors_close(linear(x, w), matmul(x, w.t()), 1e-5, 1e-5)) << shape_str(shape);
  }
}

TEST(Linear, Gradients) {
  for (const Shape& shape : std::vector<Shape>{{3}, {4, 3}, {2, 4, 3}}) {
    EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return linear(in[0], in[1], in[2]); },
                        {random_leaf(shape, 1), random_leaf({5, 3}, 2), random_leaf({5}, 3)}))
        << shape_str(shape);
    EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return linear(in[0], in[1]); },
                        {random_leaf(shape, 4), random_leaf({5, 3}, 5)}))
        << shape_str(shape);
  }
  // Only the weight requires grad, as for a first layer fed with data.
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return linear(in[0], in[1]); },
                      {randn({4, 3}), random_leaf({2, 3}, 6)}));
}

TEST(Linear, BadShapesNameTheOperands) {
  EXPECT_TRUE(throws_with(
      [] {
        linear(zeros({2, 3}), zeros({4, 5}));
      },
      {"linear", "[2, 3]", "[4, 5]"}));
  EXPECT_TRUE(throws_with(
      [] {
        linear(zeros({2, 3}), zeros({4, 3}), zeros({3}));
      },
      {"linear", "bias", "[3]", "[4]"}));
  EXPECT_TRUE(throws_with([] { linear(zeros({2, 3}), zeros({3})); }, {"linear", "weight", "[3]"}));
  EXPECT_TRUE(throws_with([] { linear(int_tensor({1}), zeros({1, 1})); }, {"linear", "int64"}));
}

}  // namespace
}  // namespace buildgpt
