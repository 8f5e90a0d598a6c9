#include "nn/transformer.h"

#include <cmath>

#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/linalg.h"
#include "autograd/ops/shape_ops.h"
#include "nn/skip_init.h"

namespace buildgpt::nn {
namespace {

bool deepnorm(const GPTConfig& config) { return config.norm_placement == NormPlacement::DeepNorm; }

// The initial standard deviation of a projection [out, in] that is not a query or key: GPT-2's
// init_std, divided by √(2·layers) for the layers that add into the residual stream (two per
// block); DeepNorm's β-scaled Xavier normal.
double init_std(const GPTConfig& config, int64_t in, int64_t out, bool into_residual) {
  if (deepnorm(config)) {
    return config.deepnorm_beta() * std::sqrt(2.0 / static_cast<double>(in + out));
  }
  if (into_residual && config.scaled_residual_init) {
    return config.init_std / std::sqrt(2.0 * static_cast<double>(config.layers));
  }
  return config.init_std;
}

std::shared_ptr<Linear> gpt_linear(int64_t in, int64_t out, bool bias, double std, Generator* gen) {
  auto layer = std::make_shared<Linear>(in, out, bias, gen);
  init_normal(*layer, std, gen);
  return layer;
}

// q, k and v side by side [3C, C]: N(0, init_std) as GPT-2; under DeepNorm each [C, C] block Xavier
// normal, std 1/√C for q and k, β/√C for v.
std::shared_ptr<Linear> attention_input(const GPTConfig& config, Generator* gen) {
  const int64_t c = config.width;
  if (!deepnorm(config)) return gpt_linear(c, 3 * c, config.bias, config.init_std, gen);
  auto layer = gpt_linear(c, 3 * c, config.bias, 1.0, gen);
  const double xavier = 1 / std::sqrt(static_cast<double>(c));
  const Tensor row_std =
      cat({full({2 * c, 1}, xavier), full({c, 1}, config.deepnorm_beta() * xavier)}, 0);
  NoGradGuard no_grad;
  layer->weight.copy_(layer->weight * row_std);
  return layer;
}

Tensor learned_scale(const GPTConfig& config) {
  return config.residual_scale == ResidualScale::Learned ? full({1}, config.branch_scale())
                                                         : Tensor();
}

}  // namespace

void init_normal(Linear& layer, double std, Generator* gen) {
  if (init_skipped()) return;
  NoGradGuard no_grad;
  layer.weight.copy_(mul(randn(layer.weight.shape(), gen), std));
  if (layer.bias.defined()) layer.bias.fill_(0);
}

CausalSelfAttention::CausalSelfAttention(const GPTConfig& config, Generator* gen)
    : Module("CausalSelfAttention"), heads(config.heads) {
  config.validate();
  const int64_t c = config.width;
  c_attn = register_module("c_attn", attention_input(config, gen));
  c_proj =
      register_module("c_proj", gpt_linear(c, c, config.bias, init_std(config, c, c, true), gen));
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
  c_fc = register_module("c_fc",
                         gpt_linear(c, 4 * c, config.bias, init_std(config, c, 4 * c, false), gen));
  gelu_ = register_module("act", std::make_shared<GELU>(config.gelu));
  c_proj = register_module(
      "c_proj", gpt_linear(4 * c, c, config.bias, init_std(config, 4 * c, c, true), gen));
  dropout_ = register_module("dropout", std::make_shared<Dropout>(config.dropout, gen));
}

// c_proj(gelu(c_fc(x))), c_fc's bias added inside the fused GELU
Tensor MLP::forward(const Tensor& x) {
  const Tensor h = bias_gelu(linear(x, c_fc->weight), c_fc->bias, gelu_->approximate);
  return (*dropout_)((*c_proj)(h));
}

Block::Block(const GPTConfig& config, Generator* gen)
    : Module("Block"),
      attn_scale(register_parameter("attn_scale", learned_scale(config))),
      mlp_scale(register_parameter("mlp_scale", learned_scale(config))),
      placement_(config.norm_placement),
      residual_scale_(config.residual_scale),
      branch_scale_(config.branch_scale()),
      alpha_(config.deepnorm_alpha()) {
  ln_1 = register_module("ln_1", make_norm(config));
  attn = register_module("attn", std::make_shared<CausalSelfAttention>(config, gen));
  ln_2 = register_module("ln_2", make_norm(config));
  mlp = register_module("mlp", std::make_shared<MLP>(config, gen));
}

Tensor Block::forward(const Tensor& x) { return forward(x, nullptr, 0); }

// h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) with GPT-2's pre-norm (see residual)
Tensor Block::forward(const Tensor& x, KVCache* cache, int64_t layer) {
  const Tensor h = residual(x, *ln_1, attn_scale,
                            [&](const Tensor& in) { return attn->forward(in, cache, layer); });
  return residual(h, *ln_2, mlp_scale, [&](const Tensor& in) { return (*mlp)(in); });
}

Tensor Block::residual(const Tensor& x, Norm& norm, const Tensor& learned_scale,
                       const std::function<Tensor(const Tensor&)>& f) const {
  const auto scaled = [&](const Tensor& branch) {
    switch (residual_scale_) {
      case ResidualScale::InvSqrt2L:
        return branch * branch_scale_;
      case ResidualScale::Learned:
        return branch * learned_scale;
      case ResidualScale::One:
        break;
    }
    return branch;
  };
  switch (placement_) {
    case NormPlacement::Post:
      return norm(x + scaled(f(x)));
    case NormPlacement::DeepNorm:
      return norm(x * alpha_ + f(x));
    case NormPlacement::Pre:
      break;
  }
  return x + scaled(f(norm(x)));
}

std::shared_ptr<Norm> make_norm(const GPTConfig& config) {
  const Shape width{config.width};
  if (config.norm_kind == NormKind::RMS) {
    return std::make_shared<RMSNorm>(width, config.layer_norm_eps);
  }
  return std::make_shared<LayerNorm>(width, config.layer_norm_eps, true, config.bias);
}

}  // namespace buildgpt::nn
