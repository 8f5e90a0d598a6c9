#include "nn/transformer.h"

#include <cmath>

#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/linalg.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt::nn {
namespace {

constexpr double kInitStd = 0.02;

// GPT-2 scales the layers that add into the residual stream by 1/√(2·layers): two per block.
double residual_std(const GPTConfig& config) {
  return kInitStd / std::sqrt(2.0 * static_cast<double>(config.layers));
}

std::shared_ptr<Linear> gpt_linear(int64_t in, int64_t out, bool bias, double std, Generator* gen) {
  auto layer = std::make_shared<Linear>(in, out, bias, gen);
  init_normal(*layer, std, gen);
  return layer;
}

}  // namespace

void init_normal(Linear& layer, double std, Generator* gen) {
  NoGradGuard no_grad;
  layer.weight.copy_(mul(randn(layer.weight.shape(), gen), std));
  if (layer.bias.defined()) layer.bias.fill_(0);
}

CausalSelfAttention::CausalSelfAttention(const GPTConfig& config, Generator* gen)
    : Module("CausalSelfAttention"), heads(config.heads) {
  config.validate();
  const int64_t c = config.width;
  c_attn = register_module("c_attn", gpt_linear(c, 3 * c, config.bias, kInitStd, gen));
  c_proj = register_module("c_proj", gpt_linear(c, c, config.bias, residual_std(config), gen));
  resid_dropout_ = register_module("resid_dropout", std::make_shared<Dropout>(config.dropout, gen));
}

Tensor CausalSelfAttention::forward(const Tensor& x) { return forward(x, nullptr, 0); }

// q, k, v = split(x W_attnᵀ + b); per head h: y_h = softmax(q_h k_hᵀ / √d + causal) v_h;
// out = [y_1 ... y_heads] W_projᵀ + b
Tensor CausalSelfAttention::forward(const Tensor& x, KVCache* cache, int64_t layer) {
  if (cache == nullptr) {  // the heads read and written where they lie in [B, T, 3C] and [B, T, C]
    return (*resid_dropout_)((*c_proj)(multi_head_attention((*c_attn)(x), heads, true)));
  }
  const int64_t b = x.size(0), t = x.size(1), c = x.size(2), d = c / heads;
  const std::vector<Tensor> qkv = chunk((*c_attn)(x), 3, -1);
  auto split_heads = [&](const Tensor& m) { return m.view({b, t, heads, d}).transpose(1, 2); };
  const Tensor q = split_heads(qkv[0]), k = split_heads(qkv[1]), v = split_heads(qkv[2]);
  AttentionOptions options;
  options.causal = CausalMask::LowerRight;
  options.key_count = cache->write(layer, k, v);
  const LayerKV& kv = cache->layer(layer);
  const Tensor y = scaled_dot_product_attention(q, kv.keys, kv.values, options);
  return (*resid_dropout_)((*c_proj)(y.transpose(1, 2).reshape({b, t, c})));
}

MLP::MLP(const GPTConfig& config, Generator* gen) : Module("MLP") {
  const int64_t c = config.width;
  c_fc = register_module("c_fc", gpt_linear(c, 4 * c, config.bias, kInitStd, gen));
  gelu_ = register_module("act", std::make_shared<GELU>(config.gelu));
  c_proj = register_module("c_proj", gpt_linear(4 * c, c, config.bias, residual_std(config), gen));
  dropout_ = register_module("dropout", std::make_shared<Dropout>(config.dropout, gen));
}

// c_proj(gelu(c_fc(x))), c_fc's bias added inside the fused GELU
Tensor MLP::forward(const Tensor& x) {
  const Tensor h = bias_gelu(linear(x, c_fc->weight), c_fc->bias, gelu_->approximate);
  return (*dropout_)((*c_proj)(h));
}

Block::Block(const GPTConfig& config, Generator* gen) : Module("Block") {
  const Shape width{config.width};
  ln_1 = register_module(
      "ln_1", std::make_shared<LayerNorm>(width, config.layer_norm_eps, true, config.bias));
  attn = register_module("attn", std::make_shared<CausalSelfAttention>(config, gen));
  ln_2 = register_module(
      "ln_2", std::make_shared<LayerNorm>(width, config.layer_norm_eps, true, config.bias));
  mlp = register_module("mlp", std::make_shared<MLP>(config, gen));
}

Tensor Block::forward(const Tensor& x) { return forward(x, nullptr, 0); }

// h = x + attn(ln_1(x)); out = h + mlp(ln_2(h))
Tensor Block::forward(const Tensor& x, KVCache* cache, int64_t layer) {
  const Tensor h = x + attn->forward((*ln_1)(x), cache, layer);
  return h + (*mlp)((*ln_2)(h));
}

}  // namespace buildgpt::nn
