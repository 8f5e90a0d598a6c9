// rms_norm: values and gradients worked out by hand, gradient checks with and without a weight
// and over two trailing dims, agreement with the primitive formula and with layer_norm on rows of
// mean zero, and bad shapes.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::same_gradients;
using testing::tensors_close;
using testing::throws_with;

// Row 0 has mean square 4 (rms 2), row 1 mean square 25/4 (rms 2.5), so x̂ = x / rms is
// [1, -1, 1, -1] and [1.2, 1.6, 0, 0]. With ĝ = dy⊙w, dx = (ĝ − x̂·mean(ĝ⊙x̂)) / rms:
// row 0: ĝ = [0.5, 0.5, 2, 3], mean(ĝ⊙x̂) = -0.25, dx = [0.375, 0.125, 1.125, 1.375];
// row 1: ĝ = [1, 0, 0, 0], mean(ĝ⊙x̂) = 0.3, dx = [0.256, -0.192, 0, 0];
// dw = Σ_rows dy⊙x̂ = [0.5, -1, -1, -2] + [1.2, 0, 0, 0].
TEST(RmsNorm, MatchesAHandCalculation) {
  Tensor x = tensor({2, -2, 2, -2, 3, 4, 0, 0}, {2, 4});
  Tensor w = tensor({1, 0.5, -2, 1.5});
  x.requires_grad_(true);
  w.requires_grad_(true);
  const Tensor y = rms_norm(x, {4}, w, 0.0);
  EXPECT_TRUE(tensors_close(y, tensor({1, -0.5, -2, -1.5, 1.2, 0.8, 0, 0}, {2, 4})));
  y.backward(tensor({0.5, 1, -1, 2, 1, 0, 0, 0}, {2, 4}));
  EXPECT_TRUE(tensors_close(
      x.grad(), tensor({0.375, 0.125, 1.125, 1.375, 0.256, -0.192, 0, 0}, {2, 4}), 1e-6, 1e-5));
  EXPECT_TRUE(tensors_close(w.grad(), tensor({1.7, -1, -1, -2}), 1e-6, 1e-5));
}

TEST(RmsNorm, EpsilonSitsUnderTheRoot) {
  // mean(x²) = 1, so y = x / √(1 + 3) = x / 2.
  EXPECT_TRUE(tensors_close(rms_norm(tensor({1, -1}, {1, 2}), {2}, Tensor(), 3.0),
                            tensor({0.5, -0.5}, {1, 2})));
}

TEST(RmsNorm, Gradients) {
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return rms_norm(in[0], {5}, in[1]); },
                      {random_leaf({3, 5}, 1), random_leaf({5}, 2)}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return rms_norm(in[0], {6}); },
                      {random_leaf({2, 2, 6}, 4)}));
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return rms_norm(in[0], {3, 4}, in[1]);
      },
      {random_leaf({2, 3, 4}, 5), random_leaf({3, 4}, 6)}));
}

TEST(RmsNorm, EqualsThePrimitiveFormulaWithItsGradient) {
  const Tensor a = random_leaf({40, 3, 16}, 10, 2.0), b = random_leaf({40, 3, 16}, 10, 2.0);
  const Tensor wa = random_leaf({3, 16}, 11), wb = random_leaf({3, 16}, 11);
  const Tensor fused = rms_norm(a, {3, 16}, wa, 1e-6);
  const Tensor reference = b / sqrt(mean(b * b, {1, 2}, true) + 1e-6) * wb;
  EXPECT_TRUE(tensors_close(fused, reference, 1e-5, 1e-4));
  EXPECT_TRUE(same_gradients(fused, reference, {{a, b}, {wa, wb}}, 1e-4, 1e-3));
}

TEST(RmsNorm, EqualsLayerNormOnRowsOfMeanZero) {
  const Tensor x = random_leaf({8, 12}, 13);
  const Tensor centred = (x - mean(x, {1}, true)).detach();
  const Tensor w = random_leaf({12}, 14);
  EXPECT_TRUE(tensors_close(rms_norm(centred, {12}, w, 1e-5),
                            layer_norm(centred, {12}, w, Tensor(), 1e-5), 1e-5, 1e-4));
}

TEST(RmsNorm, BadShapesNameTheOp) {
  EXPECT_TRUE(throws_with([] { rms_norm(zeros({2, 3}), {4}); }, {"rms_norm", "[4]", "[2, 3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        rms_norm(zeros({2, 3}), {3}, zeros({2}));
      },
      {"rms_norm", "weight", "[2]", "[3]"}));
  EXPECT_TRUE(throws_with([] { rms_norm(int_tensor({1, 2}), {2}); }, {"rms_norm", "int64"}));
}

}  // namespace
}  // namespace buildgpt
