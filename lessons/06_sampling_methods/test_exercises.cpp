// Lesson 06: each exercise against known values and against nn::sample_next, which draws the same
// token from the learner's filtered logits as from the raw logits with its own filter, given the
// same seed.
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nn/sampling.h"

namespace buildgpt::lessons {
namespace {

// Which entries of `filtered` are still finite, as 1 (kept) or 0.
Tensor kept(const Tensor& filtered) { return gt(filtered, -INFINITY).to(kFloat32); }

// Rows of random logits of several sizes and spreads (no ties).
std::vector<Tensor> inputs() {
  return {randn({1, 10}), randn({4, 50}) * 3.0, randn({2, 1000}) * 0.3, randn({3, 7}) * 10.0};
}

// For 50 seeds: sample_next on the learner's filtered logits (no filter of its own) and on the raw
// logits with `library_filter` draw the same tokens.
::testing::AssertionResult same_draws(const Tensor& filtered, const Tensor& logits,
                                      const nn::SamplingOptions& library_filter) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Generator mine(seed), library(seed);
    const Tensor a = nn::sample_next(filtered, {}, &mine);
    const Tensor b = nn::sample_next(logits, library_filter, &library);
    if (!close(a.to(kFloat32), b.to(kFloat32), 0)) {
      return ::testing::AssertionFailure()
             << "seed " << seed << ": your filter drew " << a << ", the library's " << b;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(Exercise1, KnownValues) {
  const Tensor logits = tensor({0.1f, 2, -1, 1.9f, 5, 5, 3, 0}, {2, 4});
  const Tensor ids = greedy_pick(logits);
  ASSERT_EQ(ids.dtype(), kInt64);
  EXPECT_TRUE(close(ids.to(kFloat32), tensor({1, 0}, {2, 1}), 0))
      << "row 2 has two largest logits (5 and 5): the lower id, 0";
}

TEST(Exercise1, MatchesGreedySampling) {
  for (const Tensor& logits : inputs()) {
    const Tensor want = nn::sample_next(logits, {.temperature = 0});
    EXPECT_TRUE(close(greedy_pick(logits).to(kFloat32), want.to(kFloat32), 0)) << logits;
  }
}

TEST(Exercise2, KnownValues) {
  const Tensor logits = tensor({1, 4, 2, 3, -1, 0.5f}, {1, 6});
  const float inf = INFINITY;
  EXPECT_TRUE(close(top_k_filter(logits, 2), tensor({-inf, 4, -inf, 3, -inf, -inf}, {1, 6}), 0));
  EXPECT_TRUE(close(top_k_filter(logits, 6), logits, 0)) << "k = V keeps every logit";
  EXPECT_TRUE(close(top_k_filter(logits, 1), tensor({-inf, 4, -inf, -inf, -inf, -inf}, {1, 6}), 0));
}

TEST(Exercise2, KeepsKPerRowAndDrawsAsTheLibrary) {
  for (const Tensor& logits : inputs()) {
    for (const int64_t k : {int64_t{1}, int64_t{3}, logits.size(1)}) {
      const Tensor filtered = top_k_filter(logits, k);
      EXPECT_TRUE(close(kept(filtered).sum({1}), full({logits.size(0)}, double(k)), 0))
          << "k " << k << ", logits " << logits;
      EXPECT_TRUE(same_draws(filtered, logits, {.top_k = k})) << "k " << k;
    }
  }
}

TEST(Exercise3, KnownValues) {
  // Probabilities 0.5, 0.3, 0.15, 0.05 (from their logs), in a shuffled order.
  const Tensor logits = log(tensor({0.15f, 0.5f, 0.05f, 0.3f}, {1, 4}));
  const auto kept_of = [&](double p) { return kept(top_p_filter(logits, p)); };
  EXPECT_TRUE(close(kept_of(0.4), tensor({0, 1, 0, 0}, {1, 4}), 0)) << "p 0.4: 0.5 is enough";
  EXPECT_TRUE(close(kept_of(0.7), tensor({0, 1, 0, 1}, {1, 4}), 0)) << "p 0.7: 0.5 + 0.3";
  EXPECT_TRUE(close(kept_of(0.9), tensor({1, 1, 0, 1}, {1, 4}), 0)) << "p 0.9: 0.5 + 0.3 + 0.15";
  EXPECT_TRUE(close(kept_of(1.0), tensor({1, 1, 1, 1}, {1, 4}), 0)) << "p 1 keeps all";
  EXPECT_TRUE(close(top_p_filter(logits, 0.7).masked_fill(lt(kept_of(0.7), 0.5), 0),
                    logits.masked_fill(lt(kept_of(0.7), 0.5), 0), 0))
      << "the kept logits are unchanged";
}

TEST(Exercise3, DrawsAsTheLibrary) {
  for (const Tensor& logits : inputs()) {
    for (const double p : {0.05, 0.5, 0.9, 1.0}) {
      EXPECT_TRUE(same_draws(top_p_filter(logits, p), logits, {.top_p = p}))
          << "p " << p << ", logits " << logits;
    }
  }
}

}  // namespace
}  // namespace buildgpt::lessons
