// Lesson 17's exercises: GPT-2's parameters module by module, the attention sublayer with its
// fused query-key-value layer, and the spread each parameter starts with.
#pragma once

#include <cstdint>
#include <string>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// The parameters of each module of Model 5 (weights and biases together).
struct Model5Counts {
  int64_t wte = 0, wpe = 0;        // the token and position embeddings
  int64_t ln_1 = 0, ln_2 = 0;      // one block's two layer norms (weight and bias each)
  int64_t c_attn = 0, c_proj = 0;  // one block's attention: fused q, k, v layer; output layer
  int64_t c_fc = 0, mlp_proj = 0;  // one block's MLP: C -> 4C, then 4C -> C
  int64_t ln_f = 0;                // the final layer norm
  int64_t layers = 0;              // blocks

  int64_t block() const { return ln_1 + c_attn + c_proj + ln_2 + c_fc + mlp_proj; }
  // The output layer is the token embedding: counted once, or twice as a matrix of its own.
  int64_t total(bool output_counted_twice = false) const {
    return wte * (output_counted_twice ? 2 : 1) + wpe + layers * block() + ln_f;
  }
};

// Exercise 1: Model 5's parameters, module by module, for vocabulary V, context T, width C and L
// blocks (every linear layer with a bias, every layer norm with a weight and a bias).
Model5Counts model5_parameter_counts(int64_t V, int64_t T, int64_t C, int64_t L);

// Exercise 2: Model 5's attention sublayer on x [B, T, C] from its weights (Linear layout
// [out, in]): one linear layer makes q, k and v side by side,
//   [q k v] = x c_attn_weightᵀ + c_attn_bias        ([B, T, 3C]; c_attn_weight is [3C, C])
// each is split into `heads` heads of C / heads, causal attention runs in each head (scaled by
// 1/sqrt(C / heads)), the heads are merged, and
//   out = y c_proj_weightᵀ + c_proj_bias            ([B, T, C])
Tensor fused_qkv_attention(const Tensor& x, const Tensor& c_attn_weight, const Tensor& c_attn_bias,
                           const Tensor& c_proj_weight, const Tensor& c_proj_bias, int64_t heads);

// Exercise 3: the spread GPT-2 starts a parameter with, by its name ("transformer.wte.weight",
// "transformer.h.3.mlp.c_proj.bias", ...) in a model of `layers` blocks: weights are drawn from
// N(0, 0.02), except the two layers of each block that add into the residual stream
// (attn.c_proj and mlp.c_proj), whose weights are drawn from N(0, 0.02 / sqrt(2 * layers)); biases
// start at 0 and layer norms at weight 1, bias 0. Returns the standard deviation of the starting
// values (0 for those that start constant).
double initial_std(const std::string& name, int64_t layers);

}  // namespace buildgpt::lessons
