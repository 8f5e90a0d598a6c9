// The sizes and switches of a GPT: one struct covers the course's Model 4 and Model 5 and the four
// GPT-2 models, with named presets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/ops/elementwise.h"

namespace buildgpt::nn {

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

  // "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", and the course's "model4" and "model5".
  // Throws std::invalid_argument naming the known presets for any other name.
  static GPTConfig preset(const std::string& name);
  static std::vector<std::string> preset_names();

  // Throws std::invalid_argument naming the field and its value when a size is not positive,
  // the width does not divide by the heads, or dropout or epsilon are out of range.
  void validate() const;
  int64_t head_width() const { return width / heads; }
  // Parameters of the model this config builds; a tied output counted once, or twice as some
  // reports count it (GPT-2 small: 124,439,808 and 163,037,184).
  int64_t parameter_count(bool tied_output_twice = false) const;
};

}  // namespace buildgpt::nn
