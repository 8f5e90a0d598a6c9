// Lesson 01: each exercise against Model 1's modules, the dataset, the library's cross-entropy and
// softmax, or known values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, LogitsMatchModel1) {
  Generator gen(3);
  for (const Activation act : {Activation::GELU, Activation::ReLU}) {
    for (const auto& [vocab, width, batch, len] :
         {std::array<int64_t, 4>{10, 4, 1, 1}, {50, 8, 2, 5}, {300, 16, 5, 8}}) {
      Model1 model(vocab, width, act, &gen);
      const Tensor ids = randint(0, vocab, {batch, len}, &gen);
      EXPECT_TRUE(close(model1_logits(ids, model.embedding->weight, model.unembedding->weight, act),
                        model(ids), 1e-4))
          << activation_name(act) << ", vocab " << vocab << ", width " << width << ", ids " << ids;
    }
  }
}

TEST(Exercise1, TheActivationMatters) {
  // Embedding rows with negative entries: GELU and ReLU treat them differently.
  const Tensor emb = tensor({-1, 2, 0.5f, -3}, {2, 2}), unemb = tensor({1, 0, 0, 1}, {2, 2});
  const Tensor ids = int_tensor({0, 1}, {1, 2});
  EXPECT_TRUE(
      close(model1_logits(ids, emb, unemb, Activation::ReLU), tensor({0, 2, 0.5f, 0}, {1, 2, 2})));
  EXPECT_TRUE(close(model1_logits(ids, emb, unemb, Activation::GELU), gelu(emb).unsqueeze(0)));
}

TEST(Exercise2, InputsAndTargetsMatchTheDataset) {
  std::vector<uint32_t> corpus(60);
  for (size_t i = 0; i < corpus.size(); ++i) corpus[i] = static_cast<uint32_t>(i * 7 % 23);
  for (const int64_t len : {1, 3, 8}) {
    const TokenDataset data(corpus, {.seq_len = len, .stride = 2, .train_fraction = 1.0});
    const std::vector<int64_t> starts = {0, 4, 10, 30};
    std::vector<Tensor> rows;
    for (const int64_t s : starts) {
      std::vector<int64_t> window(corpus.begin() + s, corpus.begin() + s + len + 1);
      rows.push_back(from_vector(window, {1, len + 1}));
    }
    const Batch mine = inputs_and_targets(cat(rows, 0));
    const Batch want = data.gather(starts);
    ASSERT_EQ(mine.inputs.shape(), want.inputs.shape()) << "inputs, seq_len " << len;
    ASSERT_EQ(mine.targets.shape(), want.targets.shape()) << "targets, seq_len " << len;
    EXPECT_EQ(mine.inputs.to_vector<int64_t>(), want.inputs.to_vector<int64_t>())
        << "inputs, seq_len " << len;
    EXPECT_EQ(mine.targets.to_vector<int64_t>(), want.targets.to_vector<int64_t>())
        << "targets, seq_len " << len;
  }
}

TEST(Exercise3, UniformGuessMatchesCrossEntropyOfEqualLogits) {
  for (const int64_t vocab : {2, 10, 1000, 100277}) {
    const Tensor targets = randint(0, vocab, {6});
    const double want = cross_entropy(zeros({6, vocab}), targets).item();
    EXPECT_NEAR(uniform_guess_loss(vocab), want, 1e-4 * want) << "vocab " << vocab;
  }
  EXPECT_NEAR(uniform_guess_loss(100277), 11.5157, 1e-4) << "cl100k_base's vocabulary";
}

TEST(Exercise4, KnownDraws) {
  // Probabilities 0.1, 0.2, 0.3, 0.4: cumulative 0.1, 0.3, 0.6, 1.0.
  const Tensor logits = log(tensor({0.1f, 0.2f, 0.3f, 0.4f}));
  const std::vector<std::pair<double, int64_t>> cases = {
      {0.0, 0}, {0.05, 0}, {0.15, 1}, {0.29, 1}, {0.31, 2}, {0.59, 2}, {0.61, 3}, {0.999999, 3}};
  for (const auto& [u, id] : cases) EXPECT_EQ(sample_token(logits, u), id) << "u = " << u;
}

TEST(Exercise4, LargeLogitsDoNotOverflow) {
  const Tensor logits = tensor({1000, 1000, 990});
  EXPECT_EQ(sample_token(logits, 0.3), 0);
  EXPECT_EQ(sample_token(logits, 0.7), 1) << "softmax first subtracts the largest logit";
}

TEST(Exercise4, FrequenciesMatchSoftmax) {
  Generator gen(7);
  const Tensor logits = randn({12}, &gen) * 2.0;
  const std::vector<float> p = softmax(logits, -1).to_vector<float>();
  const int draws = 20000;
  std::vector<double> counts(p.size());
  for (int i = 0; i < draws; ++i)
    counts[static_cast<size_t>(sample_token(logits, gen.next_double()))]++;
  for (size_t i = 0; i < p.size(); ++i) {
    const double sd = std::sqrt(p[i] * (1 - p[i]) / draws);
    EXPECT_NEAR(counts[i] / draws, p[i], 5 * sd + 1e-4) << "token " << i;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
