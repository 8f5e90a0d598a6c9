// Model 2 of the course: Model 1 plus a position embedding, a layer norm, an output layer tied to
// the token embedding, logits scaled by 1/sqrt(width), and a temperature when generating. As in the
// course, GELU follows the layer norm (full GPTs have none before the output; `gelu` turns it off).
#pragma once

#include <cstdint>
#include <memory>

#include "nn/nn.h"

namespace buildgpt::lessons {

struct Model2Config {
  int64_t vocab = 100277;  // cl100k_base
  int64_t context = 8;     // the longest input, in tokens
  int64_t width = 64;      // the embedding dimension
  bool gelu = true;        // GELU between the layer norm and the output, as the course has it
};

class Model2 : public nn::Module {
 public:
  explicit Model2(const Model2Config& config, Generator* gen = nullptr);

  // ids: int64 [B, T] with T <= context; returns logits [B, T, vocab].
  Tensor forward(const Tensor& ids) override;
  // Appends n_new tokens to ids [B, T], sampling with `options` (temperature, top-k, top-p).
  Tensor generate(const Tensor& ids, int64_t n_new, const nn::SamplingOptions& options,
                  Generator* gen = nullptr);

  const Model2Config config;
  std::shared_ptr<nn::Embedding> tokens;     // [vocab, width], also the output layer
  std::shared_ptr<nn::Embedding> positions;  // [context, width]
  std::shared_ptr<nn::LayerNorm> norm;
};

}  // namespace buildgpt::lessons
