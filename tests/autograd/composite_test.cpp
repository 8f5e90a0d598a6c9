// Ops working together: a 2-layer MLP with cross-entropy, checked end to end and trained a little.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;

// logits = gelu(x W1 + b1) W2 + b2; loss = cross_entropy(logits, targets)
Tensor mlp_loss(const std::vector<Tensor>& p, const Tensor& targets) {
  const Tensor hidden = gelu(matmul(p[0], p[1]) + p[2]);
  return cross_entropy(matmul(hidden, p[3]) + p[4], targets);
}

TEST(Composite, TwoLayerMlpWithCrossEntropyGradcheck) {
  const Tensor targets = int_tensor({0, 2, 1, 2});
  const std::vector<Tensor> params = {random_leaf({4, 5}, 1), random_leaf({5, 8}, 2, 0.5),
                                      random_leaf({8}, 3, 0.1), random_leaf({8, 3}, 4, 0.5),
                                      random_leaf({3}, 5, 0.1)};
  EXPECT_TRUE(
      grad_ok([&](const std::vector<Tensor>& in) { return mlp_loss(in, targets); }, params));
}

TEST(Composite, BatchedMlpOverASequenceGradcheck) {
  // [B, T, C] activations through a [C, H] weight, as a transformer's MLP sees them.
  const Tensor targets = int_tensor({1, 0, 3, 2, 0, 1}, {2, 3});
  const std::vector<Tensor> params = {random_leaf({2, 3, 4}, 6), random_leaf({4, 6}, 7, 0.5),
                                      random_leaf({6}, 8, 0.1), random_leaf({6, 4}, 9, 0.5),
                                      random_leaf({4}, 10, 0.1)};
  EXPECT_TRUE(
      grad_ok([&](const std::vector<Tensor>& in) { return mlp_loss(in, targets); }, params));
}

TEST(Composite, GradientDescentLowersTheLoss) {
  Generator gen(11);
  const Tensor x = randn({32, 5}, &gen);
  const Tensor targets = argmax(matmul(x, randn({5, 3}, &gen)), 1);  // a learnable rule
  std::vector<Tensor> params = {x, random_leaf({5, 16}, 12, 0.5), zeros({16}).requires_grad_(),
                                random_leaf({16, 3}, 13, 0.5), zeros({3}).requires_grad_()};
  const double first = mlp_loss(params, targets).item();
  for (int step = 0; step < 200; ++step) {
    Tensor loss = mlp_loss(params, targets);
    loss.backward();
    NoGradGuard no_grad;
    for (size_t i = 1; i < params.size(); ++i) {
      Tensor update = params[i].grad() * -0.5;
      add_(params[i], update);
      params[i].zero_grad();
    }
  }
  const double last = mlp_loss(params, targets).item();
  EXPECT_LT(last, 0.5 * first) << "loss went from " << first << " to " << last;
}

}  // namespace
}  // namespace buildgpt
