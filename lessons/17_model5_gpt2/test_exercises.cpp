// Lesson 17: each exercise against nn::GPT (its modules' parameters, its attention, the spread
// of its fresh weights) and the course's counts.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "module_parameters.h"
#include "nn/gpt.h"

namespace buildgpt::lessons {
namespace {

nn::GPTConfig small(int64_t vocab, int64_t context, int64_t width, int64_t heads, int64_t layers) {
  nn::GPTConfig c = nn::GPTConfig::preset("model5");
  c.vocab_size = vocab;
  c.context = context;
  c.width = width;
  c.heads = heads;
  c.layers = layers;
  return c;
}

TEST(Exercise1, TheCoursesCounts) {
  const Model5Counts n = model5_parameter_counts(50257, 1024, 768, 12);
  EXPECT_EQ(n.wte, 38597376) << "the token embedding [50257, 768]";
  EXPECT_EQ(n.c_attn, 1771776) << "c_attn: weight [2304, 768] and bias [2304]";
  EXPECT_EQ(n.block(), 7087872) << "one block";
  EXPECT_EQ(n.total(), 124439808) << "GPT-2 small, the output tied to the token embedding";
  EXPECT_EQ(n.total(true), 163037184) << "the output counted as a matrix of its own";
}

TEST(Exercise1, EveryModuleMatchesNnGPT) {
  for (const nn::GPTConfig& c : {small(11, 4, 4, 1, 1), small(97, 16, 32, 4, 3)}) {
    const Model5Counts n = model5_parameter_counts(c.vocab_size, c.context, c.width, c.layers);
    const std::map<std::string, int64_t> want = {{"wte", n.wte},
                                                 {"wpe", n.wpe},
                                                 {"ln_1", n.ln_1},
                                                 {"attn.c_attn", n.c_attn},
                                                 {"attn.c_proj", n.c_proj},
                                                 {"ln_2", n.ln_2},
                                                 {"mlp.c_fc", n.c_fc},
                                                 {"mlp.c_proj", n.mlp_proj},
                                                 {"ln_f", n.ln_f}};
    const nn::GPT model(c);
    for (const ModuleParameters& m : parameters_by_module(model)) {
      std::string key = m.module.substr(std::string("transformer.").size());
      if (key.starts_with("h.")) key = key.substr(key.find('.', 2) + 1);  // "h.2.ln_1" -> "ln_1"
      ASSERT_TRUE(want.contains(key)) << m.module;
      EXPECT_EQ(want.at(key), m.count) << m.module << ", width " << c.width;
    }
    EXPECT_EQ(n.layers, c.layers);
    EXPECT_EQ(n.total(), model.parameter_count()) << "width " << c.width;
    EXPECT_EQ(n.total(true), model.parameter_count(true)) << "width " << c.width;
  }
}

// An attention layer whose biases are not zero (GPT-2 starts them at zero, which would hide a
// missing bias), and an input for it.
struct AttentionCase {
  nn::CausalSelfAttention attn;
  Tensor x;
  AttentionCase(const nn::GPTConfig& c, int64_t B, int64_t T) : attn(c), x(randn({B, T, c.width})) {
    NoGradGuard no_grad;
    attn.c_attn->bias.copy_(randn({3 * c.width}) * 0.5);
    attn.c_proj->bias.copy_(randn({c.width}) * 0.5);
  }
  Tensor mine() {
    return fused_qkv_attention(x, attn.c_attn->weight, attn.c_attn->bias, attn.c_proj->weight,
                               attn.c_proj->bias, attn.heads);
  }
};

TEST(Exercise2, MatchesGPTsAttention) {
  for (const auto& [C, H, B, T] :
       {std::array<int64_t, 4>{4, 1, 1, 1}, {8, 2, 2, 5}, {48, 4, 3, 9}, {64, 8, 1, 16}}) {
    AttentionCase c(small(10, 16, C, H, 1), B, T);
    EXPECT_TRUE(close(c.mine(), c.attn(c.x), 1e-4)) << "width " << C << ", " << H << " heads";
  }
}

TEST(Exercise2, TheFutureIsNotSeen) {
  AttentionCase c(small(10, 16, 16, 4, 1), 1, 6);
  const Tensor before = c.mine();
  NoGradGuard no_grad;
  c.x.write_slice_(1, 5, randn({1, 1, 16}));  // change the last token only
  EXPECT_TRUE(close(c.mine().narrow(1, 0, 5), before.narrow(1, 0, 5), 1e-5))
      << "positions 0 to 4 changed when only position 5 did";
}

TEST(Exercise3, GPT2sRule) {
  EXPECT_DOUBLE_EQ(initial_std("transformer.wte.weight", 12), 0.02);
  EXPECT_DOUBLE_EQ(initial_std("transformer.h.0.attn.c_attn.weight", 12), 0.02);
  EXPECT_DOUBLE_EQ(initial_std("transformer.h.5.attn.c_proj.weight", 12), 0.02 / std::sqrt(24.0));
  EXPECT_DOUBLE_EQ(initial_std("transformer.h.5.mlp.c_proj.weight", 48), 0.02 / std::sqrt(96.0));
  EXPECT_DOUBLE_EQ(initial_std("transformer.h.5.mlp.c_proj.bias", 12), 0);
  EXPECT_DOUBLE_EQ(initial_std("transformer.h.5.ln_2.weight", 12), 0);
}

TEST(Exercise3, MatchesAFreshModelsWeights) {
  const nn::GPTConfig c = small(500, 64, 64, 4, 6);
  Generator gen(3);
  const nn::GPT model(c, &gen);
  for (const auto& [name, p] : model.named_parameters()) {
    const double want = initial_std(name, c.layers), got = p.std({}, false, 0).item();
    EXPECT_NEAR(got, want, 0.05 * want + 1e-7) << name << " " << shape_str(p.shape());
  }
}

}  // namespace
}  // namespace buildgpt::lessons
