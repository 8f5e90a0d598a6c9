#include "nn/layers.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nn/containers.h"
#include "nn/loss.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::tensors_close;

TEST(Linear, InitIsUniformWithinOneOverSqrtIn) {
  Generator gen(1);
  Linear lin(256, 512, true, &gen);
  ASSERT_EQ(lin.weight.shape(), (Shape{512, 256}));
  ASSERT_EQ(lin.bias.shape(), (Shape{512}));
  const double bound = 1 / std::sqrt(256.0);
  const std::vector<float> w = lin.weight.to_vector<float>();
  double sum = 0, sum_sq = 0, lo = 1, hi = -1;
  for (float v : w) {
    sum += v;
    sum_sq += double(v) * v;
    lo = std::min<double>(lo, v);
    hi = std::max<double>(hi, v);
  }
  const double n = double(w.size()), mean = sum / n, var = sum_sq / n - mean * mean;
  EXPECT_GE(lo, -bound);
  EXPECT_LE(hi, bound);
  EXPECT_GT(hi, 0.99 * bound);  // the whole range is used
  EXPECT_NEAR(mean, 0, 0.01 * bound);
  EXPECT_NEAR(var, bound * bound / 3, 0.02 * bound * bound / 3);  // U(-a, a): a²/3
  for (float v : lin.bias.to_vector<float>()) EXPECT_LE(std::fabs(v), bound);
}

TEST(Linear, SameSeedSameWeights) {
  Generator g1(7), g2(7), g3(8);
  Linear a(3, 4, true, &g1), b(3, 4, true, &g2), c(3, 4, true, &g3);
  EXPECT_TRUE(tensors_close(a.weight, b.weight, 0, 0));
  EXPECT_FALSE(tensors_close(a.weight, c.weight, 0, 0));
}

TEST(Linear, ForwardIsXTimesWTransposedPlusBias) {
  Generator gen(2);
  Linear lin(3, 2, true, &gen);
  const Tensor x = randn({2, 5, 3}, &gen);
  EXPECT_TRUE(tensors_close(lin(x), x.matmul(lin.weight.t()) + lin.bias));
  // By hand for one row.
  const auto w = lin.weight.to_vector<float>(), b = lin.bias.to_vector<float>(),
             xs = x.to_vector<float>(), y = lin(x).to_vector<float>();
  for (int o = 0; o < 2; ++o) {
    EXPECT_NEAR(y[o], xs[0] * w[o * 3] + xs[1] * w[o * 3 + 1] + xs[2] * w[o * 3 + 2] + b[o], 1e-5);
  }
  Linear no_bias(3, 2, false, &gen);
  EXPECT_FALSE(no_bias.bias.defined());
  EXPECT_EQ(no_bias.parameters().size(), 1u);
  EXPECT_TRUE(tensors_close(no_bias(x), x.matmul(no_bias.weight.t())));
  EXPECT_THROW(Linear(0, 2), std::invalid_argument);
}

TEST(Embedding, InitIsStandardNormalAndForwardPicksRows) {
  Generator gen(3);
  Embedding emb(1000, 64, &gen);
  const std::vector<float> w = emb.weight.to_vector<float>();
  double sum = 0, sum_sq = 0;
  for (float v : w) sum += v, sum_sq += double(v) * v;
  EXPECT_NEAR(sum / w.size(), 0, 0.01);
  EXPECT_NEAR(sum_sq / w.size(), 1, 0.02);
  const Tensor out = emb(int_tensor({5, 0, 5}, {1, 3}));
  ASSERT_EQ(out.shape(), (Shape{1, 3, 64}));
  EXPECT_TRUE(tensors_close(out.select(1, 0), emb.weight.narrow(0, 5, 1), 0, 0));
  EXPECT_TRUE(tensors_close(out.select(1, 2), emb.weight.narrow(0, 5, 1), 0, 0));
}

