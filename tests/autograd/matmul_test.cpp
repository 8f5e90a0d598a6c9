// matmul: 1-D to N-D, broadcast batches, values and gradients; linear: x · Wᵀ + b without a
// transposed copy, against matmul and by gradcheck.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

// The textbook triple loop over [..., M, K] x [K, N], as the reference.
Tensor naive_matmul(const Tensor& a, const Tensor& b) {
  const int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  std::vector<float> out(m * n, 0.0f);
  const float* pa = a.data<float>();
  const float* pb = b.data<float>();
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p) out[i * n + j] += pa[i * k + p] * pb[p * n + j];
  return from_vector(out, {m, n});
}

TEST(Matmul, TwoByTwoByHand) {
  EXPECT_TRUE(tensors_close(matmul(tensor({1, 2, 3, 4}, {2, 2}), tensor({5, 6, 7, 8}, {2, 2})),
                            tensor({19, 22, 43, 50}, {2, 2})));
}

TEST(Matmul, MatchesTheTripleLoop) {
  const Tensor a = randn({17, 33}), b = randn({33, 9});
  EXPECT_TRUE(tensors_close(matmul(a, b), naive_matmul(a, b), 1e-4, 1e-4));
}

TEST(Matmul, VectorCasesDropTheVectorDimension) {
  const Tensor v = tensor({1, 2, 3}), m = tensor({1, 0, 0, 1, 1, 1}, {3, 2});
  EXPECT_EQ(matmul(v, v).shape(), Shape{});
  EXPECT_FLOAT_EQ(matmul(v, v).item<float>(), 14.0f);
  EXPECT_TRUE(tensors_close(matmul(v, m), tensor({4, 5})));
  EXPECT_TRUE(tensors_close(matmul(m.t(), v), tensor({4, 5})));
}

TEST(Matmul, BatchedAndBroadcastBatchesMatchPerMatrixProducts) {
  const Tensor a = randn({2, 3, 4, 5}), b = randn({3, 5, 6});
  const Tensor out = matmul(a, b);
  ASSERT_EQ(out.shape(), (Shape{2, 3, 4, 6}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_TRUE(tensors_close(out.select(0, i).select(0, j),
                                naive_matmul(a.select(0, i).select(0, j), b.select(0, j)), 1e-4,
                                1e-4));
  EXPECT_EQ(matmul(randn({4, 5}), randn({7, 5, 2})).shape(), (Shape{7, 4, 2}));
}

TEST(Matmul, Gradients) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{3, 4}, {4, 5}},          {{2, 3, 4}, {4, 2}}, {{2, 3, 4}, {2, 4, 5}}, {{3, 4}, {2, 4, 5}},
      {{2, 1, 3, 4}, {3, 4, 2}}, {{4}, {4, 3}},       {{3, 4}, {4}},          {{4}, {4}}};
  for (const auto& [sa, sb] : cases) {
    EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return matmul(in[0], in[1]); },
                        {random_leaf(sa, 1), random_leaf(sb, 2)}))
        << shape_str(sa) << " @ " << shape_str(sb);
  }
}

// One row or one column goes to BLAS's matrix-vector product; the backward's transposed products
// take every transpose flag there.
TEST(Matmul, OneRowOrOneColumnMatchesTheTripleLoopWithGradients) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{1, 7}, {7, 5}}, {{6, 7}, {7, 1}}, {{1, 7}, {7, 1}}, {{6, 1}, {1, 5}}};
  for (const auto& [sa, sb] : cases) {
    const Tensor a = random_leaf(sa, 3), b = random_leaf(sb, 4);
    EXPECT_TRUE(tensors_close(matmul(a, b), naive_matmul(a.detach(), b.detach()), 1e-5, 1e-5))
        << shape_str(sa) << " @ " << shape_str(sb);
    EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return matmul(in[0], in[1]); }, {a, b}))
        << shape_str(sa) << " @ " << shape_str(sb);
  }
  const Tensor x = random_leaf({1, 7}, 5), w = random_leaf({5, 7}, 6);
  EXPECT_TRUE(tensors_close(linear(x, w), naive_matmul(x.detach(), w.detach().t()), 1e-5, 1e-5));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return linear(in[0], in[1]); }, {x, w}));
}

TEST(Matmul, BadShapesNameBothOperands) {
  EXPECT_TRUE(throws_with(
      [] {
        matmul(zeros({2, 3}), zeros({4, 5}));
      },
      {"matmul", "[2, 3]", "[4, 5]"}));
  EXPECT_TRUE(throws_with(
      [] {
        matmul(zeros({2, 2, 3}), zeros({3, 3, 1}));
      },
      {"matmul", "[2]", "[3]"}));
  EXPECT_TRUE(
      throws_with([] { matmul(zeros({2}), scalar_tensor(1)); }, {"matmul", "at least one"}));
  EXPECT_TRUE(throws_with([] { matmul(int_tensor({1}), zeros({1})); }, {"matmul", "int64"}));
}

TEST(Matmul, EmptyInnerDimensionGivesZeros) {
  EXPECT_TRUE(tensors_close(matmul(zeros({2, 0}), zeros({0, 3})), zeros({2, 3})));
}

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
