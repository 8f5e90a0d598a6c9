// Lesson 21: each exercise against the lesson's own batches of the sort task, the attention
// module's split into heads, and the modules of a nano-GPT block.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nano_gpt.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, TheCoursesExample) {
  const SortExample e = sort_example("CBABBC");
  EXPECT_EQ(e.inputs, (std::vector<int64_t>{2, 1, 0, 1, 1, 2, 0, 1, 1, 1, 2}));
  EXPECT_EQ(e.targets, (std::vector<int64_t>{-100, -100, -100, -100, -100, 0, 1, 1, 1, 2, 2}));
}

TEST(Exercise1, MatchesTheTrainingBatches) {
  Generator gen(7);
  const SortBatch batch = random_sort_batch(50, gen);
  const auto inputs = batch.inputs.to_vector<int64_t>(),
             targets = batch.targets.to_vector<int64_t>();
  for (size_t row = 0; row < 50; ++row) {
    const std::vector<int64_t> in(inputs.begin() + row * 11, inputs.begin() + row * 11 + 11),
        out(targets.begin() + row * 11, targets.begin() + row * 11 + 11);
    const std::string letters = letters_of({in.begin(), in.begin() + 6});
    const SortExample e = sort_example(letters);
    EXPECT_EQ(e.inputs, in) << "inputs for " << letters;
    EXPECT_EQ(e.targets, out) << "targets for " << letters;
  }
}

TEST(Exercise2, KnownPlacement) {
  // T = 1, C = 4, 2 heads of 2: qkv = 0 .. 11; head 1's queries are columns 2, 3, its keys 6, 7,
  // its values 10, 11.
  const Tensor qkv = arange(0, 12, 1, kFloat32).view({1, 12});
  const HeadQKV h = head_qkv(qkv, 2, 1);
  EXPECT_TRUE(close(h.q, tensor({2, 3}, {1, 2}), 0));
  EXPECT_TRUE(close(h.k, tensor({6, 7}, {1, 2}), 0));
  EXPECT_TRUE(close(h.v, tensor({10, 11}, {1, 2}), 0));
}

TEST(Exercise2, MatchesTheAttentionModule) {
  // The module splits [B, T, 3C] into q, k, v and each into [B, heads, T, d]; its heads, computed
  // with those, must be the fused attention's output.
  nn::GPTConfig config = nano_gpt_config();
  nn::CausalSelfAttention attn(config);
  const int64_t T = 7, C = config.width, H = config.heads, d = C / H;
  const Tensor x = randn({1, T, C});
  NoGradGuard no_grad;
  const Tensor qkv = (*attn.c_attn)(x).select(0, 0);
  std::vector<Tensor> outputs;
  for (int64_t h = 0; h < H; ++h) {
    const HeadQKV mine = head_qkv(qkv, H, h);
    ASSERT_EQ(mine.q.shape(), (Shape{T, d})) << "head " << h;
    outputs.push_back(scaled_dot_product_attention(mine.q, mine.k, mine.v, true));
  }
  const Tensor merged = cat(outputs, 1).unsqueeze(0);
  EXPECT_TRUE(close((*attn.c_proj)(merged), attn(x), 1e-5))
      << "the heads you cut, attended and merged, must give the module's output";
}

TEST(Exercise3, MatchesTheBlocksModules) {
  const nn::GPTConfig config = nano_gpt_config();
  nn::Block block(config);
  NoGradGuard no_grad;
  block.ln_2->weight.copy_(randn({config.width}) + 1.0);
  block.ln_2->bias.copy_(randn({config.width}));
  const Tensor x = randn({6, config.width}) * 2.0;
  const Tensor want = nn::GELU(GeluApproximation::Tanh)((*block.mlp->c_fc)((*block.ln_2)(x)));
  const Tensor got = mlp_activations(x, block.ln_2->weight, block.ln_2->bias, block.ln_2->eps,
                                     block.mlp->c_fc->weight, block.mlp->c_fc->bias);
  EXPECT_TRUE(close(got, want, 1e-5));
  // And the MLP's output layer on them is the MLP.
  EXPECT_TRUE(close((*block.mlp->c_proj)(got), (*block.mlp)((*block.ln_2)(x)), 1e-5));
}

}  // namespace
}  // namespace buildgpt::lessons
