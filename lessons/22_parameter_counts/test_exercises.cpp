// Lesson 22: each exercise against the modules themselves (a block and whole models walked by
// module type) and the counts published for GPT-2.
#include <gtest/gtest.h>

#include <string>

#include "exercises.h"
#include "parameter_parts.h"

namespace buildgpt::lessons {
namespace {

nn::GPTConfig small_config(int64_t width, int64_t heads, int64_t layers, bool bias, bool tied) {
  nn::GPTConfig c;
  c.vocab_size = 97;
  c.context = 16;
  c.width = width;
  c.heads = heads;
  c.layers = layers;
  c.bias = bias;
  c.tied_output = tied;
  return c;
}

std::string describe(const nn::GPTConfig& c) {
  return "width " + std::to_string(c.width) + ", " + std::to_string(c.layers) + " blocks, " +
         (c.bias ? "with" : "without") + " biases, output " + (c.tied_output ? "tied" : "untied");
}

TEST(Exercise1, GPT2SmallsBlock) {
  EXPECT_EQ(block_parameter_count(768, true), 7087872) << "12 C^2 + 13 C for C = 768";
}

TEST(Exercise1, MatchesTheModule) {
  for (const int64_t C : {8, 48, 64}) {
    for (const bool bias : {true, false}) {
      const nn::Block block(small_config(C, 4, 1, bias, true));
      EXPECT_EQ(block_parameter_count(C, bias), block.num_parameters())
          << "a block of width " << C << (bias ? " with" : " without") << " biases";
    }
  }
}

TEST(Exercise2, ThePublishedCounts) {
  EXPECT_EQ(gpt2_parameter_count(50257, 1024, 768, 12, false), 124439808) << "GPT-2 small";
  EXPECT_EQ(gpt2_parameter_count(50257, 1024, 1024, 24, false), 354823168) << "GPT-2 medium";
  EXPECT_EQ(gpt2_parameter_count(50257, 1024, 1280, 36, false), 774030080) << "GPT-2 large";
  EXPECT_EQ(gpt2_parameter_count(50257, 1024, 1600, 48, false), 1557611200) << "GPT-2 XL";
  EXPECT_EQ(gpt2_parameter_count(50257, 1024, 768, 12, true), 163037184)
      << "GPT-2 small with the tied output counted twice";
}

TEST(Exercise2, MatchesTheModel) {
  for (const auto& [width, layers] : {std::pair<int64_t, int64_t>{8, 1}, {32, 3}, {48, 2}}) {
    const nn::GPTConfig c = small_config(width, 4, layers, true, true);
    const nn::GPT model(c);
    EXPECT_EQ(gpt2_parameter_count(c.vocab_size, c.context, width, layers, false),
              model.parameter_count(false))
        << describe(c);
    EXPECT_EQ(gpt2_parameter_count(c.vocab_size, c.context, width, layers, true),
              model.parameter_count(true))
        << describe(c) << ", the output counted twice";
  }
}

TEST(Exercise3, MatchesTheWalkByModuleType) {
  for (const bool bias : {true, false}) {
    for (const bool tied : {true, false}) {
      const nn::GPT model(small_config(16, 2, 3, bias, tied));
      const PartCounts by_name = count_by_name(model.named_parameters()),
                       by_type = walk_modules(model);
      for (size_t i = 0; i < kPartCount; ++i) {
        EXPECT_EQ(by_name.count[i], by_type.count[i])
            << part_name(static_cast<Part>(i)) << " of a model with " << describe(model.config);
      }
    }
  }
}

TEST(Exercise3, KnownNames) {
  // One tensor of each kind, with sizes that tell them apart.
  const std::vector<std::pair<std::string, Tensor>> named = {
      {"transformer.wte.weight", zeros({1})},
      {"transformer.wpe.weight", zeros({2})},
      {"transformer.h.0.ln_1.weight", zeros({3})},
      {"transformer.h.0.ln_1.bias", zeros({4})},
      {"transformer.h.0.attn.c_attn.weight", zeros({5})},
      {"transformer.h.0.attn.c_proj.bias", zeros({6})},
      {"transformer.h.0.mlp.c_proj.weight", zeros({7})},
      {"transformer.h.0.mlp.c_fc.bias", zeros({8})},
      {"transformer.ln_f.weight", zeros({9})},
      {"lm_head.weight", zeros({10})},
  };
  PartCounts want;
  want[Part::TokenEmbedding] = 1;
  want[Part::PositionEmbedding] = 2;
  want[Part::LayerNormWeights] = 3 + 9;
  want[Part::LayerNormBiases] = 4;
  want[Part::AttentionWeights] = 5;
  want[Part::AttentionBiases] = 6;
  want[Part::MlpWeights] = 7;
  want[Part::MlpBiases] = 8;
  want[Part::Output] = 10;
  const PartCounts got = count_by_name(named);
  for (size_t i = 0; i < kPartCount; ++i) {
    EXPECT_EQ(got.count[i], want.count[i]) << part_name(static_cast<Part>(i));
  }
}

}  // namespace
}  // namespace buildgpt::lessons
