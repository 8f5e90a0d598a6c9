// Lesson 09: each exercise against known values, the library's cross_entropy and softmax, and
// Model 2's own forward pass.
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/model2.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, KnownValues) {
  EXPECT_NEAR(uniform_loss(1), 0.0, 1e-12) << "one token: it is always right";
  EXPECT_NEAR(uniform_loss(2), std::log(2.0), 1e-12);
  EXPECT_NEAR(uniform_loss(100277), 11.5157, 1e-4) << "cl100k_base's vocabulary";
}

TEST(Exercise1, EqualsCrossEntropyOfEqualLogits) {
  // Equal logits (any value) are a uniform guess; the library's loss must agree for any targets.
  for (const int64_t vocab : {3, 65, 50257}) {
    const Tensor logits = full({6, vocab}, 2.5), targets = randint(0, vocab, {6});
    EXPECT_NEAR(uniform_loss(vocab), cross_entropy(logits, targets).item(), 1e-4)
        << "vocabulary " << vocab;
  }
}

TEST(Exercise2, RowsCountFromZero) {
  for (const auto& [batch, length] : {std::pair{1, 1}, {2, 8}, {5, 3}, {3, 1024}}) {
    const Tensor ids = position_ids(batch, length);
    ASSERT_EQ(ids.dtype(), kInt64) << "embedding lookups take int64 ids";
    const Tensor want = arange(length).unsqueeze(0).expand({batch, length});
    EXPECT_TRUE(close(ids.to(kFloat32), want.to(kFloat32), 0))
        << "batch " << batch << ", length " << length;
  }
}

// Models of a few sizes, trained a little so layer norm's weight and bias are not 1 and 0.
struct Case {
  Model2Config config;
  int64_t batch, length;
};

TEST(Exercise3, MatchesModel2Forward) {
  for (const Case& c : {Case{{10, 4, 6}, 2, 4}, Case{{50, 8, 16}, 3, 5}, Case{{300, 8, 64}, 1, 8},
                        Case{{7, 3, 2}, 4, 1}}) {
    Model2 model(c.config);
    {
      NoGradGuard no_grad;
      model.norm->weight.copy_(randn({c.config.width}) + 1.0);
      model.norm->bias.copy_(randn({c.config.width}));
    }
    const Tensor ids = randint(0, c.config.vocab, {c.batch, c.length});
    const Tensor mine = model2_logits(ids, model.tokens->weight, model.positions->weight,
                                      model.norm->weight, model.norm->bias);
    EXPECT_TRUE(close(mine, model(ids), 1e-4))
        << "vocabulary " << c.config.vocab << ", width " << c.config.width << ", ids " << ids
        << " (the course's Model 2: GELU after the layer norm)";
  }
}

TEST(Exercise3, GradientsReachTheTiedEmbeddingTwice) {
  // The token embedding is used twice, as the input lookup and as the output layer: its gradient
  // must be the model's, which sums both uses.
  Model2 model({20, 4, 8});
  const Tensor ids = randint(0, 20, {2, 4}), targets = randint(0, 20, {2, 4});
  Tensor tok = model.tokens->weight.detach().clone().requires_grad_();
  cross_entropy(model2_logits(ids, tok, model.positions->weight.detach(),
                              model.norm->weight.detach(), model.norm->bias.detach()),
                targets)
      .backward();
  cross_entropy(model(ids), targets).backward();
  EXPECT_TRUE(close(tok.grad(), model.tokens->weight.grad(), 1e-4));
}

TEST(Exercise4, KnownValues) {
  // Logits 0 and log 3 give probabilities 1/4 and 3/4; at temperature 2 the ratio is sqrt(3).
  const Tensor logits = tensor({5, 5, 0, std::log(3.0f)}, {1, 2, 2});
  EXPECT_TRUE(close(next_token_probs(logits, 1.0), tensor({0.25f, 0.75f}, {1, 2})))
      << "only the last position counts";
  const float r = std::sqrt(3.0f);
  EXPECT_TRUE(close(next_token_probs(logits, 2.0), tensor({1 / (1 + r), r / (1 + r)}, {1, 2})));
}

TEST(Exercise4, MatchesTheLibrarySoftmax) {
  for (const double temperature : {0.2, 1.0, 3.0, 100.0}) {
    const Tensor logits = randn({3, 5, 40}) * 4.0;
    EXPECT_TRUE(close(next_token_probs(logits, temperature),
                      softmax(logits.select(1, 4) / temperature, -1), 1e-5))
        << "temperature " << temperature;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
