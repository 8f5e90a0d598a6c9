// Lesson 24's exercises: noise that matches a weight's mean and spread, the query weights of an
// attention layer replaced by it, and how often a model's first choice is a given token.
#pragma once

#include "autograd/autograd.h"
#include "autograd/generator.h"
#include "nn/transformer.h"

namespace buildgpt::lessons {

// Exercise 1: a tensor of `weight`'s shape drawn from `gen`, normally distributed with the mean
// and the standard deviation (no correction) of all of weight's values: what the course does
// with torch.randn_like(W) * W.std() + W.mean().
Tensor matched_noise(const Tensor& weight, Generator& gen);

// Exercise 2: replaces the query weights of `attn` in place with matched_noise of them: the first
// C rows of c_attn's weight [3C, C] (Linear layout; Hugging Face's [:, :C]). The query bias,
// the key and value weights and everything else stay as they are.
void replace_query_weights(nn::CausalSelfAttention& attn, Generator& gen);

// Exercise 3: the share (0 to 1) of positions where the most likely token of logits [..., V]
// (argmax over the last dimension) is the one in `tokens` [...] (int64): how often a model's
// first choice is the text's next token, or another model's first choice.
double top1_agreement(const Tensor& logits, const Tensor& tokens);

}  // namespace buildgpt::lessons
