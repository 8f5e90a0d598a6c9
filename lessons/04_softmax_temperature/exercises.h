// Lesson 04's exercises: softmax with a temperature, its logarithm, and entropy.
#pragma once

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: softmax(logits / T) along the last dimension, computed stably: subtract the
// largest logit of each row before exponentiating, so exp never overflows.
Tensor softmax_with_temperature(const Tensor& logits, double temperature);

// Exercise 2: log softmax(logits / T) along the last dimension, without taking the log of a
// probability (which can underflow to log 0): z - max z - log(sum exp(z - max z)), z = logits / T.
Tensor log_softmax_with_temperature(const Tensor& logits, double temperature);

// Exercise 3: the entropy -sum p log p (in nats) of each row of probabilities; 0 log 0 counts as 0.
// Returns one value per row (the last dimension is summed away).
Tensor entropy(const Tensor& probs);

}  // namespace buildgpt::lessons
