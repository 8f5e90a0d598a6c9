// Lesson 12: each exercise against Model 3's own forward pass (its attention weights, logits and
// gradients), the library's softmax, and known entropies.
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "model3.h"
#include "model3_weights.h"

namespace buildgpt::lessons {
namespace {

// Models of a few sizes with a layer norm that is not the identity.
struct Case {
  Model3Config config;
  int64_t batch, length;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {{10, 4, 6}, 2, 4}, {{50, 8, 16}, 3, 5}, {{300, 8, 64}, 1, 8}, {{7, 3, 2}, 4, 1}};
  return all;
}

void perturb_norm(Model3& model) {
  NoGradGuard no_grad;
  model.layernorm->weight.copy_(randn({model.config.width}) + 1.0);
  model.layernorm->bias.copy_(randn({model.config.width}));
}

TEST(Exercise1, MatchesModel3sWeights) {
  for (const Case& c : cases()) {
    Model3 model(c.config);
    perturb_norm(model);
    const Tensor ids = randint(0, c.config.vocab, {c.batch, c.length});
    const Tensor x =
        (*model.layernorm)((*model.embedding)(ids) + (*model.positions)(arange(c.length)));
    EXPECT_TRUE(close(model3_attention_weights(x, model.query->weight, model.key->weight),
                      model.run(ids).weights, 1e-5))
        << "width " << c.config.width << ", " << c.length << " tokens";
  }
}

TEST(Exercise1, RowsSumToOneAndIgnoreTheFuture) {
  const Tensor w = model3_attention_weights(randn({2, 6, 8}), randn({8, 8}), randn({8, 8}));
  EXPECT_TRUE(close(w.sum({-1}), ones({2, 6}), 1e-5));
  EXPECT_TRUE(close(w.triu(1), zeros({2, 6, 6}), 0)) << "weights above the diagonal";
}

TEST(Exercise2, MatchesModel3Forward) {
  for (const Case& c : cases()) {
    Model3 model(c.config);
    perturb_norm(model);
    const Tensor ids = randint(0, c.config.vocab, {c.batch, c.length});
    EXPECT_TRUE(close(model3_logits(ids, model3_weights(model)), model(ids), 1e-4))
        << "vocabulary " << c.config.vocab << ", width " << c.config.width << ", ids " << ids
        << " (y = W0(attention), not the course's y *= W0(y))";
  }
}

TEST(Exercise2, GradientsMatchTheModels) {
  // The embedding is used twice (input and output): its gradient sums both uses.
  Model3 model({20, 4, 8});
  perturb_norm(model);
  const Tensor ids = randint(0, 20, {2, 4}), targets = randint(0, 20, {2, 4});
  Model3Weights w = model3_weights(model);
  for (Tensor* t : {&w.embedding, &w.positions, &w.norm_weight, &w.norm_bias, &w.query, &w.key,
                    &w.value, &w.w0_weight, &w.w0_bias}) {
    *t = t->detach().clone().requires_grad_();
  }
  cross_entropy(model3_logits(ids, w), targets).backward();
  cross_entropy(model(ids), targets).backward();
  EXPECT_TRUE(close(w.embedding.grad(), model.embedding->weight.grad(), 1e-4)) << "embedding";
  EXPECT_TRUE(close(w.query.grad(), model.query->weight.grad(), 1e-4)) << "query";
  EXPECT_TRUE(close(w.w0_bias.grad(), model.W0->bias.grad(), 1e-4)) << "W0's bias";
}

TEST(Exercise3, KnownEntropies) {
  // Equal logits: the uniform distribution, entropy log V at every temperature.
  for (const double t : {0.2, 1.0, 10.0}) {
    EXPECT_NEAR(entropy_at_temperature(zeros({50257}), t).item(), std::log(50257.0), 1e-3)
        << "temperature " << t;
  }
  // Logits 0 and log 3 at temperature 1: p = 1/4, 3/4.
  const double want = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75));
  EXPECT_NEAR(entropy_at_temperature(tensor({0, std::log(3.0f)}), 1.0).item(), want, 1e-5);
}

TEST(Exercise3, MatchesTheLibrarysSoftmaxPerRow) {
  const Tensor logits = randn({3, 4, 100}) * 3.0;
  for (const double t : {0.2, 0.7, 1.0, 2.0, 10.0}) {
    const Tensor p = softmax(logits / t, -1);
    const Tensor want = -(p * log_softmax(logits / t, -1)).sum({-1});
    EXPECT_TRUE(close(entropy_at_temperature(logits, t), want, 1e-4)) << "temperature " << t;
  }
}

TEST(Exercise3, ColdIsSureAndNeverNaN) {
  // At a low temperature one logit takes nearly all the probability: entropy near 0, and the
  // probabilities that underflow to 0 must not turn it into NaN.
  const double h = entropy_at_temperature(tensor({10, 0, -5, -30}), 0.05).item();
  EXPECT_FALSE(std::isnan(h)) << "0 log 0 counts as 0";
  EXPECT_NEAR(h, 0.0, 1e-6);
}

}  // namespace
}  // namespace buildgpt::lessons
