// Lesson 23: each exercise against the plot library's fixed bins, GPT's attention layer and known
// values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "exercises.h"
#include "lessons/common/linspace.h"
#include "lessons/common/tensor_close.h"
#include "nn/transformer.h"
#include "plot/binning.h"

namespace buildgpt::lessons {
namespace {

void expect_densities(const std::vector<double>& got, const std::vector<double>& want,
                      const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what << ": one density per bin";
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-9 * (1 + want[i])) << what << ", bin " << i;
  }
}

TEST(Exercise1, AKnownCase) {
  // 0.1 and 0.2 in [0, 0.5); 0.5 and 1.0 in [0.5, 1] (the last bin is closed); 1.5 and -3 are
  // outside: 4 values inside, bins 0.5 wide.
  expect_densities(density_histogram(tensor({0.1f, 0.2f, 0.5f, 1.0f, 1.5f, -3.0f}), {0, 0.5, 1}),
                   {1.0, 1.0}, "values 0.1, 0.2, 0.5, 1, 1.5, -3 in bins [0, 0.5, 1]");
}

TEST(Exercise1, MatchesTheLibrarysFixedBins) {
  Generator gen(5);
  const Tensor values = randn({20000}, &gen) * 0.3;
  for (const std::vector<double>& edges :
       {linspace_values(-0.6, 0.6, 71), linspace_values(-1, 1, 171), {-2, -0.1, 0, 0.05, 1}}) {
    expect_densities(density_histogram(values, edges), plot::density_in_bins(values, edges),
                     "20,000 normal values of spread 0.3");
  }
}

TEST(Exercise1, NothingInside) {
  expect_densities(density_histogram(tensor({5.0f, 6.0f}), {0, 1, 2}), {0, 0},
                   "values 5 and 6 in bins [0, 1, 2]");
}

TEST(Exercise2, ReproducesTheFusedLayer) {
  for (const int64_t C : {4, 48}) {
    nn::GPTConfig config;
    config.width = C;
    config.heads = 4;
    nn::CausalSelfAttention attn(config);
    NoGradGuard no_grad;
    attn.c_attn->bias.copy_(randn({3 * C}));
    const Tensor x = randn({2, 5, C}), fused = (*attn.c_attn)(x);
    const QKVWeights w = split_qkv_weights(attn.c_attn->weight);
    const Tensor* parts[] = {&w.q, &w.k, &w.v};
    for (int64_t i = 0; i < 3; ++i) {
      ASSERT_EQ(parts[i]->shape(), (Shape{C, C})) << "q, k and v are [C, C]";
      const Tensor mine = linear(x, *parts[i], attn.c_attn->bias.narrow(0, i * C, C));
      EXPECT_TRUE(close(mine, fused.narrow(2, i * C, C), 1e-5))
          << "width " << C << ": "
          << "qkv"[i] << " should be columns " << i * C << " to " << (i + 1) * C - 1
          << " of c_attn's output";
    }
  }
}

TEST(Exercise3, KnownDistributions) {
  EXPECT_NEAR(excess_kurtosis(tensor({-1, 1, -1, 1})), -2, 1e-6) << "two equal values: 1 - 3";
  EXPECT_NEAR(excess_kurtosis(tensor({0, 0, 0, 0, 0, 0, 0, 0, 0, 4})), 46.0 / 9, 1e-5)
      << "one value far from nine zeros: heavy tails (a Bernoulli of p = 0.1: 0.46 / 0.09)";
  Generator gen(7);
  EXPECT_NEAR(excess_kurtosis(randn({200000}, &gen) * 3 + 1), 0, 0.06) << "normal";
  EXPECT_NEAR(excess_kurtosis(rand({200000}, &gen)), -1.2, 0.03) << "uniform";
}

}  // namespace
}  // namespace buildgpt::lessons
