// Model 3 of the course: Model 2 plus one causal attention head. Token and position embeddings,
// a layer norm, the head (queries, keys and values without bias, scores scaled by 1/sqrt(width),
// the future masked, softmax, times the values), a linear mixing W0 with bias, and the output
// tied to the token embedding, divided by sqrt(width). No MLP, no residual path yet.
#pragma once

#include <cstdint>
#include <memory>

#include "nn/nn.h"

namespace buildgpt::lessons {

struct Model3Config {
  int64_t vocab = 50257;  // GPT-2's tokenizer, from this model on
  int64_t context = 8;    // the longest input, in tokens
  int64_t width = 64;     // the embedding dimension, also the head's
  // The course's notebook mixes the head's output with y *= W0(y), an elementwise product of y
  // with its own projection; the fix is y = W0(y). On: the course's line, to compare.
  bool course_w0_slip = false;
};

// What the course's forward returns beside the logits: the attention's inner matrices.
struct Model3Output {
  Tensor logits;   // [B, T, vocab]
  Tensor mask;     // [T, T]: 1 where a token may look (itself and before), 0 for the future
  Tensor scores;   // [B, T, T]: q kᵀ / sqrt(width), -inf in the future
  Tensor weights;  // [B, T, T]: softmax of the scores, each row summing to 1
};

class Model3 : public nn::Module {
 public:
  explicit Model3(const Model3Config& config, Generator* gen = nullptr);

  // ids: int64 [B, T] with T <= context.
  Model3Output run(const Tensor& ids);
  Tensor forward(const Tensor& ids) override { return run(ids).logits; }

  const Model3Config config;
  std::shared_ptr<nn::Embedding> embedding;  // [vocab, width], also the output layer
  std::shared_ptr<nn::Embedding> positions;  // [context, width]
  std::shared_ptr<nn::LayerNorm> layernorm;  // before the attention
  std::shared_ptr<nn::Linear> key, query, value, W0;
};

}  // namespace buildgpt::lessons
