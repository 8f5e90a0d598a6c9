// Lesson 21's exercises: a problem of the sort task as a training sequence, one head's queries,
// keys and values cut from the fused projection, and the MLP's hidden activations the page shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: six letters of A, B, C (ids 0, 1, 2) as one training sequence of 11 tokens:
//   inputs:  the six letters' ids, then the first five of the sorted ids;
//   targets: -100 five times (no loss: the letters cannot be predicted), then the six sorted ids.
// "CBABBC": inputs 2 1 0 1 1 2 0 1 1 1 2, targets -100 -100 -100 -100 -100 0 1 1 1 2 2.
struct SortExample {
  std::vector<int64_t> inputs, targets;
};
SortExample sort_example(const std::string& letters);

// Exercise 2: head `head`'s queries, keys and values [T, d] from c_attn's output qkv [T, 3C]:
// the first C columns are every head's queries, the next C the keys, the last C the values, and
// within each, head h has the d = C / heads columns from h * d.
struct HeadQKV {
  Tensor q, k, v;
};
HeadQKV head_qkv(const Tensor& qkv, int64_t heads, int64_t head);

// Exercise 3: what a block's MLP computes before its output layer, for its input x [T, C]:
//   GELU(LN₂(x) W_fcᵀ + b_fc)   (layer norm with gain, shift and eps; GPT-2's tanh GELU)
// the [T, 4C] activations the page shows as "GELU(h)".
Tensor mlp_activations(const Tensor& x, const Tensor& ln_gain, const Tensor& ln_shift, double eps,
                       const Tensor& fc_weight, const Tensor& fc_bias);

}  // namespace buildgpt::lessons
