// Lesson 09's exercises: the loss of a uniform guess, position ids, Model 2's forward pass from
// its parts, and next-token probabilities at a temperature.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the cross-entropy loss (nats) of a model that gives every one of `vocab` tokens the
// same probability, whatever the target: -log(1/vocab).
double uniform_loss(int64_t vocab);

// Exercise 2: the position of every token in a batch of `batch` sequences of `length` tokens:
// int64 [batch, length], every row 0, 1, ..., length - 1.
Tensor position_ids(int64_t batch, int64_t length);

// Exercise 3: Model 2's logits [B, T, V] for ids [B, T], from its parameters: the token
// embedding [V, C] (also the output layer), the position embedding [context, C] and layer norm's
// weight and bias [C], with the course's GELU after the layer norm:
//   x = gelu(layer_norm(token_emb[ids] + pos_emb[0..T-1])),  logits = x token_embᵀ / sqrt(C)
Tensor model2_logits(const Tensor& ids, const Tensor& token_emb, const Tensor& pos_emb,
                     const Tensor& norm_weight, const Tensor& norm_bias);

// Exercise 4: the probabilities of the token after each sequence, from logits [B, T, V]: the
// softmax of the last position's logits divided by `temperature` (> 0). Returns [B, V].
Tensor next_token_probs(const Tensor& logits, double temperature);

}  // namespace buildgpt::lessons
