#include "model4.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

Model4::Model4(const Model4Config& config, Generator* gen)
    : nn::Module("Model4"),
      config(config),
      embedding(register_module("embedding",
                                std::make_shared<nn::Embedding>(config.vocab, config.width, gen))),
      positions(register_module(
          "positions", std::make_shared<nn::Embedding>(config.context, config.width, gen))),
      transformerBlocks(register_module("transformerBlocks", std::make_shared<nn::Sequential>())),
      finalLayerNorm(
          register_module("finalLayerNorm", std::make_shared<nn::LayerNorm>(Shape{config.width}))) {
  for (int64_t i = 0; i < config.blocks; ++i) {
    transformerBlocks->push_back(std::make_shared<TransformerBlock>(config.width, gen));
  }
}

TransformerBlock& Model4::block(size_t i) const {
  return static_cast<TransformerBlock&>(*(*transformerBlocks)[i]);
}

Tensor Model4::embed(const Tensor& ids) {
  const int64_t T = ids.size(-1);
  if (T > config.context) {
    throw std::invalid_argument("Model4: " + std::to_string(T) + " tokens, more than the context " +
                                std::to_string(config.context));
  }
  return (*embedding)(ids) + (*positions)(arange(T));  // [B, T, C] + [T, C] broadcasts
}

Tensor Model4::forward(const Tensor& ids) {
  const Tensor x = (*transformerBlocks)(embed(ids));
  // The final layer norm, then the tied output: each token's logit is its embedding row's dot
  // product with x.
  const Tensor logits = linear((*finalLayerNorm)(x), embedding->weight);
  return config.scale_logits ? logits / std::sqrt(static_cast<double>(config.width)) : logits;
}

}  // namespace buildgpt::lessons
