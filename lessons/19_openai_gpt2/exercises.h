// Lesson 19's exercises: reading GPT-2's published weights by hand — the names, Hugging Face's
// Conv1D layer, and its transposed weights.
#pragma once

#include <string>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: our state-dict name for a tensor name of a Hugging Face GPT-2 file. The published
// files name the body's tensors without a prefix ("wte.weight", "h.0.attn.c_attn.weight"); ours
// (and recent files) put "transformer." before them; "lm_head.weight" is the same in both. The
// causal-mask buffers "h.<n>.attn.bias" and "h.<n>.attn.masked_bias" (with or without the prefix)
// are not weights: return "" for them.
std::string our_name(const std::string& hf_name);

// Exercise 2: Hugging Face's Conv1D layer, a linear layer whose weight is stored [in, out]:
// x [..., in] -> x · weight + bias [..., out].
Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias);

// Exercise 3: a tensor of the file in our layout, given our name for it: the weights of
// attn.c_attn, attn.c_proj, mlp.c_fc and mlp.c_proj (Conv1D, [in, out]) transposed to Linear's
// [out, in]; every other tensor (embeddings, layer norms, biases, lm_head) as it is.
Tensor to_our_layout(const std::string& our_name, const Tensor& t);

}  // namespace buildgpt::lessons
