// multinomial, topk and sort: sampled frequencies, determinism, orderings and errors.
#include <set>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::throws_with;

// How often each of v categories occurs among int64 samples, as fractions.
std::vector<double> frequencies(const Tensor& samples, int64_t v) {
  std::vector<double> freq(v, 0.0);
  const std::vector<int64_t> s = samples.to_vector<int64_t>();
  for (int64_t i : s) freq.at(i) += 1.0 / static_cast<double>(s.size());
  return freq;
}

TEST(Multinomial, FrequenciesMatchUnnormalisedWeights) {
  Generator gen(7);
  const Tensor weights = tensor({2, 0, 1, 5, 0, 12});  // sums to 20
  const std::vector<double> expected = {0.1, 0.0, 0.05, 0.25, 0.0, 0.6};
  const Tensor draws = multinomial(weights, 20000, true, &gen);
  ASSERT_EQ(draws.shape(), Shape{20000});
  ASSERT_EQ(draws.dtype(), kInt64);
  const std::vector<double> freq = frequencies(draws, 6);
  // Four standard deviations of a frequency over 20,000 draws is at most 4·√(¼/20000) ≈ 0.014.
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(freq[i], expected[i], 0.014) << i;
  EXPECT_EQ(freq[1], 0.0);
  EXPECT_EQ(freq[4], 0.0);
}

TEST(Multinomial, RowsOfA2DTensorSampleIndependently) {
  Generator gen(11);
  const Tensor weights = tensor({1, 1, 2, 0, 0, 0, 0, 3, 1, 0, 0, 0}, {2, 6});
  const Tensor draws = multinomial(weights, 20000, true, &gen);
  ASSERT_EQ(draws.shape(), (Shape{2, 20000}));
  const std::vector<double> f0 = frequencies(draws.select(0, 0), 6);
  const std::vector<double> f1 = frequencies(draws.select(0, 1), 6);
  const std::vector<double> e0 = {0.25, 0.25, 0.5, 0, 0, 0}, e1 = {0, 0.75, 0.25, 0, 0, 0};
  for (int64_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(f0[i], e0[i], 0.014) << i;
    EXPECT_NEAR(f1[i], e1[i], 0.014) << i;
  }
}

TEST(Multinomial, SameSeedSameDrawsAndDefaultGeneratorFollowsManualSeed) {
  const Tensor weights = rand({3, 50});
  Generator g1(123), g2(123), g3(124);
  const auto a = multinomial(weights, 40, true, &g1).to_vector<int64_t>();
  EXPECT_EQ(a, multinomial(weights, 40, true, &g2).to_vector<int64_t>());
  EXPECT_NE(a, multinomial(weights, 40, true, &g3).to_vector<int64_t>());
  manual_seed(5);
  const auto b = multinomial(weights, 10, false).to_vector<int64_t>();
  manual_seed(5);
  EXPECT_EQ(b, multinomial(weights, 10, false).to_vector<int64_t>());
}

TEST(Multinomial, WithoutReplacementRowsHaveDistinctIndicesWithWeight) {
  Generator gen(3);
  // Row 0 has exactly four non-zero weights; row 1 has six.
  const Tensor weights = tensor({0, 5, 0, 1e-3f, 2, 0, 7, 0, 1, 1, 1, 1, 0, 1, 1, 0}, {2, 8});
  const std::vector<float> w = weights.to_vector<float>();
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t count = trial % 2 == 0 ? 4 : 3;
    const Tensor draws = multinomial(weights, count, false, &gen);
    ASSERT_EQ(draws.shape(), (Shape{2, count}));
    const std::vector<int64_t> d = draws.to_vector<int64_t>();
    for (int64_t r = 0; r < 2; ++r) {
      const std::set<int64_t> row(d.begin() + r * count, d.begin() + (r + 1) * count);
      EXPECT_EQ(static_cast<int64_t>(row.size()), count) << "a repeated index in row " << r;
      for (int64_t i : row) EXPECT_GT(w[r * 8 + i], 0.0f) << "zero-weight index " << i;
    }
  }
}

TEST(Multinomial, WithoutReplacementFirstDrawFollowsTheWeights) {
  Generator gen(9);
  const Tensor weights = tensor({1, 3});
  int64_t ones = 0;
  for (int i = 0; i < 20000; ++i)
    ones += multinomial(weights, 2, false, &gen).to_vector<int64_t>()[0];
  EXPECT_NEAR(ones / 20000.0, 0.75, 0.013);
}

TEST(Multinomial, ErrorsNameTheOpAndTheProblem) {
  const float nan = std::nanf(""), inf = INFINITY;
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, -0.5f, 2}), 1, true);
      },
      {"multinomial", "non-negative", "-0.5", "[1]"}));
  EXPECT_TRUE(throws_with(
      [&] {
        multinomial(tensor({1, 2, nan, 1}, {2, 2}), 1, true);
      },
      {"multinomial", "finite", "nan", "[1, 0]"}));
  EXPECT_TRUE(throws_with(
      [&] {
        multinomial(tensor({inf, 1}), 1, false);
      },
      {"multinomial", "finite", "inf", "[0]"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, 2, 0, 0}, {2, 2}), 1, true);
      },
      {"multinomial", "row 1", "sums to zero"}));
  EXPECT_TRUE(throws_with([] { multinomial(zeros({3}), 1, true); }, {"multinomial", "zero"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, 2}), 0, true);
      },
      {"multinomial", "num_samples", "positive", "0"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, 2}), -3, false);
      },
      {"multinomial", "num_samples", "-3"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, 2, 3}), 4, false);
      },
      {"multinomial", "4 samples", "without replacement", "3 categories"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(tensor({1, 0, 3}), 3, false);
      },
      {"multinomial", "3 samples", "only 2 non-zero"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(int_tensor({1, 2}), 1, true);
      },
      {"multinomial", "float32", "int64"}));
  EXPECT_TRUE(throws_with(
      [] {
        multinomial(ones({2, 2, 2}), 1, true);
      },
      {"multinomial", "1-D", "2-D", "[2, 2, 2]"}));
  EXPECT_TRUE(
      throws_with([] { multinomial(scalar_tensor(1), 1, true); }, {"multinomial", "1-D", "[]"}));
}

