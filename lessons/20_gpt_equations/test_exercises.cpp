// Lesson 20: each exercise against the library: the GELU op, a LayerNorm module and the fused
// attention kernel, on random numbers, plus a few values known by heart.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "autograd/autograd.h"
#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nn/nn.h"

namespace buildgpt::lessons {
namespace {

std::vector<float> values_of(const Tensor& t) { return t.contiguous().to_vector<float>(); }

TEST(Exercise1, KnownValues) {
  EXPECT_EQ(gelu_tanh(0), 0) << "GELU(0) = 0";
  EXPECT_NEAR(gelu_tanh(1), 0.841192, 1e-6) << "GELU(1) in the tanh form";
  EXPECT_NEAR(gelu_tanh(-3), -0.003637, 1e-6) << "GELU(-3): a large negative input is nearly 0";
}

TEST(Exercise1, MatchesTheLibrary) {
  const std::vector<float> u = {-6, -3, -1.5, -0.7, -0.1, 0.2, 0.9, 1.7, 3.3, 8};
  const std::vector<float> want = gelu(from_vector(u), GeluApproximation::Tanh).to_vector<float>();
  for (size_t i = 0; i < u.size(); ++i) {
    EXPECT_NEAR(gelu_tanh(u[i]), want[i], 1e-6) << "u = " << u[i];
  }
}

TEST(Exercise2, KnownValues) {
  // [1, 2, 3]: mean 2, variance 2/3, so (x - 2) / sqrt(2/3) = -1.2247, 0, 1.2247.
  const std::vector<float> got = layer_norm_row({1, 2, 3}, {1, 1, 1}, {0, 0, 0}, 0);
  EXPECT_TRUE(close(from_vector(got), tensor({-1.2247449f, 0, 1.2247449f}, {3}), 1e-6));
  // The gain scales and the shift moves each feature after normalising.
  const std::vector<float> scaled = layer_norm_row({1, 2, 3}, {2, 1, 0}, {5, 6, 7}, 0);
  EXPECT_TRUE(close(from_vector(scaled), tensor({5 - 2.4494898f, 6, 7}, {3}), 1e-6));
}

TEST(Exercise2, MatchesTheModule) {
  for (const int64_t C : {4, 48, 768}) {
    nn::LayerNorm norm({C}, 1e-5);
    {
      NoGradGuard no_grad;
      norm.weight.copy_(randn({C}) + 1.0);
      norm.bias.copy_(randn({C}));
    }
    const Tensor x = randn({C}) * 3.0 + 1.0;
    const std::vector<float> got =
        layer_norm_row(values_of(x), values_of(norm.weight), values_of(norm.bias), norm.eps);
    EXPECT_TRUE(close(from_vector(got), norm(x).detach(), 1e-5)) << "width " << C;
  }
}

TEST(Exercise3, OneKeyGivesItsValue) {
  const std::vector<float> out = attention_row({0.3f, -2}, {{5, 1}}, {{7, -8}});
  EXPECT_TRUE(close(from_vector(out), tensor({7, -8}, {2}), 0)) << "all the weight on one key";
}

TEST(Exercise3, MatchesTheFusedKernel) {
  for (const auto& [T, d] : {std::pair<int64_t, int64_t>{1, 4}, {6, 16}, {9, 64}}) {
    const Tensor q = randn({T, d}) * 2.0, k = randn({T, d}) * 2.0, v = randn({T, d});
    const Tensor fused = scaled_dot_product_attention(q, k, v, /*is_causal=*/true);
    for (int64_t i = 0; i < T; ++i) {
      std::vector<std::vector<float>> keys, values;
      for (int64_t j = 0; j <= i; ++j) {  // what query i may see
        keys.push_back(values_of(k.select(0, j)));
        values.push_back(values_of(v.select(0, j)));
      }
      const std::vector<float> got = attention_row(values_of(q.select(0, i)), keys, values);
      EXPECT_TRUE(close(from_vector(got), fused.select(0, i), 1e-5))
          << "query " << i << " of " << T << ", width " << d;
    }
  }
}

}  // namespace
}  // namespace buildgpt::lessons
