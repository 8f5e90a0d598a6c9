// The parts of a GPT block, named as Hugging Face's GPT-2 names them so that a state dict maps
// one to one: attn.c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj, ln_1, ln_2. Weights start as
// GPT-2's: N(0, 0.02), the two projections into the residual stream N(0, 0.02/√(2·layers)) (or
// N(0, 0.02) without config.scaled_residual_init), biases zero, norms one and zero. Under DeepNorm
// the projections start as DeepNorm's: Xavier normal, N(0, gain·√(2/(in + out))), with gain 1 for
// the queries and keys and β = (8·layers)^-¼ for the values, attn.c_proj and both MLP layers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "autograd/generator.h"
#include "nn/gpt_config.h"
#include "nn/kv_cache.h"
#include "nn/layers.h"
#include "nn/module.h"

namespace buildgpt::nn {

// Multi-head causal self-attention: one linear layer makes queries, keys and values side by side
// ([B, T, 3C]), the fused attention runs per head of C/heads channels, reading each head where it
// lies in that projection and writing its output side by side with the others ([B, T, C]), and
// the output projection follows. With a key-value cache, the heads are cut out by view and
// transpose ([B, heads, T, C/heads]) to be written into the cache.
class CausalSelfAttention : public Module {
 public:
  CausalSelfAttention(const GPTConfig& config, Generator* gen = nullptr);
  // x [B, T, C] → [B, T, C], each position attending to itself and those before it.
  Tensor forward(const Tensor& x) override;
  // The same for T new positions after the cache's length: their keys and values are written
  // into the cache's layer `layer`, and the queries attend to every position it then holds
  // (the lower-right causal alignment). Without a cache (null), the plain forward.
  Tensor forward(const Tensor& x, KVCache* cache, int64_t layer);

  const int64_t heads;
  std::shared_ptr<Linear> c_attn, c_proj;

 private:
  std::shared_ptr<Dropout> resid_dropout_;
};

// Position-wise feed-forward: C → 4C, GELU, 4C → C.
class MLP : public Module {
 public:
  MLP(const GPTConfig& config, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;

  std::shared_ptr<Linear> c_fc, c_proj;

 private:
  std::shared_ptr<GELU> gelu_;
  std::shared_ptr<Dropout> dropout_;
};

// A block: attention, then the MLP, each a residual branch with its norm (ln_1, ln_2) placed as
// config.norm_placement says. GPT-2's (pre-norm): x + attn(ln_1(x)), then that + mlp(ln_2(that)).
class Block : public Module {
 public:
  Block(const GPTConfig& config, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;
  // With a key-value cache (or null): see CausalSelfAttention.
  Tensor forward(const Tensor& x, KVCache* cache, int64_t layer);

  // The learned scales of the two branches [1] (ResidualScale::Learned), otherwise absent.
  Tensor& attn_scale;
  Tensor& mlp_scale;
  std::shared_ptr<Norm> ln_1, ln_2;
  std::shared_ptr<CausalSelfAttention> attn;
  std::shared_ptr<MLP> mlp;

 private:
  // One residual step around the sublayer f with its norm: x + s·f(norm(x)) (pre),
  // norm(x + s·f(x)) (post) or norm(α·x + f(x)) (DeepNorm); s is the branch's scale.
  Tensor residual(const Tensor& x, Norm& norm, const Tensor& learned_scale,
                  const std::function<Tensor(const Tensor&)>& f) const;

  const NormPlacement placement_;
  const ResidualScale residual_scale_;
  const double branch_scale_, alpha_;
};

// A norm over config.width of config.norm_kind with config.layer_norm_eps (a layer norm's bias
// when config.bias).
std::shared_ptr<Norm> make_norm(const GPTConfig& config);

// weight ← N(0, std) drawn from gen; bias (if any) ← 0. GPT-2's initialisation of a layer.
void init_normal(Linear& layer, double std, Generator* gen);

}  // namespace buildgpt::nn
