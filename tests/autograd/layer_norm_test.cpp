// layer_norm: reference values and gradients, with and without weight/bias, over one and two
// trailing dims, agreement with the primitive formula, and bad shapes.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::same_gradients;
using testing::tensors_close;
using testing::throws_with;

TEST(LayerNorm, MatchesReferenceValuesAndGradients) {
  Tensor x = tensor({1, 2, 4, -1, 0.5, 0.5, 3, 2}, {2, 4});
  Tensor w = tensor({1, 0.5, -2, 1.5}), b = tensor({0, 1, 0.5, -0.5});
  x.requires_grad_(true);
  w.requires_grad_(true);
  b.requires_grad_(true);
  const Tensor y = layer_norm(x, {4}, w, b);
  EXPECT_TRUE(tensors_close(y, tensor({-0.2773497, 1.1386749, -2.2734969, -2.5801225, -0.9428049,
                                       0.5285975, -2.3284144, 0.2071036},
                                      {2, 4})));
  y.backward(tensor({0.3, -1, 0.5, 2, 1, 0, -0.5, 0.25}, {2, 4}));
  EXPECT_TRUE(tensors_close(x.grad(),
                            tensor({-0.3050839, -0.3050854, 0.3050812, 0.3050880, 0.5270529,
                                    -0.4157520, 0.1669570, -0.2782577},
                                   {2, 4}),
                            1e-5, 1e-4));
  EXPECT_TRUE(tensors_close(w.grad(), tensor({-1.0260098, -0.2773497, -0.0137294, -2.6556461}),
                            1e-5, 1e-4));
  EXPECT_TRUE(tensors_close(b.grad(), tensor({1.3, -1, 0, 2.25})));
}

TEST(LayerNorm, OverTwoTrailingDimsWithoutAffine) {
  const Tensor x = tensor({1, 2, 4, -1, 0.5, 0.5, 3, 2}, {1, 2, 4});
  EXPECT_TRUE(
      tensors_close(layer_norm(x, {2, 4}), tensor({-0.3380609, 0.3380609, 1.6903044, -1.6903045,
                                                   -0.6761218, -0.6761218, 1.0141826, 0.3380609},
                                                  {1, 2, 4})));
}

TEST(LayerNorm, Gradients) {
  EXPECT_TRUE(
      grad_ok([](const std::vector<Tensor>& in) { return layer_norm(in[0], {5}, in[1], in[2]); },
              {random_leaf({3, 5}, 1), random_leaf({5}, 2), random_leaf({5}, 3)}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return layer_norm(in[0], {6}); },
                      {random_leaf({2, 2, 6}, 4)}));
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return layer_norm(in[0], {3, 4}, in[1], in[2]);
      },
      {random_leaf({2, 3, 4}, 5), random_leaf({3, 4}, 6), random_leaf({3, 4}, 7)}));
  EXPECT_TRUE(
      grad_ok([](const std::vector<Tensor>& in) { return layer_norm(in[0], {4}, Tensor(), in[1]); },
              {random_leaf({3, 4}, 8), random_leaf({4}, 9)}));
}

TEST(LayerNorm, EqualsThePrimitiveFormulaWithItsGradient) {
  const Tensor a = random_leaf({40, 3, 16}, 10, 2.0), b = random_leaf({40, 3, 16}, 10, 2.0);
  const Tensor wa = random_leaf({3, 16}, 11), wb = random_leaf({3, 16}, 11);
  const Tensor ba = random_leaf({3, 16}, 12), bb = random_leaf({3, 16}, 12);
  const Tensor fused = layer_norm(a, {3, 16}, wa, ba, 1e-5);
  const Tensor centred = b - mean(b, {1, 2}, true);
  const Tensor variance = mean(centred * centred, {1, 2}, true);
  const Tensor reference = centred / sqrt(variance + 1e-5) * wb + bb;
  EXPECT_TRUE(tensors_close(fused, reference, 1e-5, 1e-4));
  EXPECT_TRUE(same_gradients(fused, reference, {{a, b}, {wa, wb}, {ba, bb}}, 1e-4, 1e-3));
}

TEST(LayerNorm, BadShapesNameTheOp) {
  EXPECT_TRUE(throws_with([] { layer_norm(zeros({2, 3}), {4}); }, {"layer_norm", "[4]", "[2, 3]"}));
  EXPECT_TRUE(throws_with([] { layer_norm(zeros({3}), {2, 3}); }, {"layer_norm", "[2, 3]", "[3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        layer_norm(zeros({2, 3}), {3}, zeros({2}));
      },
      {"layer_norm", "weight", "[2]", "[3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        layer_norm(zeros({2, 3}), {3}, Tensor(), zeros({3, 1}));
      },
      {"layer_norm", "bias", "[3, 1]"}));
  EXPECT_TRUE(throws_with([] { layer_norm(int_tensor({1, 2}), {2}); }, {"layer_norm", "int64"}));
}

}  // namespace
}  // namespace buildgpt
