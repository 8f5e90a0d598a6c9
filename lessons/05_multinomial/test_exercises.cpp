// Lesson 05: each exercise against known cumulative-sum picks, the library's multinomial, and
// the errors invalid weights must raise.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

// Probabilities whose running sums (0.125, 0.375, 0.75, 1) are exact in binary.
const Tensor kProbs = tensor({0.125f, 0.25f, 0.375f, 0.25f});

TEST(Exercise1, PicksTheFirstRunningSumAboveU) {
  const std::vector<std::pair<double, int64_t>> picks = {
      {0.0, 0},   {0.1, 0}, {0.124, 0}, {0.125, 1}, {0.3, 1},
      {0.375, 2}, {0.7, 2}, {0.75, 3},  {0.99, 3},  {0.9999999, 3}};
  for (const auto& [u, want] : picks) {
    EXPECT_EQ(inverse_cdf_pick(kProbs, u), want) << "u = " << u << ", probabilities " << kProbs;
  }
}

TEST(Exercise1, NeverPicksACategoryOfProbabilityZero) {
  const Tensor p = tensor({0, 0.5f, 0, 0.5f, 0});
  for (double u : {0.0, 0.25, 0.4999, 0.5, 0.75, 0.9999999}) {
    const int64_t pick = inverse_cdf_pick(p, u);
    EXPECT_TRUE(pick == 1 || pick == 3) << "u = " << u << " picked " << pick << " from " << p;
  }
  EXPECT_EQ(inverse_cdf_pick(p, 0.5), 3) << "the running sum 0.5 is not above u = 0.5";
}

TEST(Exercise1, SameUniformNumbersGiveTheLibrarysDraws) {
  // The library's multinomial with replacement takes one next_double() per draw and searches
  // the running sums the same way, so the same seed must give the same indices.
  manual_seed(5);
  const Tensor p = softmax(randn({12}), -1);
  Generator library_gen(11), my_gen(11);
  const std::vector<int64_t> want = multinomial(p, 500, true, &library_gen).to_vector<int64_t>();
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(inverse_cdf_pick(p, my_gen.next_double()), want[i]) << "draw " << i;
  }
}

TEST(Exercise2, CountsTheLibrarysDrawsWithTheGivenGenerator) {
  Generator gen(3), check(3);
  const std::vector<int64_t> counts = count_draws(kProbs, 1000, gen);
  std::vector<int64_t> want(4, 0);
  for (int64_t i : multinomial(kProbs, 1000, true, &check).to_vector<int64_t>()) ++want[i];
  EXPECT_EQ(counts, want);
  EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), int64_t{0}), 1000);
}

TEST(Exercise2, FrequenciesAreCloseToTheProbabilities) {
  // Each frequency has standard deviation sqrt(p (1 - p) / n); 5 of them is far beyond chance
  // for a seeded run.
  const Tensor p = softmax(tensor({2, 1, 0.5f, 3.5f, -1, 0, 1.5f, -0.5f, 2.5f, 0.2f}), -1);
  const int64_t n = 20000;
  Generator gen(0);
  const std::vector<int64_t> counts = count_draws(p, n, gen);
  const std::vector<float> probs = p.to_vector<float>();
  ASSERT_EQ(counts.size(), probs.size()) << "one count per category";
  for (size_t i = 0; i < probs.size(); ++i) {
    const double freq = static_cast<double>(counts[i]) / n;
    EXPECT_NEAR(freq, probs[i], 5 * std::sqrt(probs[i] * (1 - probs[i]) / n)) << "category " << i;
  }
}

TEST(Exercise2, ACategoryOfProbabilityZeroIsNeverDrawn) {
  Generator gen(1);
  const std::vector<int64_t> counts = count_draws(tensor({0.5f, 0, 0.5f}), 5000, gen);
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[1], 0);
  EXPECT_EQ(counts[0] + counts[2], 5000);
}

TEST(Exercise3, DividesByTheSum) {
  EXPECT_TRUE(close(normalise_weights(tensor({1, 2, 7})), tensor({0.1f, 0.2f, 0.7f})));
  EXPECT_TRUE(close(normalise_weights(tensor({0, 3, 0, 1})), tensor({0, 0.75f, 0, 0.25f})));
  EXPECT_TRUE(close(normalise_weights(kProbs), kProbs)) << "probabilities stay as they are";
  const Tensor w = rand({50}) * 20.0;
  EXPECT_TRUE(close(normalise_weights(w), w / w.sum()));
}

TEST(Exercise3, RefusesInvalidWeights) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<std::pair<const char*, Tensor>> invalid = {
      {"a negative weight", tensor({0.5f, -0.1f, 0.6f})},
      {"a NaN", tensor({0.5f, nan, 0.5f})},
      {"an infinite weight", tensor({1, inf, 1})},
      {"all zero", zeros({4})},
      {"no weights at all", zeros({0})}};
  for (const auto& [what, w] : invalid) {
    EXPECT_THROW(normalise_weights(w), std::invalid_argument) << what << ": " << w;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
