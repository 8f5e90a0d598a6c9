#include "model1.h"

namespace buildgpt::lessons {

const char* activation_name(Activation activation) {
  return activation == Activation::GELU ? "GELU" : "ReLU";
}

Model1::Model1(int64_t vocab, int64_t width, Activation act, Generator* gen)
    : Module("Model1"),
      embedding(register_module("embedding", std::make_shared<nn::Embedding>(vocab, width, gen))),
      activation(act == Activation::GELU
                     ? register_module<nn::Module>("activation", std::make_shared<nn::GELU>())
                     : register_module<nn::Module>("activation", std::make_shared<nn::ReLU>())),
      unembedding(register_module(
          "unembedding", std::make_shared<nn::Linear>(width, vocab, /*bias=*/false, gen))) {}

Tensor Model1::forward(const Tensor& ids) {
  return (*unembedding)((*activation)((*embedding)(ids)));
}

}  // namespace buildgpt::lessons
