// Lesson 01's exercises: the heart of Model 1 and of its training and sampling, written from the
// parts.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"
#include "model1.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

// Exercise 1: Model 1's forward pass from its weights, without the modules:
//   ids int64 [B, T] -> look up rows of `embedding` [V, C] -> the activation -> scores against
//   every row of `unembedding` [V, C] (a product with its transpose, no bias): logits [B, T, V].
Tensor model1_logits(const Tensor& ids, const Tensor& embedding, const Tensor& unembedding,
                     Activation activation);

// Exercise 2: windows int64 [B, T + 1] of consecutive tokens -> inputs, the first T tokens of each
// row, and targets, the last T (each position's next token): both [B, T].
Batch inputs_and_targets(const Tensor& windows);

// Exercise 3: the cross-entropy loss of a model that gives every one of `vocab` tokens the same
// probability, in nats: what an untrained model should score.
double uniform_guess_loss(int64_t vocab);

// Exercise 4: the next token drawn from one position's logits [V] with the uniform number u in
// [0, 1): softmax (stably) into probabilities, then the first id whose cumulative probability
// exceeds u (the last id if rounding leaves none).
int64_t sample_token(const Tensor& logits, double u);

}  // namespace buildgpt::lessons