TEST(Sort, AscendingAndDescendingKeepTiesInIndexOrder) {
  const Tensor x = tensor({3, 1, 2, 1, 3, 0});
  const auto [up, up_i] = sort(x);
  EXPECT_EQ(up.to_vector<float>(), (std::vector<float>{0, 1, 1, 2, 3, 3}));
  EXPECT_EQ(up_i.to_vector<int64_t>(), (std::vector<int64_t>{5, 1, 3, 2, 0, 4}));
  const auto [down, down_i] = sort(x, 0, true);
  EXPECT_EQ(down.to_vector<float>(), (std::vector<float>{3, 3, 2, 1, 1, 0}));
  EXPECT_EQ(down_i.to_vector<int64_t>(), (std::vector<int64_t>{0, 4, 2, 1, 3, 5}));
  EXPECT_EQ(down_i.dtype(), kInt64);
}

TEST(Sort, AlongDimZeroOfA2DTensor) {
  const Tensor x = tensor({4, 1, 2, 3, 1, 5, 1, 7, 0}, {3, 3});
  const auto [v, i] = sort(x, 0);
  EXPECT_EQ(v.to_vector<float>(), (std::vector<float>{1, 1, 0, 3, 1, 2, 4, 7, 5}));
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{2, 0, 2, 1, 1, 0, 0, 2, 1}));
}

TEST(Sort, MiddleDimensionOfA3DTensorAndIntegers) {
  const Tensor x = from_vector<int64_t>({5, 0, 3, 9, 4, 4, 1, 2, 8, 6, 7, 5}, {2, 3, 2});
  const auto [v, i] = sort(x, 1, true);
  EXPECT_EQ(v.shape(), (Shape{2, 3, 2}));
  EXPECT_EQ(v.to_vector<int64_t>(), (std::vector<int64_t>{5, 9, 4, 4, 3, 0, 8, 6, 7, 5, 1, 2}));
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 2, 1, 0, 1, 1, 2, 2, 0, 0}));
}

TEST(Sort, NanSortsAsTheLargestValue) {
  const auto [v, i] = sort(tensor({1, std::nanf(""), -1}));
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{2, 0, 1}));
  EXPECT_TRUE(std::isnan(v.to_vector<float>()[2]));
}

TEST(Topk, LargestAndSmallestAlongTheLastDim) {
  const Tensor x = tensor({1, 9, 3, 9, 0, 4, 2, 8}, {2, 4});
  const auto [v, i] = topk(x, 2);
  EXPECT_EQ(v.shape(), (Shape{2, 2}));
  EXPECT_EQ(v.to_vector<float>(), (std::vector<float>{9, 9, 8, 4}));
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{1, 3, 3, 1}));
  const auto [sv, si] = topk(x, 3, -1, false);
  EXPECT_EQ(sv.to_vector<float>(), (std::vector<float>{1, 3, 9, 0, 2, 4}));
  EXPECT_EQ(si.to_vector<int64_t>(), (std::vector<int64_t>{0, 2, 1, 0, 2, 1}));
}

TEST(Topk, AlongDimZeroAndTheEdgeValuesOfK) {
  const Tensor x = tensor({1, 5, 7, 2, 7, 0}, {3, 2});
  const auto [v, i] = topk(x, 1, 0);
  EXPECT_EQ(v.shape(), (Shape{1, 2}));
  EXPECT_EQ(v.to_vector<float>(), (std::vector<float>{7, 5}));
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(topk(x, 0, 0).first.shape(), (Shape{0, 2}));
  const auto [all, all_i] = topk(x, 3, 0);
  const auto [sorted, sorted_i] = sort(x, 0, true);
  EXPECT_EQ(all.to_vector<float>(), sorted.to_vector<float>());
  EXPECT_EQ(all_i.to_vector<int64_t>(), sorted_i.to_vector<int64_t>());
}

TEST(Topk, ErrorsNameTheOpKAndTheDimension) {
  EXPECT_TRUE(throws_with([] { topk(zeros({2, 3}), 4); }, {"topk", "k = 4", "[0, 3]", "[2, 3]"}));
  EXPECT_TRUE(throws_with([] { topk(zeros({2, 3}), -1, 0); }, {"topk", "k = -1", "[0, 2]"}));
  EXPECT_TRUE(throws_with([] { topk(zeros({2, 3}), 1, 2); }, {"topk", "dimension 2"}));
  EXPECT_TRUE(throws_with([] { sort(zeros({2, 3}), -3); }, {"sort", "dimension -3"}));
  EXPECT_TRUE(throws_with([] { sort(scalar_tensor(1)); }, {"sort", "0-d"}));
  EXPECT_TRUE(throws_with([] { sort(ones({2}, kBool)); }, {"sort", "bool"}));
}

}  // namespace
}  // namespace buildgpt
