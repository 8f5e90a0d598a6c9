// Lesson 12's exercises: Model 3's attention weights and its whole forward pass from its
// parameters, and how sure a next-token distribution is at a temperature.
#pragma once

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the attention weights of Model 3's head for layer-normed inputs x [B, T, C], from
// the query and key weights [C, C] (nn::Linear's layout [out, in], no bias: q = x Wqᵀ):
//   softmax(q kᵀ / sqrt(C), the future set to -inf) over the keys: [B, T, T].
Tensor model3_attention_weights(const Tensor& x, const Tensor& query_weight,
                                const Tensor& key_weight);

// Model 3's parameters (Linear weights [out, in]).
struct Model3Weights {
  Tensor embedding;               // [V, C], also the output layer
  Tensor positions;               // [context, C]
  Tensor norm_weight, norm_bias;  // [C]
  Tensor query, key, value;       // [C, C], no bias
  Tensor w0_weight, w0_bias;      // [C, C] and [C]
};

// Exercise 2: Model 3's logits [B, T, V] for ids [B, T] (T <= context), with the course's slip
// fixed:
//   x = layer_norm(embedding[ids] + positions[0..T-1]);  y = W0(attention(x));
//   logits = y embeddingᵀ / sqrt(C)
Tensor model3_logits(const Tensor& ids, const Model3Weights& w);

// Exercise 3: the entropy, in nats, of the next-token distribution softmax(logits / temperature)
// of each row of logits [..., V]: -sum_v p_v log p_v. Returns [...] (a 0-D tensor for [V]).
Tensor entropy_at_temperature(const Tensor& logits, double temperature);

}  // namespace buildgpt::lessons
