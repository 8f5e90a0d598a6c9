// Lesson 06's exercises: the three ways to narrow the choice of the next token before sampling.
// Each takes logits [B, V] (one row per sequence, already divided by the temperature).
#pragma once

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: greedy decoding: the id of the largest logit of each row, int64 [B, 1] (the shape
// nn::sample_next returns). With equal largest logits, the lowest id.
Tensor greedy_pick(const Tensor& logits);

// Exercise 2: top-k filtering: each row keeps its k largest logits (1 <= k <= V); every other
// logit becomes -inf, so softmax gives it probability 0. The tests use rows without ties.
Tensor top_k_filter(const Tensor& logits, int64_t k);

// Exercise 3: top-p (nucleus) filtering: sort each row's softmax probabilities from the largest;
// keep the smallest number of them whose sum reaches p (0 < p <= 1), at least one; every other
// logit becomes -inf.
Tensor top_p_filter(const Tensor& logits, double p);

}  // namespace buildgpt::lessons
