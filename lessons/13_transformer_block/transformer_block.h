// The course's transformer block: one causal attention head and a 4x MLP, each after its own
// layer norm and each added back onto its input (the residual path). Lesson 14 stacks twelve of
// them into Model 4; lesson 15 splits the head into several.
#pragma once

#include <cstdint>
#include <memory>

#include "nn/nn.h"

namespace buildgpt::lessons {

// One attention head as wide as the embedding: queries, keys and values (no bias), the fused
// causal scaled_dot_product_attention, then the linear mixing W0 (no bias).
class OneAttentionHead : public nn::Module {
 public:
  explicit OneAttentionHead(int64_t embed_dim, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;  // [B, T, C] -> [B, T, C]

  std::shared_ptr<nn::Linear> key, query, value, W0;
};

// The pre-layer-norm block:
//   x = x + attn(layerNormAttn(x));   y = x + W2(gelu(W1(layerNormMLP(x))))
class TransformerBlock : public nn::Module {
 public:
  explicit TransformerBlock(int64_t embed_dim, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;  // [B, T, C] -> [B, T, C]

  std::shared_ptr<nn::LayerNorm> layerNormAttn;
  std::shared_ptr<OneAttentionHead> attn;
  std::shared_ptr<nn::LayerNorm> layerNormMLP;
  std::shared_ptr<nn::Linear> W1;  // C -> 4C, with bias
  std::shared_ptr<nn::GELU> gelu;
  std::shared_ptr<nn::Linear> W2;  // 4C -> C, with bias
};

}  // namespace buildgpt::lessons
