#include "transformer_block.h"

#include "autograd/autograd.h"

namespace buildgpt::lessons {

namespace {

std::shared_ptr<nn::Linear> square(int64_t c, Generator* gen) {
  return std::make_shared<nn::Linear>(c, c, /*bias=*/false, gen);
}

}  // namespace

OneAttentionHead::OneAttentionHead(int64_t embed_dim, Generator* gen)
    : nn::Module("OneAttentionHead"),
      key(register_module("key", square(embed_dim, gen))),
      query(register_module("query", square(embed_dim, gen))),
      value(register_module("value", square(embed_dim, gen))),
      W0(register_module("W0", square(embed_dim, gen))) {}

Tensor OneAttentionHead::forward(const Tensor& x) {
  const Tensor k = (*key)(x), q = (*query)(x), v = (*value)(x);
  const Tensor y = scaled_dot_product_attention(q, k, v, /*is_causal=*/true);
  return (*W0)(y);  // linear weightings after the attention
}

TransformerBlock::TransformerBlock(int64_t embed_dim, Generator* gen)
    : nn::Module("TransformerBlock"),
      layerNormAttn(
          register_module("layerNormAttn", std::make_shared<nn::LayerNorm>(Shape{embed_dim}))),
      attn(register_module("attn", std::make_shared<OneAttentionHead>(embed_dim, gen))),
      layerNormMLP(
          register_module("layerNormMLP", std::make_shared<nn::LayerNorm>(Shape{embed_dim}))),
      W1(register_module("W1", std::make_shared<nn::Linear>(embed_dim, 4 * embed_dim, true, gen))),
      gelu(register_module("gelu", std::make_shared<nn::GELU>())),
      W2(register_module("W2", std::make_shared<nn::Linear>(4 * embed_dim, embed_dim, true, gen))) {
}

Tensor TransformerBlock::forward(const Tensor& x) {
  const Tensor h = x + (*attn)((*layerNormAttn)(x));     // the attention sublayer
  return h + (*W2)((*gelu)((*W1)((*layerNormMLP)(h))));  // the MLP sublayer
}

}  // namespace buildgpt::lessons
