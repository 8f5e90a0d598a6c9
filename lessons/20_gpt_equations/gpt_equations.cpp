#include "gpt_equations.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace buildgpt::lessons {

BlockWeights weights_of(const nn::Block& block, const nn::GPTConfig& config) {
  return {block.ln_1->weight,
          block.ln_1->bias,
          block.attn->c_attn->weight,
          block.attn->c_attn->bias,
          block.attn->c_proj->weight,
          block.attn->c_proj->bias,
          block.ln_2->weight,
          block.ln_2->bias,
          block.mlp->c_fc->weight,
          block.mlp->c_fc->bias,
          block.mlp->c_proj->weight,
          block.mlp->c_proj->bias,
          config.heads,
          config.layer_norm_eps};
}

Tensor embedding_eq(const Tensor& ids, const Tensor& wte, const Tensor& wpe) {
  const int64_t B = ids.size(0), T = ids.size(1), C = wte.size(1);
  const Tensor tokens = index_select(wte, 0, ids.reshape({B * T})).view({B, T, C});
  return tokens + wpe.narrow(0, 0, T);
}

Tensor layer_norm_eq(const Tensor& x, const Tensor& gain, const Tensor& shift, double eps) {
  const Tensor mu = mean(x, {-1}, true);
  const Tensor variance = mean(pow(x - mu, 2), {-1}, true);
  return (x - mu) / sqrt(variance + eps) * gain + shift;
}

Tensor affine_eq(const Tensor& h, const Tensor& weight, const Tensor& bias) {
  return h.matmul(weight.t()) + bias;
}

HeadsQKV qkv_eq(const Tensor& h, const Tensor& weight, const Tensor& bias, int64_t heads) {
  const int64_t B = h.size(0), T = h.size(1), C = h.size(2), d = C / heads;
  const Tensor qkv = affine_eq(h, weight, bias);  // [B, T, 3C]: all of Q, then K, then V
  auto head_major = [&](int64_t which) {
    return qkv.narrow(2, which * C, C).view({B, T, heads, d}).transpose(1, 2);
  };
  return {head_major(0), head_major(1), head_major(2)};
}

Tensor attention_weights_eq(const Tensor& q, const Tensor& k) {
  const int64_t T = q.size(-2);
  const Tensor scores = q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(q.size(-1)));
  const Tensor future = triu(ones({T, T}), 1) == 1.0;
  const Tensor masked = scores.masked_fill(future, -std::numeric_limits<double>::infinity());
  const Tensor e = exp(masked - max(masked, -1, true));  // exp(−∞) = 0: the future gets nothing
  return e / sum(e, {-1}, true);
}

Tensor merge_heads_eq(const Tensor& heads) {
  const int64_t B = heads.size(0), H = heads.size(1), T = heads.size(2), d = heads.size(3);
  return heads.transpose(1, 2).reshape({B, T, H * d});
}

Tensor attention_eq(const Tensor& h, const BlockWeights& w) {
  const HeadsQKV qkv = qkv_eq(h, w.attn_weight, w.attn_bias, w.heads);
  const Tensor heads = attention_weights_eq(qkv.q, qkv.k).matmul(qkv.v);
  return affine_eq(merge_heads_eq(heads), w.proj_weight, w.proj_bias);
}

Tensor gelu_tanh_eq(const Tensor& u) {
  const double c = std::sqrt(2.0 / std::numbers::pi);
  return 0.5 * u * (1.0 + tanh(c * (u + 0.044715 * pow(u, 3))));
}

Tensor mlp_eq(const Tensor& h, const BlockWeights& w) {
  return affine_eq(gelu_tanh_eq(affine_eq(h, w.fc_weight, w.fc_bias)), w.out_weight, w.out_bias);
}

Tensor block_eq(const Tensor& x, const BlockWeights& w) {
  const Tensor x1 = x + attention_eq(layer_norm_eq(x, w.ln1_gain, w.ln1_shift, w.eps), w);
  return x1 + mlp_eq(layer_norm_eq(x1, w.ln2_gain, w.ln2_shift, w.eps), w);
}

Tensor logits_eq(const Tensor& x, const Tensor& gain, const Tensor& shift, double eps,
                 const Tensor& wte) {
  return layer_norm_eq(x, gain, shift, eps).matmul(wte.t());
}

Tensor softmax_eq(const Tensor& logits) {
  const Tensor e = exp(logits - max(logits, -1, true));
  return e / sum(e, {-1}, true);
}

Tensor loss_eq(const Tensor& logits, const Tensor& targets) {
  return -mean(log(gather(softmax_eq(logits), -1, targets.unsqueeze(-1))));
}

Tensor gpt_eq(const nn::GPT& model, const Tensor& ids) {
  const nn::GPTConfig& c = model.config;
  if (!c.tied_output || c.gelu != GeluApproximation::Tanh || c.logit_scale != 1.0) {
    throw std::invalid_argument(
        "gpt_eq: the equations are GPT-2's: a tied output, the tanh GELU, no logit scale");
  }
  const nn::GPTTransformer& body = *model.transformer;
  Tensor x = embedding_eq(ids, body.wte->weight, body.wpe->weight);
  for (const auto& block : body.blocks) x = block_eq(x, weights_of(*block, c));
  return logits_eq(x, body.ln_f->weight, body.ln_f->bias, c.layer_norm_eps, body.wte->weight);
}

}  // namespace buildgpt::lessons
