// Lesson 24: each exercise against statistics it must keep, GPT's attention layer it must change
// only where asked, and known values.
#include <gtest/gtest.h>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

double spread(const Tensor& t) { return t.std({}, false, 0).item(); }

TEST(Exercise1, KeepsTheShapeMeanAndSpread) {
  Generator data(1), noise(2);
  const Tensor w = randn({300, 200}, &data) * 0.7 + 0.3;
  const Tensor before = w.clone();
  const Tensor n = matched_noise(w, noise);
  ASSERT_EQ(n.shape(), w.shape());
  EXPECT_NEAR(n.mean().item(), 0.3, 0.01) << "the weight's mean";
  EXPECT_NEAR(spread(n), 0.7, 0.01) << "the weight's standard deviation";
  EXPECT_GT(max(abs(n - w)).item(), 0.5) << "noise, not the weight";
  EXPECT_TRUE(close(w, before, 0)) << "the weight itself is left as it was";
}

TEST(Exercise1, DrawsFromTheGeneratorGiven) {
  const Tensor w = randn({50, 40}) * 2.0;
  Generator a(7), b(7), c(8);
  EXPECT_TRUE(close(matched_noise(w, a), matched_noise(w, b), 0))
      << "the same seed, the same noise";
  EXPECT_FALSE(close(matched_noise(w, a), matched_noise(w, c), 0)) << "another seed, other noise";
}

// An attention layer whose query weights (spread 0.3, mean 0.1) differ from its key and value
// weights (spread 0.02), with biases that are not zero.
struct Layer {
  static constexpr int64_t C = 64;
  nn::CausalSelfAttention attn;
  Tensor weight_before, bias_before;
  Layer() : attn(config()) {
    NoGradGuard no_grad;
    attn.c_attn->weight.write_slice_(0, 0, randn({C, C}) * 0.3 + 0.1);
    attn.c_attn->bias.copy_(randn({3 * C}));
    weight_before = attn.c_attn->weight.detach().clone();
    bias_before = attn.c_attn->bias.detach().clone();
  }
  static nn::GPTConfig config() {
    nn::GPTConfig c;
    c.width = C;
    c.heads = 4;
    return c;
  }
  Tensor q() const { return attn.c_attn->weight.detach().narrow(0, 0, C); }
};

TEST(Exercise2, ReplacesTheQueryRowsWithMatchedNoise) {
  Layer layer;
  Generator gen(3);
  replace_query_weights(layer.attn, gen);
  const Tensor old_q = layer.weight_before.narrow(0, 0, Layer::C);
  EXPECT_GT(max(abs(layer.q() - old_q)).item(), 0.1) << "the query weights were not replaced";
  EXPECT_NEAR(layer.q().mean().item(), 0.1, 0.02) << "the query weights' own mean";
  EXPECT_NEAR(spread(layer.q()), 0.3, 0.015)
      << "the query weights' own spread, not the spread of all of c_attn";
}

TEST(Exercise2, LeavesKeysValuesAndBiasesAlone) {
  Layer layer;
  Generator gen(4);
  replace_query_weights(layer.attn, gen);
  const int64_t C = Layer::C;
  EXPECT_TRUE(close(layer.attn.c_attn->weight.detach().narrow(0, C, 2 * C),
                    layer.weight_before.narrow(0, C, 2 * C), 0))
      << "the key and value rows changed";
  EXPECT_TRUE(close(layer.attn.c_attn->bias.detach(), layer.bias_before, 0))
      << "the biases changed (the course keeps the query bias)";
  EXPECT_TRUE(layer.attn.c_attn->weight.requires_grad()) << "still the layer's parameter";
}

TEST(Exercise3, KnownCases) {
  // Rows' first choices: 2, 0, 1, 1.
  const Tensor logits = tensor({0, 1, 5, 9, 2, 3, 0, 4, 1, -1, 0, -2}, {4, 3});
  EXPECT_DOUBLE_EQ(top1_agreement(logits, from_vector<int64_t>({2, 0, 1, 1}, {4})), 1.0);
  EXPECT_DOUBLE_EQ(top1_agreement(logits, from_vector<int64_t>({2, 1, 1, 0}, {4})), 0.5);
  EXPECT_DOUBLE_EQ(
      top1_agreement(logits.view({2, 2, 3}), from_vector<int64_t>({0, 0, 0, 0}, {2, 2})), 0.25)
      << "logits [2, 2, 3] against tokens [2, 2]";
}

}  // namespace
}  // namespace buildgpt::lessons
