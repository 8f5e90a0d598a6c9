// cross_entropy and nll_loss: reference values and gradients, ignored targets, agreement with
// log_softmax and the one-hot formula, and bad targets.
#include <cmath>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

// The mean of −log_softmax(logits)[target] over rows, from primitives: a one-hot mask picks the
// target column.
Tensor primitive_cross_entropy(const Tensor& logits, const std::vector<int64_t>& targets) {
  const int64_t classes = logits.size(-1);
  std::vector<float> onehot(targets.size() * classes, 0.0f);
  for (size_t r = 0; r < targets.size(); ++r) onehot[r * classes + targets[r]] = 1;
  const Tensor log_probs = logits - log(sum(exp(logits), {-1}, true));
  return -sum(log_probs * from_vector(onehot, logits.shape())) /
         static_cast<double>(targets.size());
}

TEST(CrossEntropy, MatchesReferenceValueAndGradientWithAnIgnoredTarget) {
  Tensor x = tensor({1, 2, 3, -1, 0.5, 4, 0.2, -0.3, 0.1}, {3, 3});
  x.requires_grad_(true);
  const Tensor loss = cross_entropy(x, int_tensor({2, -100, 0}));
  EXPECT_NEAR(loss.item(), 0.6642168, 1e-6);
  loss.backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({0.0450153, 0.1223642, -0.1673795, 0, 0, 0, -0.3009053,
                                              0.1207570, 0.1801483},
                                             {3, 3})));
}

TEST(CrossEntropy, BatchDimensionsMatchTheFlattenedRows) {
  const Tensor x = tensor({0.5, 1.5, -2, 1, 1, 1, 3, 0, -1, 0.1, 0.2, 0.3}, {2, 2, 3});
  EXPECT_NEAR(cross_entropy(x, int_tensor({1, 2, 0, 1}, {2, 2})).item(), 0.6503841, 1e-6);
}

TEST(CrossEntropy, LargeLogitsStayFinite) {
  EXPECT_NEAR(cross_entropy(tensor({1000, 1001}, {1, 2}), int_tensor({0})).item(), 1.3132616, 1e-5);
}

TEST(CrossEntropy, AllTargetsIgnoredGivesNanAndZeroGradient) {
  Tensor x = random_leaf({2, 3}, 1);
  const Tensor loss = cross_entropy(x, int_tensor({-100, -100}));
  EXPECT_TRUE(std::isnan(loss.item()));
  loss.backward();
  EXPECT_TRUE(tensors_close(x.grad(), zeros({2, 3})));
}

TEST(CrossEntropy, Gradients) {
  const Tensor targets = int_tensor({3, 0, 7, 2, 0, 4}, {2, 3});
  EXPECT_TRUE(
      grad_ok([&](const std::vector<Tensor>& in) { return cross_entropy(in[0], targets, 7); },
              {random_leaf({2, 3, 5}, 2)}));
  EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return nll_loss(in[0], targets, 7); },
                      {random_leaf({2, 3, 5}, 3)}));
}

TEST(CrossEntropy, EqualsThePrimitiveFormulaWithItsGradient) {
  const std::vector<int64_t> targets = {4, 0, 9, 9, 3, 1, 7};
  const Tensor a = random_leaf({7, 10}, 4, 3.0), b = random_leaf({7, 10}, 4, 3.0);
  const Tensor fused = cross_entropy(a, from_vector(targets));
  const Tensor reference = primitive_cross_entropy(b, targets);
  EXPECT_NEAR(fused.item(), reference.item(), 1e-5);
  fused.backward();
  reference.backward();
  EXPECT_TRUE(tensors_close(a.grad(), b.grad(), 1e-6, 1e-4));
}

// The gradient is computed with the loss for dloss = 1; any other dloss scales it, a retained
// graph gives it again, and without grad mode nothing is kept.
TEST(CrossEntropy, GradientForAnyUpstreamGradient) {
  const Tensor targets = int_tensor({2, 0, 1});
  Tensor x = random_leaf({3, 4}, 5), y = x.detach().requires_grad_();
  cross_entropy(x, targets).backward();
  const Tensor once = x.grad().clone();
  (cross_entropy(y, targets) * 3.0).backward();
  EXPECT_TRUE(tensors_close(y.grad(), once * 3.0));
  x.zero_grad();
  const Tensor loss = cross_entropy(x, targets);
  loss.backward(Tensor(), /*retain_graph=*/true);
  loss.backward();
  EXPECT_TRUE(tensors_close(x.grad(), once * 2.0));
  NoGradGuard no_grad;
  EXPECT_FALSE(cross_entropy(x, targets).requires_grad());
}

TEST(NllLoss, MatchesReferenceAndComposesToCrossEntropy) {
  EXPECT_NEAR(nll_loss(tensor({-0.5, -1.2, -2.0, -0.1}, {2, 2}), int_tensor({1, 0})).item(), 1.6,
              1e-6);
  const Tensor targets = int_tensor({1, -100, 3, 0});
  const Tensor a = random_leaf({4, 5}, 5), b = random_leaf({4, 5}, 5);
  const Tensor fused = cross_entropy(a, targets), composed = nll_loss(log_softmax(b, 1), targets);
  EXPECT_NEAR(fused.item(), composed.item(), 1e-6);
  fused.backward();
  composed.backward();
  EXPECT_TRUE(tensors_close(a.grad(), b.grad(), 1e-6, 1e-5));
}

TEST(CrossEntropy, BadTargetsNameTheOpShapesAndValues) {
  EXPECT_TRUE(throws_with(
      [] {
        cross_entropy(zeros({4, 3}), int_tensor({0, 1, 2}));
      },
      {"cross_entropy", "[3]", "[4, 3]", "[4]"}));
  EXPECT_TRUE(throws_with(
      [] {
        cross_entropy(zeros({2, 3}), int_tensor({0, 3}));
      },
      {"cross_entropy", "target 3", "3 classes"}));
  EXPECT_TRUE(throws_with(
      [] {
        nll_loss(zeros({2, 3}), int_tensor({-1, 0}));
      },
      {"nll_loss", "target -1", "3 classes"}));
  EXPECT_TRUE(throws_with(
      [] {
        cross_entropy(zeros({2, 3}), zeros({2}));
      },
      {"cross_entropy", "targets", "int64", "float32"}));
  EXPECT_TRUE(throws_with([] { cross_entropy(scalar_tensor(1), int_tensor({0})); },
                          {"cross_entropy", "class dimension"}));
}

}  // namespace
}  // namespace buildgpt
