// Model 1, the course's first language model: each token's embedding, through an activation,
// scored against every token of the vocabulary. It sees one token at a time, so the best it can
// learn is which token tends to follow which (a bigram model).
#pragma once

#include <cstdint>
#include <memory>

#include "nn/layers.h"
#include "nn/module.h"

namespace buildgpt::lessons {

enum class Activation { GELU, ReLU };
const char* activation_name(Activation activation);

class Model1 : public nn::Module {
 public:
  // vocab: the tokenizer's vocabulary size; width: the embedding's (64 in the course).
  Model1(int64_t vocab, int64_t width = 64, Activation activation = Activation::GELU,
         Generator* gen = nullptr);

  // ids int64 [B, T] -> logits [B, T, vocab]: one score per next token at every position.
  Tensor forward(const Tensor& ids) override;

  std::shared_ptr<nn::Embedding> embedding;  // weight [vocab, width]
  std::shared_ptr<nn::Module> activation;    // GELU (exact) or ReLU
  std::shared_ptr<nn::Linear> unembedding;   // weight [vocab, width], no bias
};

}  // namespace buildgpt::lessons
