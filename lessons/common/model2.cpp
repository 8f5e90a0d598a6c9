#include "lessons/common/model2.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/creation.h"
#include "autograd/ops/linalg.h"

namespace buildgpt::lessons {

Model2::Model2(const Model2Config& config, Generator* gen)
    : nn::Module("Model2"),
      config(config),
      tokens(register_module("tokens",
                             std::make_shared<nn::Embedding>(config.vocab, config.width, gen))),
      positions(register_module(
          "positions", std::make_shared<nn::Embedding>(config.context, config.width, gen))),
      norm(register_module("norm", std::make_shared<nn::LayerNorm>(Shape{config.width}))) {}

Tensor Model2::forward(const Tensor& ids) {
  const int64_t T = ids.size(-1);
  if (T > config.context) {
    throw std::invalid_argument("Model2: " + std::to_string(T) + " tokens, more than the context " +
                                std::to_string(config.context));
  }
  // Each token's row plus its position's row: [B, T, width] + [T, width] broadcasts.
  Tensor x = (*norm)((*tokens)(ids) + (*positions)(arange(T)));
  if (config.gelu) x = buildgpt::gelu(x);
  // The output layer is the token embedding itself: a token's logit is its row's dot product
  // with x, divided by sqrt(width) so the logits start with a spread near 1.
  return linear(x, tokens->weight) / std::sqrt(static_cast<double>(config.width));  // x · Eᵀ
}

Tensor Model2::generate(const Tensor& ids, int64_t n_new, const nn::SamplingOptions& options,
                        Generator* gen) {
  return nn::generate(*this, ids, n_new, options, config.context, gen);
}

}  // namespace buildgpt::lessons