TEST(LayerNorm, StartsAsPlainNormalisationAndHasNoParametersWithoutAffine) {
  LayerNorm ln(Shape{4});
  EXPECT_TRUE(tensors_close(ln.weight, ones({4}), 0, 0));
  EXPECT_TRUE(tensors_close(ln.bias, zeros({4}), 0, 0));
  const Tensor x = tensor({1, 2, 3, 4, -1, 0, 1, 2}, {2, 4});
  const Tensor y = ln(x);
  // mean 2.5, biased variance 1.25: (x - 2.5) / sqrt(1.25 + 1e-5)
  EXPECT_NEAR(y.to_vector<float>()[0], -1.5 / std::sqrt(1.25 + 1e-5), 1e-5);
  LayerNorm plain(Shape{4}, 1e-5, false);
  EXPECT_EQ(plain.parameters().size(), 0u);
  EXPECT_TRUE(tensors_close(plain(x), y));
}

TEST(LayerNorm, WithoutBiasKeepsOnlyTheWeight) {
  LayerNorm ln(Shape{4}, 1e-5, true, false);
  ASSERT_EQ(ln.named_parameters().size(), 1u);
  EXPECT_EQ(ln.named_parameters()[0].first, "weight");
  ln.weight.detach().fill_(2);
  const Tensor x = tensor({1, 2, 3, 4}, {1, 4});
  EXPECT_TRUE(tensors_close(ln(x), mul(LayerNorm(Shape{4})(x), 2.0)));
}

TEST(Activations, GeluReluAndDropoutFollowTheModuleMode) {
  const Tensor x = tensor({-2, -0.5, 0, 0.5, 2});
  EXPECT_TRUE(tensors_close(ReLU()(x), tensor({0, 0, 0, 0.5, 2})));
  EXPECT_NEAR(GELU()(x).to_vector<float>()[4], 2 * 0.5 * (1 + std::erf(2 / std::sqrt(2.0))), 1e-6);
  const double k = std::sqrt(2 / M_PI);
  EXPECT_NEAR(GELU(GeluApproximation::Tanh)(x).to_vector<float>()[4],
              0.5 * 2 * (1 + std::tanh(k * (2 + 0.044715 * 8))), 1e-6);

  Generator gen(4);
  Dropout drop(0.5, &gen);
  const Tensor big = ones({10000});
  const std::vector<float> y = drop(big).to_vector<float>();
  const auto zeros_n = std::count(y.begin(), y.end(), 0.0f);
  EXPECT_NEAR(double(zeros_n) / 10000, 0.5, 0.03);
  EXPECT_EQ(std::count(y.begin(), y.end(), 2.0f), 10000 - zeros_n);
  drop.eval();
  EXPECT_TRUE(tensors_close(drop(big), big, 0, 0));
  EXPECT_THROW(Dropout(1.5), std::invalid_argument);
}

TEST(Sequential, RunsModulesInOrderAndNamesThemByIndex) {
  Generator gen(5);
  auto first = std::make_shared<Linear>(3, 4, true, &gen);
  auto second = std::make_shared<Linear>(4, 2, true, &gen);
  Sequential seq{first, std::make_shared<ReLU>(), second};
  const Tensor x = randn({5, 3}, &gen);
  EXPECT_TRUE(tensors_close(seq(x), (*second)(relu((*first)(x))), 0, 0));
  std::vector<std::string> names;
  for (const auto& [n, t] : seq.named_parameters()) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  EXPECT_EQ(seq.size(), 3u);
}

TEST(Losses, ForwardToTheFusedOps) {
  const Tensor logits = tensor({1, 2, 0.5, -1, 0, 3}, {2, 3});
  const Tensor targets = int_tensor({1, -100});
  const Tensor ce = CrossEntropyLoss{}(logits, targets);
  const double expected = -(2 - std::log(std::exp(1) + std::exp(2) + std::exp(0.5)));
  EXPECT_NEAR(ce.item(), expected, 1e-5);
  EXPECT_NEAR(NLLLoss{}(log_softmax(logits, -1), targets).item(), expected, 1e-5);
  EXPECT_NEAR(cross_entropy(logits, int_tensor({1, 2})).item(),
              NLLLoss{-1}(log_softmax(logits, -1), int_tensor({1, 2})).item(), 1e-6);
}

}  // namespace
}  // namespace buildgpt::nn
