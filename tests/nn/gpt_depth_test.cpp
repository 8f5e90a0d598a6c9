// GPTConfig's switches for deep models: norm placement (pre, post, DeepNorm), norm kind (layer,
// RMS), residual branch scales and GPT-2's scaled initialisation; each checked against the block
// written out by hand, with parameter names and counts.
#include <cmath>
#include <string>

#include "nn/nn.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::tensors_close;
using testing::throws_with;

GPTConfig small_config() {
  return {.vocab_size = 40, .context = 8, .width = 16, .heads = 2, .layers = 3};
}

double std_of(const Tensor& t) { return t.detach().std({}, false, 0).item(); }

// The block's sublayers run by hand: ln(x + s·f(x)) and friends, from the block's own modules.
Tensor by_hand(Block& block, const Tensor& x, const GPTConfig& c) {
  const auto attn = [&](const Tensor& in) { return (*block.attn)(in); };
  const auto mlp = [&](const Tensor& in) { return (*block.mlp)(in); };
  const double s = c.residual_scale == ResidualScale::InvSqrt2L ? 1 / std::sqrt(2.0 * c.layers) : 1;
  const double alpha = std::pow(2.0 * c.layers, 0.25);
  switch (c.norm_placement) {
    case NormPlacement::Post: {
      const Tensor h = (*block.ln_1)(x + attn(x) * s);
      return (*block.ln_2)(h + mlp(h) * s);
    }
    case NormPlacement::DeepNorm: {
      const Tensor h = (*block.ln_1)(x * alpha + attn(x));
      return (*block.ln_2)(h * alpha + mlp(h));
    }
    case NormPlacement::Pre:
      break;
  }
  const Tensor h = x + attn((*block.ln_1)(x)) * s;
  return h + mlp((*block.ln_2)(h)) * s;
}

TEST(GPTDepth, EachPlacementAndScaleIsItsFormula) {
  for (const NormPlacement placement :
       {NormPlacement::Pre, NormPlacement::Post, NormPlacement::DeepNorm}) {
    for (const ResidualScale scale : {ResidualScale::One, ResidualScale::InvSqrt2L}) {
      if (placement == NormPlacement::DeepNorm && scale != ResidualScale::One) continue;
      GPTConfig c = small_config();
      c.norm_placement = placement;
      c.residual_scale = scale;
      Block block(c);
      const Tensor x = randn({2, 5, 16});
      EXPECT_TRUE(tensors_close(block(x), by_hand(block, x, c), 1e-5, 1e-5))
          << "placement " << static_cast<int>(placement) << ", scale " << static_cast<int>(scale);
    }
  }
}

TEST(GPTDepth, TheKeyValueCacheServesEveryRecipe) {
  for (const NormPlacement placement : {NormPlacement::Post, NormPlacement::DeepNorm}) {
    GPTConfig c = small_config();
    c.norm_placement = placement;
    c.norm_kind = NormKind::RMS;
    GPT model(c);
    const Tensor ids = int_tensor({3, 1, 4, 1, 5, 9, 2, 6}, {1, 8});
    const Tensor full = model(ids);
    KVCache cache(model.config, 1);
    const Tensor first = model.forward(ids.narrow(1, 0, 5), cache);
    const Tensor rest = model.forward(ids.narrow(1, 5, 3), cache);
    EXPECT_TRUE(tensors_close(cat({first, rest}, 1), full, 1e-5, 1e-5))
        << "placement " << static_cast<int>(placement);
  }
}

TEST(GPTDepth, DefaultsAreGPT2s) {
  const GPTConfig c;
  EXPECT_EQ(c.norm_placement, NormPlacement::Pre);
  EXPECT_EQ(c.norm_kind, NormKind::Layer);
  EXPECT_EQ(c.residual_scale, ResidualScale::One);
  EXPECT_TRUE(c.scaled_residual_init);
  EXPECT_EQ(c.init_std, 0.02);
  EXPECT_FALSE(c.checkpoint_blocks);
  EXPECT_EQ(GPTConfig::preset("gpt2").parameter_count(), 124439808);
}

TEST(GPTDepth, RmsNormsHaveOnlyAWeight) {
  GPTConfig c = small_config();
  c.norm_kind = NormKind::RMS;
  GPT model(c);
  int norms = 0;
  for (const auto& [name, p] : model.named_parameters()) {
    if (name.find("ln_") == std::string::npos) continue;
    ++norms;
    EXPECT_TRUE(name.ends_with(".weight")) << name;
  }
  EXPECT_EQ(norms, 2 * 3 + 1);
  EXPECT_EQ(model.transformer->ln_f->type_name(), "RMSNorm");
  EXPECT_EQ(model.parameter_count(), c.parameter_count());
  const Tensor x = randn({2, 4, 16});
  Block& block = *model.transformer->blocks[0];
  EXPECT_TRUE(tensors_close((*block.ln_1)(x), rms_norm(x, {16}, block.ln_1->weight, 1e-5), 0, 0));
}

