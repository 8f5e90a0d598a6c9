// The sizes and switches of a GPT: one struct covers the course's Model 4 and Model 5 and the four
// GPT-2 models, with named presets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/ops/elementwise.h"

namespace buildgpt::nn {

// Where each block normalises, for a sublayer f (attention or MLP) with its norm N:
enum class NormPlacement : uint8_t {
  Pre,       // x + f(N(x)): GPT-2's
  Post,      // N(x + f(x)): the original transformer's
  DeepNorm,  // N(α·x + f(x)), α = (2·layers)^¼, with DeepNorm's initialisation (see transformer.h)
};

enum class NormKind : uint8_t {
  Layer,  // LayerNorm: centre, divide by the standard deviation, weight and bias
  RMS,    // RMSNorm: divide by the root mean square, weight only
};

// What each residual branch f(·) is multiplied by before it is added to the stream.
enum class ResidualScale : uint8_t {
  One,        // GPT-2's
  InvSqrt2L,  // 1/√(2·layers): two branches per block
  Learned,    // a trained scalar per branch (attn_scale, mlp_scale), starting at 1/√(2·layers)
};

struct GPTConfig {
  int64_t vocab_size = 50257;  // tokens the model reads and predicts
  int64_t context = 1024;      // the longest sequence, and the rows of the position embedding
  int64_t width = 768;         // channels of the residual stream
  int64_t heads = 12;          // attention heads per block; width must divide by it
  int64_t layers = 12;         // transformer blocks
  bool bias = true;            // biases in every linear layer and layer norm
  bool tied_output = true;     // the output layer reuses the token embedding
  double dropout = 0.0;        // on the embeddings and on each residual branch, in training
  double layer_norm_eps = 1e-5;
  GeluApproximation gelu = GeluApproximation::Tanh;  // GPT-2's; the course's Model 5 uses None
  double logit_scale = 1.0;                          // logits are multiplied by it

  // Depth: where the blocks normalise, with what, and how their branches join the stream.
  NormPlacement norm_placement = NormPlacement::Pre;
  NormKind norm_kind = NormKind::Layer;  // for every norm: ln_1, ln_2 and ln_f (layer_norm_eps)
  ResidualScale residual_scale = ResidualScale::One;  // not with DeepNorm, which has its α
  // The standard deviation the embeddings and linear weights start with (GPT-2's 0.02).
  double init_std = 0.02;
  // GPT-2's initialisation of the two projections into the residual stream (attn.c_proj,
  // mlp.c_proj): N(0, init_std/√(2·layers)) when set, N(0, init_std) like every other weight
  // when not.
  bool scaled_residual_init = true;
  // Activation checkpointing: in training each block keeps only its input for the backward pass
  // and runs its forward again there (nn/activation_checkpoint.h); less memory, more time.
  bool checkpoint_blocks = false;

  // "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", and the course's "model4" and "model5".
  // Throws std::invalid_argument naming the known presets for any other name.
  static GPTConfig preset(const std::string& name);
  static std::vector<std::string> preset_names();

  // Throws std::invalid_argument naming the field and its value when a size is not positive,
  // the width does not divide by the heads, dropout, epsilon or init_std are out of range, or
  // DeepNorm is asked for with a residual scale.
  void validate() const;
  int64_t head_width() const { return width / heads; }
  // 1/√(2·layers), DeepNorm's α = (2·layers)^¼ and β = (8·layers)^-¼.
  double branch_scale() const;
  double deepnorm_alpha() const;
  double deepnorm_beta() const;
  // Parameters of the model this config builds; a tied output counted once, or twice as some
  // reports count it (GPT-2 small: 124,439,808 and 163,037,184).
  int64_t parameter_count(bool tied_output_twice = false) const;
};

}  // namespace buildgpt::nn
