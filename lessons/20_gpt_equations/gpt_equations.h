// A GPT written as its equations: each a few lines of plain tensor ops (lookups, matrix
// products, means, exp, tanh) on the model's raw parameters, with no layer and no fused kernel,
// so each can be set beside the module that computes the same thing.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"
#include "nn/nn.h"

namespace buildgpt::lessons {

// One block's parameters as plain tensors (Linear layout: weights [out, in]).
struct BlockWeights {
  Tensor ln1_gain, ln1_shift;     // [C]
  Tensor attn_weight, attn_bias;  // c_attn: [3C, C], [3C]
  Tensor proj_weight, proj_bias;  // attn.c_proj: [C, C], [C]
  Tensor ln2_gain, ln2_shift;     // [C]
  Tensor fc_weight, fc_bias;      // mlp.c_fc: [4C, C], [4C]
  Tensor out_weight, out_bias;    // mlp.c_proj: [C, 4C], [C]
  int64_t heads = 1;
  double eps = 1e-5;
};
BlockWeights weights_of(const nn::Block& block, const nn::GPTConfig& config);

// x⁽⁰⁾ = W_te[ids] + W_pe[0..T-1]: ids [B, T] -> [B, T, C].
Tensor embedding_eq(const Tensor& ids, const Tensor& wte, const Tensor& wpe);

// LN(x) = γ ⊙ (x − μ) / √(σ² + ε) + β, with μ and σ² (the biased variance) over the last dim.
Tensor layer_norm_eq(const Tensor& x, const Tensor& gain, const Tensor& shift, double eps);

// h Wᵀ + b, the affine map every linear layer is.
Tensor affine_eq(const Tensor& h, const Tensor& weight, const Tensor& bias);

// Queries, keys and values [B, H, T, d] of the normalised input h [B, T, C]:
// [Q K V] = h W_attnᵀ + b_attn, each cut into H heads of d = C / H columns.
struct HeadsQKV {
  Tensor q, k, v;
};
HeadsQKV qkv_eq(const Tensor& h, const Tensor& weight, const Tensor& bias, int64_t heads);

// A = softmax(q kᵀ / √d + M), M = −∞ above the diagonal, the softmax written out:
// exp(s − max s) / Σ exp(s − max s) along each row. q, k [..., T, d] -> [..., T, T].
Tensor attention_weights_eq(const Tensor& q, const Tensor& k);

// [A₁V₁ ⋯ A_H V_H]: the heads' outputs [B, H, T, d] side by side, [B, T, C].
Tensor merge_heads_eq(const Tensor& heads);

// The attention sublayer on h = LN₁(x): the heads merged, then W_proj and b_proj.
Tensor attention_eq(const Tensor& h, const BlockWeights& w);

// GELU(u) = ½ u (1 + tanh(√(2/π) (u + 0.044715 u³))), the form GPT-2 was trained with.
Tensor gelu_tanh_eq(const Tensor& u);

// MLP(h) = GELU(h W_fcᵀ + b_fc) W_projᵀ + b_proj.
Tensor mlp_eq(const Tensor& h, const BlockWeights& w);

// x' = x + attention(LN₁(x));  x'' = x' + MLP(LN₂(x')).
Tensor block_eq(const Tensor& x, const BlockWeights& w);

// logits = LN_f(x) W_teᵀ (the output tied to the token embedding).
Tensor logits_eq(const Tensor& x, const Tensor& gain, const Tensor& shift, double eps,
                 const Tensor& wte);

// p = softmax(logits) written out, and the loss −mean log p[target].
Tensor softmax_eq(const Tensor& logits);
Tensor loss_eq(const Tensor& logits, const Tensor& targets);

// The whole model from the equations alone: ids [B, T] -> logits [B, T, V]. The config must have
// a tied output, the tanh GELU and no logit scale (GPT-2's).
Tensor gpt_eq(const nn::GPT& model, const Tensor& ids);

}  // namespace buildgpt::lessons
