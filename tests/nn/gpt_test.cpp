// nn::GPT: Hugging Face's parameter names, the tied output, GPT-2's initialisation, parameter
// counts, the switches of the config, and bad input (long sequences, ids outside the vocabulary,
// state dicts with missing or extra names).
#include <cmath>
#include <string>

#include "nn/nn.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::tensors_close;
using testing::throws_with;

GPTConfig small_config() {
  return {.vocab_size = 50, .context = 12, .width = 16, .heads = 4, .layers = 2};
}

// Sample standard deviation of a tensor's values.
double std_of(const Tensor& t) {
  const std::vector<float> v = t.detach().to_vector<float>();
  double mean = 0, sq = 0;
  for (float x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (float x : v) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / static_cast<double>(v.size() - 1));
}

TEST(GPT, ParametersHaveHuggingFaceNamesAndTheOutputIsTied) {
  GPT model(small_config());
  const auto params = model.named_parameters();
  const std::vector<std::string> first = {
      "transformer.wte.weight",
      "transformer.wpe.weight",
      "transformer.h.0.ln_1.weight",
      "transformer.h.0.ln_1.bias",
      "transformer.h.0.attn.c_attn.weight",
      "transformer.h.0.attn.c_attn.bias",
      "transformer.h.0.attn.c_proj.weight",
      "transformer.h.0.attn.c_proj.bias",
      "transformer.h.0.ln_2.weight",
      "transformer.h.0.ln_2.bias",
      "transformer.h.0.mlp.c_fc.weight",
      "transformer.h.0.mlp.c_fc.bias",
      "transformer.h.0.mlp.c_proj.weight",
      "transformer.h.0.mlp.c_proj.bias",
  };
  ASSERT_EQ(params.size(), 2u + 12u * 2 + 2u);
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(params[i].first, first[i]);
  EXPECT_EQ(params.back().first, "transformer.ln_f.bias");
  EXPECT_EQ(model.transformer->h->size(), 2u);
  EXPECT_EQ(params[4].second.shape(), (Shape{48, 16}));  // c_attn [3C, C], nn.Linear's layout

  const StateDict state = model.state_dict();
  EXPECT_EQ(state.back().first, "lm_head.weight");
  EXPECT_TRUE(state.back().second.same_storage(model.transformer->wte->weight));
  EXPECT_EQ(model.parameter_count(), small_config().parameter_count());
  EXPECT_EQ(model.parameter_count(true), model.parameter_count() + 50 * 16);
}

TEST(GPT, UntiedAndBiasFreeConfigsCountTheirParameters) {
  GPTConfig c = small_config();
  c.tied_output = false;
  c.bias = false;
  GPT model(c);
  EXPECT_FALSE(model.lm_head->weight.same_storage(model.transformer->wte->weight));
  for (const auto& [name, p] : model.named_parameters()) {
    EXPECT_EQ(name.find("bias"), std::string::npos) << name;
  }
  EXPECT_EQ(model.parameter_count(), c.parameter_count());
  EXPECT_EQ(model.parameter_count(true), model.parameter_count());
  EXPECT_EQ(model.named_parameters().back().first, "lm_head.weight");
}

TEST(GPT, StartsWithGPT2sInitialisation) {
  GPTConfig c = small_config();
  c.width = 128;
  c.layers = 8;
  c.vocab_size = 500;
  Generator gen(1);
  GPT model(c, &gen);
  const auto& block = model.transformer->blocks[3];
  EXPECT_NEAR(std_of(model.transformer->wte->weight), 0.02, 0.001);
  EXPECT_NEAR(std_of(block->attn->c_attn->weight), 0.02, 0.001);
  EXPECT_NEAR(std_of(block->mlp->c_fc->weight), 0.02, 0.001);
  const double residual = 0.02 / std::sqrt(16.0);
  EXPECT_NEAR(std_of(block->attn->c_proj->weight), residual, 0.05 * residual);
  EXPECT_NEAR(std_of(block->mlp->c_proj->weight), residual, 0.05 * residual);
  EXPECT_TRUE(tensors_close(block->attn->c_attn->bias, zeros({384}), 0, 0));
  EXPECT_TRUE(tensors_close(block->mlp->c_proj->bias, zeros({128}), 0, 0));
  EXPECT_TRUE(tensors_close(block->ln_1->weight, ones({128}), 0, 0));
  Generator again(1);
  EXPECT_TRUE(
      tensors_close(GPT(c, &again).transformer->wpe->weight, model.transformer->wpe->weight, 0, 0));
}