TEST(GPTDepth, LearnedScalesStartAtTheFixedScaleAndTrain) {
  GPTConfig c = small_config();
  c.residual_scale = ResidualScale::Learned;
  Generator a(4), b(4);
  GPT learned(c, &a);
  c.residual_scale = ResidualScale::InvSqrt2L;
  GPT fixed(c, &b);
  const Tensor ids = int_tensor({1, 5, 9, 13, 2, 6}, {2, 3});
  EXPECT_TRUE(tensors_close(learned(ids), fixed(ids), 1e-6, 1e-6));
  const auto params = learned.named_parameters();
  EXPECT_EQ(params[2].first, "transformer.h.0.attn_scale");
  EXPECT_EQ(params[3].first, "transformer.h.0.mlp_scale");
  EXPECT_TRUE(tensors_close(params[2].second, full({1}, 1 / std::sqrt(6.0)), 1e-7, 0));
  EXPECT_EQ(learned.parameter_count(), fixed.parameter_count() + 2 * 3);
  c.residual_scale = ResidualScale::Learned;
  EXPECT_EQ(learned.parameter_count(), c.parameter_count());
  cross_entropy(learned(ids), int_tensor({5, 9, 13, 6, 10, 14}, {2, 3})).backward();
  EXPECT_TRUE(learned.transformer->blocks[2]->mlp_scale.grad().defined());
}

TEST(GPTDepth, ResidualInitCanBeLeftUnscaled) {
  GPTConfig c = small_config();
  c.width = 128;
  c.layers = 8;
  c.scaled_residual_init = false;
  GPT model(c);
  EXPECT_NEAR(std_of(model.transformer->blocks[2]->attn->c_proj->weight), 0.02, 0.001);
  EXPECT_NEAR(std_of(model.transformer->blocks[2]->mlp->c_proj->weight), 0.02, 0.001);
}

TEST(GPTDepth, InitStdSetsEveryWeightsSpread) {
  GPTConfig c = small_config();
  c.width = 128;
  c.layers = 8;
  c.vocab_size = 500;
  c.init_std = 0.1;
  GPT model(c);
  const Block& block = *model.transformer->blocks[1];
  EXPECT_NEAR(std_of(model.transformer->wte->weight), 0.1, 0.005);
  EXPECT_NEAR(std_of(block.attn->c_attn->weight), 0.1, 0.005);
  EXPECT_NEAR(std_of(block.mlp->c_fc->weight), 0.1, 0.005);
  EXPECT_NEAR(std_of(block.mlp->c_proj->weight), 0.1 / 4, 0.05 * 0.1 / 4);
  c.init_std = 0;
  EXPECT_TRUE(throws_with([&] { c.validate(); }, {"GPTConfig", "init_std"}));
}

TEST(GPTDepth, DeepNormStartsWithBetaScaledXavier) {
  GPTConfig c = small_config();
  c.width = 128;
  c.layers = 8;
  c.norm_placement = NormPlacement::DeepNorm;
  GPT model(c);
  const double beta = std::pow(64.0, -0.25), xavier = 1 / std::sqrt(128.0);
  EXPECT_DOUBLE_EQ(c.deepnorm_beta(), beta);
  EXPECT_DOUBLE_EQ(c.deepnorm_alpha(), std::pow(16.0, 0.25));
  const Block& block = *model.transformer->blocks[5];
  const std::vector<Tensor> qkv = chunk(block.attn->c_attn->weight, 3, 0);
  EXPECT_NEAR(std_of(qkv[0]), xavier, 0.03 * xavier);
  EXPECT_NEAR(std_of(qkv[1]), xavier, 0.03 * xavier);
  EXPECT_NEAR(std_of(qkv[2]), beta * xavier, 0.03 * beta * xavier);
  EXPECT_NEAR(std_of(block.attn->c_proj->weight), beta * xavier, 0.03 * beta * xavier);
  const double mlp = beta * std::sqrt(2.0 / (5 * 128));
  EXPECT_NEAR(std_of(block.mlp->c_fc->weight), mlp, 0.03 * mlp);
  EXPECT_NEAR(std_of(block.mlp->c_proj->weight), mlp, 0.03 * mlp);
}

TEST(GPTDepth, DeepNormRefusesAResidualScale) {
  GPTConfig c = small_config();
  c.norm_placement = NormPlacement::DeepNorm;
  c.residual_scale = ResidualScale::Learned;
  EXPECT_TRUE(throws_with([&] { c.validate(); }, {"GPTConfig", "DeepNorm", "residual_scale"}));
}

}  // namespace
}  // namespace buildgpt::nn
