#include "model3.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

Model3::Model3(const Model3Config& config, Generator* gen)
    : nn::Module("Model3"),
      config(config),
      embedding(register_module("embedding",
                                std::make_shared<nn::Embedding>(config.vocab, config.width, gen))),
      positions(register_module(
          "positions", std::make_shared<nn::Embedding>(config.context, config.width, gen))),
      layernorm(register_module("layernorm", std::make_shared<nn::LayerNorm>(Shape{config.width}))),
      key(register_module("key",
                          std::make_shared<nn::Linear>(config.width, config.width, false, gen))),
      query(register_module("query",
                            std::make_shared<nn::Linear>(config.width, config.width, false, gen))),
      value(register_module("value",
                            std::make_shared<nn::Linear>(config.width, config.width, false, gen))),
      W0(register_module("W0",
                         std::make_shared<nn::Linear>(config.width, config.width, true, gen))) {}

Model3Output Model3::run(const Tensor& ids) {
  const int64_t T = ids.size(-1);
  const double C = static_cast<double>(config.width);
  if (T > config.context) {
    throw std::invalid_argument("Model3: " + std::to_string(T) + " tokens, more than the context " +
                                std::to_string(config.context));
  }
  // Token plus position embeddings ([B, T, C] + [T, C] broadcasts), then the layer norm.
  const Tensor x = (*layernorm)((*embedding)(ids) + (*positions)(arange(T)));

  // The attention head, by hand.
  const Tensor k = (*key)(x), q = (*query)(x), v = (*value)(x);
  const Tensor mask = ones({T, T}).tril();  // from T, so prompts shorter than the context work
  const Tensor scores = (q.matmul(k.transpose(-2, -1)) * std::pow(C, -0.5))
                            .masked_fill(mask == 0.0, -std::numeric_limits<double>::infinity());
  const Tensor weights = softmax(scores, -1);
  Tensor y = weights.matmul(v);
  y = config.course_w0_slip ? y * (*W0)(y) : (*W0)(y);  // the fix: y = W0(y)

  // The tied output: every token's score is its embedding row's dot product with y.
  const Tensor logits = linear(y, embedding->weight) / std::sqrt(C);
  return {logits, mask, scores, weights};
}

}  // namespace buildgpt::lessons
