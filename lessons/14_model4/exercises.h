// Lesson 14's exercises: Model 4's size by formula, the attention weights hidden inside a block,
// and the tied output.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the number of parameters of Model 4 with vocabulary V, context T, width C and L
// blocks: the token and position embeddings, L blocks (lesson 13), the final layer norm; the
// output layer is the token embedding, counted once.
int64_t model4_parameter_count(int64_t V, int64_t T, int64_t C, int64_t L);

// Exercise 2: the attention weights [B, T, T] inside a block, whose forward pass uses the fused
// kernel and never shows them: for the block's input x [B, T, C], its attention layer norm
// (weight, bias [C]) and its query and key weights [C, C] (Linear layout, no bias):
//   h = layer_norm(x);  softmax(q kᵀ / sqrt(C), the future set to -inf), q = h Wqᵀ, k = h Wkᵀ
Tensor block_attention_weights(const Tensor& x, const Tensor& ln_weight, const Tensor& ln_bias,
                               const Tensor& query_weight, const Tensor& key_weight);

// Exercise 3: Model 4's logits [B, T, V] from the last block's output x [B, T, C]: the final layer
// norm (weight, bias [C]), then the tied output, a product with the token embedding [V, C]
// transposed (no division by sqrt(C) in this model).
Tensor tied_logits(const Tensor& x, const Tensor& ln_weight, const Tensor& ln_bias,
                   const Tensor& embedding);

}  // namespace buildgpt::lessons
