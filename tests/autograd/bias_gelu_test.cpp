// bias_gelu: gelu(x + bias) in one op, both forms: values against gelu of the sum (and known
// values), gradients by finite differences and against the unfused ops, sizes that span several
// blocks of the kernels, and bad input.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

constexpr GeluApproximation kForms[] = {GeluApproximation::None, GeluApproximation::Tanh};

TEST(BiasGelu, KnownValues) {
  const Tensor x = tensor({-1.0f, -0.5f, 0.4f, 1.5f}, {2, 2}), b = tensor({-0.5f, 0.2f});
  // gelu of -1.5, -0.3, -0.1, 1.7 (PyTorch, approximate "none" and "tanh")
  EXPECT_TRUE(tensors_close(bias_gelu(x, b),
                            tensor({-0.1002109f, -0.1146266f, -0.0460172f, 1.6242388f}, {2, 2})));
  EXPECT_TRUE(tensors_close(bias_gelu(x, b, GeluApproximation::Tanh),
                            tensor({-0.1004284f, -0.1146291f, -0.0460172f, 1.6241059f}, {2, 2})));
}

// Rows wider than a kernel block (256), and a row count that splits unevenly over threads.
TEST(BiasGelu, MatchesGeluOfTheSumWithItsGradients) {
  for (GeluApproximation form : kForms) {
    const Tensor x = random_leaf({3, 7, 600}, 1, 2.0), b = random_leaf({600}, 2);
    const Tensor fused = bias_gelu(x, b, form);
    const Tensor g = random_leaf({3, 7, 600}, 3).detach();
    fused.backward(g);
    const Tensor x2 = x.detach().requires_grad_(), b2 = b.detach().requires_grad_();
    const Tensor plain = gelu(x2 + b2, form);
    plain.backward(g);
    EXPECT_TRUE(tensors_close(fused, plain));
    EXPECT_TRUE(tensors_close(x.grad(), x2.grad()));
    EXPECT_TRUE(tensors_close(b.grad(), b2.grad(), 1e-4, 1e-5));
  }
}

TEST(BiasGelu, Gradients) {
  for (GeluApproximation form : kForms) {
    EXPECT_TRUE(
        grad_ok([form](const std::vector<Tensor>& in) { return bias_gelu(in[0], in[1], form); },
                {random_leaf({4, 5}, 4), random_leaf({5}, 5)}));
  }
}

TEST(BiasGelu, WithoutABiasIsGelu) {
  const Tensor x = random_leaf({2, 300}, 6, 3.0);
  for (GeluApproximation form : kForms) {
    EXPECT_TRUE(tensors_close(bias_gelu(x, Tensor(), form), gelu(x, form), 0, 0));
  }
}

TEST(BiasGelu, BadInputNamesTheOpAndShapes) {
  EXPECT_TRUE(throws_with(
      [] {
        bias_gelu(zeros({2, 3}), zeros({4}));
      },
      {"bias_gelu", "[4]", "[2, 3]"}));
  EXPECT_TRUE(throws_with([] { bias_gelu(zeros({2, 3}), zeros({3}, kInt64)); }, {"bias_gelu"}));
}

}  // namespace
}  // namespace buildgpt