TEST(GPT, ForwardGivesLogitsPerPositionThatDependOnlyOnThePast) {
  GPT model(small_config());
  const Tensor ids = int_tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {2, 5});
  const Tensor logits = model(ids);
  EXPECT_EQ(logits.shape(), (Shape{2, 5, 50}));
  // Changing the last token leaves the earlier positions' logits as they were.
  const Tensor changed = model(int_tensor({1, 2, 3, 4, 40, 6, 7, 8, 9, 49}, {2, 5}));
  EXPECT_TRUE(tensors_close(changed.narrow(1, 0, 4), logits.narrow(1, 0, 4), 1e-6, 0));
  EXPECT_FALSE(tensors_close(changed.narrow(1, 4, 1), logits.narrow(1, 4, 1), 1e-3, 0));
  EXPECT_TRUE(tensors_close(model(ids.to(kInt32)), logits, 0, 0));
}

TEST(GPT, LogitScaleMultipliesTheLogits) {
  GPTConfig c = small_config();
  Generator a(3), b(3);
  GPT plain(c, &a);
  c.logit_scale = 0.25;
  GPT scaled(c, &b);
  const Tensor ids = int_tensor({4, 8, 15}, {1, 3});
  EXPECT_TRUE(tensors_close(scaled(ids), mul(plain(ids), 0.25), 1e-6, 1e-6));
}

TEST(GPT, DropoutActsOnlyInTraining) {
  GPTConfig c = small_config();
  c.dropout = 0.3;
  GPT model(c);
  const Tensor ids = int_tensor({4, 8, 15, 16}, {1, 4});
  EXPECT_FALSE(tensors_close(model(ids), model(ids), 1e-4, 0));
  model.eval();
  EXPECT_TRUE(tensors_close(model(ids), model(ids), 0, 0));
}

TEST(GPT, BadIdsNameTheProblem) {
  GPT model(small_config());
  EXPECT_TRUE(throws_with(
      [&] {
        model(zeros({1, 13}, kInt64));
      },
      {"GPT", "13 tokens", "longer than the context of 12"}));
  EXPECT_TRUE(throws_with(
      [&] {
        model(int_tensor({3, 50, 2}, {1, 3}));
      },
      {"GPT", "token id 50", "outside the vocabulary of 50"}));
  EXPECT_TRUE(throws_with([&] { model(int_tensor({-1}, {1, 1})); }, {"GPT", "token id -1"}));
  EXPECT_TRUE(throws_with([&] { model(zeros({1, 3})); }, {"GPT", "int64 or int32", "float32"}));
  EXPECT_TRUE(throws_with([&] { model(zeros({3}, kInt64)); }, {"GPT", "[B, T]", "[3]"}));
}

TEST(GPT, StateDictsWithMissingOrExtraNamesAreRefused) {
  GPT source(small_config()), target(small_config());
  StateDict state = source.state_dict();
  target.load_state_dict(state);
  EXPECT_TRUE(tensors_close(target.transformer->blocks[1]->mlp->c_fc->weight,
                            source.transformer->blocks[1]->mlp->c_fc->weight, 0, 0));

  StateDict missing = state;
  missing.erase(missing.begin() + 6);
  EXPECT_TRUE(throws_with([&] { target.load_state_dict(missing); },
                          {"load_state_dict", "missing \"transformer.h.0.attn.c_proj.weight\""}));
  StateDict extra = state;
  extra.emplace_back("transformer.h.2.ln_1.weight", ones({16}));
  EXPECT_TRUE(throws_with([&] { target.load_state_dict(extra); },
                          {"load_state_dict", "unexpected \"transformer.h.2.ln_1.weight\""}));
  StateDict wrong_shape = state;
  wrong_shape[0].second = zeros({51, 16});
  EXPECT_TRUE(throws_with([&] { target.load_state_dict(wrong_shape); },
                          {"transformer.wte.weight", "[51, 16]", "[50, 16]"}));
}

}  // namespace
}  // namespace buildgpt::nn
