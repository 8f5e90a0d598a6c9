// Lesson 14: each exercise against Model 4's modules (its parameter count, a block's attention
// output, its logits) and a known count.
#include <gtest/gtest.h>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "model4.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, TheCoursesModel4) {
  EXPECT_EQ(model4_parameter_count(50257, 8, 128, 12), 8807296)
      << "vocabulary 50257, context 8, width 128, 12 blocks; the tied output counted once";
}

TEST(Exercise1, MatchesTheModule) {
  for (const Model4Config& c :
       {Model4Config{10, 4, 4, 1}, Model4Config{97, 16, 32, 2}, Model4Config{300, 8, 16, 5}}) {
    EXPECT_EQ(model4_parameter_count(c.vocab, c.context, c.width, c.blocks),
              Model4(c).num_parameters())
        << "vocabulary " << c.vocab << ", context " << c.context << ", width " << c.width << ", "
        << c.blocks << " blocks";
  }
}

// A block with a layer norm that is not the identity, and an input for it.
struct BlockCase {
  TransformerBlock block;
  Tensor x;
  BlockCase(int64_t C, int64_t B, int64_t T) : block(C), x(randn({B, T, C}) * 2.0) {
    NoGradGuard no_grad;
    block.layerNormAttn->weight.copy_(randn({C}) + 1.0);
    block.layerNormAttn->bias.copy_(randn({C}));
  }
  Tensor weights() {
    return block_attention_weights(x, block.layerNormAttn->weight, block.layerNormAttn->bias,
                                   block.attn->query->weight, block.attn->key->weight);
  }
};

TEST(Exercise2, ReproducesTheBlocksAttentionOutput) {
  // weights @ values, then W0, must give what the block's fused attention gives.
  for (const auto& [C, B, T] : {std::array<int64_t, 3>{4, 1, 1}, {16, 2, 5}, {128, 3, 8}}) {
    BlockCase c(C, B, T);
    const Tensor h = (*c.block.layerNormAttn)(c.x);
    const Tensor mine = (*c.block.attn->W0)(c.weights().matmul((*c.block.attn->value)(h)));
    EXPECT_TRUE(close(mine, (*c.block.attn)(h), 1e-4)) << "width " << C << ", " << T << " tokens";
  }
}

TEST(Exercise2, RowsSumToOneAndIgnoreTheFuture) {
  BlockCase c(8, 2, 6);
  const Tensor w = c.weights();
  ASSERT_EQ(w.shape(), (Shape{2, 6, 6}));
  EXPECT_TRUE(close(w.sum({-1}), ones({2, 6}), 1e-5));
  EXPECT_TRUE(close(w.triu(1), zeros({2, 6, 6}), 0)) << "weights above the diagonal";
}

TEST(Exercise3, MatchesModel4) {
  for (const Model4Config& c : {Model4Config{10, 4, 4, 1}, Model4Config{97, 8, 16, 2}}) {
    Model4 model(c);
    {
      NoGradGuard no_grad;
      model.finalLayerNorm->weight.copy_(randn({c.width}) + 1.0);
      model.finalLayerNorm->bias.copy_(randn({c.width}));
    }
    const Tensor ids = randint(0, c.vocab, {2, c.context});
    const Tensor last = (*model.transformerBlocks)(model.embed(ids));
    EXPECT_TRUE(close(tied_logits(last, model.finalLayerNorm->weight, model.finalLayerNorm->bias,
                                  model.embedding->weight),
                      model(ids), 1e-4))
        << "vocabulary " << c.vocab << ", width " << c.width;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
