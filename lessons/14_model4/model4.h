// Model 4 of the course: token and position embeddings, a stack of transformer blocks (lesson
// 13's, one attention head each), a final layer norm, and the output tied to the token embedding.
// As in the course's notebook the logits are not divided by sqrt(width) (Model 3's were).
#pragma once

#include <cstdint>
#include <memory>

#include "nn/nn.h"
#include "transformer_block.h"

namespace buildgpt::lessons {

struct Model4Config {
  int64_t vocab = 50257;  // GPT-2's tokenizer
  int64_t context = 8;    // the longest input, in tokens
  int64_t width = 128;    // the embedding dimension
  int64_t blocks = 12;    // transformer blocks
  // Ours: divide the logits by sqrt(width), as Model 3 did, to compare (the course's Model 4
  // does not).
  bool scale_logits = false;
};

class Model4 : public nn::Module {
 public:
  explicit Model4(const Model4Config& config, Generator* gen = nullptr);

  // ids int64 [B, T] (T <= context) -> the token plus position embeddings [B, T, width]: what
  // the first block receives.
  Tensor embed(const Tensor& ids);
  // ids int64 [B, T] -> logits [B, T, vocab].
  Tensor forward(const Tensor& ids) override;

  const Model4Config config;
  std::shared_ptr<nn::Embedding> embedding;  // [vocab, width], also the output layer
  std::shared_ptr<nn::Embedding> positions;  // [context, width]
  std::shared_ptr<nn::Sequential> transformerBlocks;
  std::shared_ptr<nn::LayerNorm> finalLayerNorm;

  // Block i of the stack.
  TransformerBlock& block(size_t i) const;
};

}  // namespace buildgpt::lessons
