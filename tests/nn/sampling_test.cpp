#include "nn/sampling.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "nn/layers.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

const Tensor kLogits = tensor({1.0, 3.0, 0.5, 2.5, -1.0, 2.9});  // order: 1, 5, 3, 0, 2, 4

std::map<int64_t, int> histogram(const Tensor& logits, const SamplingOptions& o, int n,
                                 uint64_t seed = 1) {
  Generator gen(seed);
  std::map<int64_t, int> counts;
  for (int i = 0; i < n; ++i) ++counts[sample_next(logits, o, &gen).item<int64_t>()];
  return counts;
}

std::set<int64_t> support(const std::map<int64_t, int>& counts) {
  std::set<int64_t> out;
  for (const auto& [id, c] : counts) out.insert(id);
  return out;
}

TEST(SampleNext, GreedyIsArgmaxPerRow) {
  const Tensor batch = tensor({0, 5, 1, 9, 2, 3, 4, 4, 1}, {3, 3});
  const Tensor ids = sample_next(batch, {.temperature = 0});
  EXPECT_EQ(ids.shape(), (Shape{3, 1}));
  EXPECT_EQ(ids.to_vector<int64_t>(),
            (std::vector<int64_t>{1, 0, 0}));  // a tie goes to the lower id
  EXPECT_EQ(sample_next(kLogits, {.temperature = 0}).to_vector<int64_t>(), std::vector<int64_t>{1});
}

TEST(SampleNext, MultinomialFollowsTheSoftmax) {
  const auto counts = histogram(kLogits, {}, 20000);
  const std::vector<float> p = softmax(kLogits, 0).to_vector<float>();
  for (int64_t v = 0; v < 6; ++v) {
    const double freq = counts.contains(v) ? counts.at(v) / 20000.0 : 0;
    EXPECT_NEAR(freq, p[v], 0.015) << "id " << v;
  }
}

TEST(SampleNext, TopKNeverLeavesTheKBest) {
  const auto counts = histogram(kLogits, {.top_k = 3}, 3000);
  EXPECT_EQ(support(counts), (std::set<int64_t>{1, 3, 5}));
  EXPECT_EQ(support(histogram(kLogits, {.top_k = 1}, 200)), std::set<int64_t>{1});
  EXPECT_EQ(support(histogram(kLogits, {.top_k = 100}, 20000)).size(), 6u);
}

TEST(SampleNext, TopPKeepsTheSmallestSetReachingP) {
  // Probabilities 0.5, 0.3, 0.15, 0.05: p = 0.8 needs exactly the first two, 0.81 the first three.
  const Tensor logits = log(tensor({0.15, 0.5, 0.05, 0.3}));
  EXPECT_EQ(support(histogram(logits, {.top_p = 0.8}, 3000)), (std::set<int64_t>{1, 3}));
  EXPECT_EQ(support(histogram(logits, {.top_p = 0.81}, 3000)), (std::set<int64_t>{0, 1, 3}));
  EXPECT_EQ(support(histogram(logits, {.top_p = 0.3}, 300)), std::set<int64_t>{1});
  // Renormalised within the set: 0.5 / 0.8 and 0.3 / 0.8.
  const auto counts = histogram(logits, {.top_p = 0.8}, 20000);
  EXPECT_NEAR(counts.at(1) / 20000.0, 0.625, 0.015);
}

TEST(SampleNext, LowTemperatureApproachesGreedyAndHighFlattens) {
  EXPECT_EQ(support(histogram(kLogits, {.temperature = 1e-3}, 500)), std::set<int64_t>{1});
  const auto flat = histogram(kLogits, {.temperature = 100}, 12000);
  for (int64_t v = 0; v < 6; ++v) EXPECT_NEAR(flat.at(v) / 12000.0, 1.0 / 6, 0.02);
}

TEST(SampleNext, SameSeedSameIdsAndBadInputIsRejected) {
  const Tensor batch = randn({4, 50});
  Generator a(9), b(9);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(sample_next(batch, {.top_k = 10, .top_p = 0.9}, &a).to_vector<int64_t>(),
              sample_next(batch, {.top_k = 10, .top_p = 0.9}, &b).to_vector<int64_t>());
  }
  EXPECT_THROW(sample_next(kLogits, {.temperature = -1}), std::invalid_argument);
  EXPECT_THROW(sample_next(kLogits, {.top_p = 0}), std::invalid_argument);
  EXPECT_THROW(sample_next(kLogits, {.top_k = -1}), std::invalid_argument);
  EXPECT_THROW(sample_next(zeros({2, 2, 2}), {}), std::invalid_argument);
  EXPECT_THROW(sample_next(tensor({1, NAN}), {}), std::invalid_argument);
  EXPECT_THROW(sample_next(full({3}, -INFINITY), {}), std::invalid_argument);
}

TEST(Generate, CropsTheContextAppendsAndRecordsNoGraph) {
  std::vector<int64_t> context_lengths;
  Tensor w = ones({1});
  w.requires_grad_(true);
  // A model over 8 ids that always favours id + 1.
  auto model = [&](const Tensor& ids) {
    context_lengths.push_back(ids.size(1));
    EXPECT_FALSE(grad_mode_enabled());
    return mul(one_hot(add(ids, 1.0), 8).to(kFloat32), w);
  };
  const Tensor start = int_tensor({0, 2}, {2, 1});
  const Tensor out = generate(model, start, 5, {.temperature = 0}, 3);
  EXPECT_EQ(out.shape(), (Shape{2, 6}));
  EXPECT_EQ(out.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(context_lengths, (std::vector<int64_t>{1, 2, 3, 3, 3}));
  EXPECT_THROW(generate(model, int_tensor({0}), 1, {}, 3), std::invalid_argument);
  EXPECT_THROW(generate(
                   [](const Tensor& ids) {
                     return zeros({ids.size(0), 4});
                   },
                   start, 1, {}, 3),
               std::invalid_argument);
}

TEST(Generate, AcceptsAModuleAndIsReproducible) {
  Generator init(3);
  Embedding bigram(8, 8, &init);  // logits [B, T, 8] straight from the ids
  Generator a(5), b(5);
  const Tensor start = int_tensor({1, 2, 3}, {1, 3});
  const Tensor x = generate(bigram, start, 20, {.top_k = 4}, 4, &a);
  const Tensor y = generate(bigram, start, 20, {.top_k = 4}, 4, &b);
  EXPECT_EQ(x.to_vector<int64_t>(), y.to_vector<int64_t>());
  for (int64_t id : x.to_vector<int64_t>()) EXPECT_TRUE(id >= 0 && id < 8);
}

}  // namespace
}  // namespace buildgpt::nn
