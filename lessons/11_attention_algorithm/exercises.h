// Lesson 11's exercises: attention by hand — the scaled scores, causal attention, and the gradient
// that reaches the values.
#pragma once

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the scaled scores of queries q [..., Tq, d] against keys k [..., Tk, d]:
// q kᵀ / sqrt(d), shape [..., Tq, Tk]. Entry (i, j) says how well query i matches key j.
Tensor attention_scores(const Tensor& q, const Tensor& k);

// Exercise 2: causal self-attention by hand, for q, k [..., T, d] and v [..., T, dv]: the scaled
// scores, the future (key j > query i) set to -infinity, softmax over the keys, times v. Returns
// [..., T, dv], what scaled_dot_product_attention(q, k, v, /*is_causal=*/true) returns.
Tensor causal_attention(const Tensor& q, const Tensor& k, const Tensor& v);

// Exercise 3: the gradient of the loss with respect to the values, given the attention weights
// P [..., T, T] (softmax of the masked scores) and the gradient of the attention's output
// grad_out [..., T, dv]. The output is P v, so this is what the fused kernel's backward computes
// for v. Returns [..., T, dv].
Tensor value_gradient(const Tensor& weights, const Tensor& grad_out);

}  // namespace buildgpt::lessons
