#include "recipes.h"

namespace buildgpt::lessons {

const std::vector<Recipe>& recipes() {
  using nn::NormKind, nn::NormPlacement, nn::ResidualScale;
  static const std::vector<Recipe> list = {
      {"post-LN", NormPlacement::Post, NormKind::Layer, ResidualScale::One},
      {"pre-LN", NormPlacement::Pre, NormKind::Layer, ResidualScale::One},
      {"pre-LN, branches x 1/sqrt(2L)", NormPlacement::Pre, NormKind::Layer,
       ResidualScale::InvSqrt2L},
      {"pre-RMSNorm", NormPlacement::Pre, NormKind::RMS, ResidualScale::One},
      {"DeepNorm", NormPlacement::DeepNorm, NormKind::Layer, ResidualScale::One},
  };
  return list;
}

nn::GPTConfig narrow_config(int64_t vocab, int64_t width, int64_t layers, const Recipe& recipe,
                            double init_std) {
  nn::GPTConfig c;
  c.vocab_size = vocab;
  c.context = kContext;
  c.width = width;
  c.heads = width / kHeadWidth;
  c.layers = layers;
  c.norm_placement = recipe.placement;
  c.norm_kind = recipe.norm;
  c.residual_scale = recipe.scale;
  c.init_std = init_std;
  c.scaled_residual_init = false;
  return c;
}

}  // namespace buildgpt::lessons
