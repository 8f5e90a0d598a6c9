// Lesson 25: each exercise against the library (rms_norm, GPTConfig's DeepNorm constants, the
// per-layer gradient norms the trainer logs) and against values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nn/gpt.h"
#include "nn/layer_grad_norms.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, AHandCalculation) {
  // Rows of mean square 4 and 25/4: divided by 2 and by 2.5.
  const Tensor x = tensor({2, -2, 2, -2, 3, 4, 0, 0}, {2, 4});
  EXPECT_TRUE(close(rms_norm_rows(x, tensor({1, 0.5, -2, 1.5}), 0.0),
                    tensor({1, -0.5, -2, -1.5, 1.2, 0.8, 0, 0}, {2, 4})));
}

TEST(Exercise1, MatchesTheLibrarysRmsNorm) {
  Generator gen(3);
  for (const Shape& shape : {Shape{5, 8}, Shape{2, 3, 16}}) {
    const Tensor x = randn(shape, &gen) * 3.0, w = randn({shape.back()}, &gen);
    EXPECT_TRUE(close(rms_norm_rows(x, w, 1e-5), rms_norm(x, {shape.back()}, w, 1e-5), 1e-5))
        << "shape " << shape_str(shape);
  }
}

TEST(Exercise2, ByHandAndAsTheLibraryHasThem) {
  const DeepNormConstants two = deepnorm_constants(2);
  EXPECT_NEAR(two.alpha, std::sqrt(2.0), 1e-12) << "(2·2)^(1/4) = sqrt(2)";
  EXPECT_NEAR(two.beta, 0.5, 1e-12) << "(8·2)^(-1/4) = 1/2";
  for (const int64_t layers : {1, 24, 96, 128}) {
    nn::GPTConfig c;
    c.layers = layers;
    const DeepNormConstants k = deepnorm_constants(layers);
    EXPECT_NEAR(k.alpha, c.deepnorm_alpha(), 1e-12) << layers << " layers";
    EXPECT_NEAR(k.beta, c.deepnorm_beta(), 1e-12) << layers << " layers";
  }
}

TEST(Exercise3, MatchesTheTrainersPerLayerNorms) {
  nn::GPTConfig c{.vocab_size = 20, .context = 8, .width = 16, .heads = 2, .layers = 3};
  nn::GPT model(c);
  const Tensor ids = int_tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  cross_entropy(model(ids), int_tensor({2, 3, 4, 5, 6, 7}, {2, 3})).backward();
  const std::vector<nn::LayerParameters> layers = nn::parameters_by_layer(model);
  const std::vector<double> norms = nn::layer_grad_norms(layers);
  for (size_t i = 0; i < layers.size(); ++i) {
    EXPECT_NEAR(gradient_norm(layers[i].parameters), norms[i], 1e-5 * norms[i]) << layers[i].name;
  }
}

TEST(Exercise3, SkipsParametersWithoutAGradient) {
  Tensor a = tensor({3, 0}), b = tensor({1});
  a.requires_grad_(true);
  b.requires_grad_(true);
  (a * tensor({1, 4})).sum().backward();  // a's gradient is [1, 4]; b has none
  EXPECT_NEAR(gradient_norm({a, b}), std::sqrt(17.0), 1e-6);
  EXPECT_EQ(gradient_norm({b}), 0.0);
}

}  // namespace
}  // namespace buildgpt::lessons
