// Lesson 13's exercises: lifting 2-D points to 3-D, the transformer block from its weights, and
// how many parameters a block has.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: points [N, 2] (x, y) -> [N, 3] (x, y, r) with r = sqrt(x² + y²), the distance from
// the origin: the lift that makes two rings separable by a plane.
Tensor lift_to_radius(const Tensor& points);

// A block's weights (Linear weights [out, in]).
struct BlockWeights {
  Tensor ln_attn_weight, ln_attn_bias;  // [C]
  Tensor query, key, value, w0;         // [C, C], no bias
  Tensor ln_mlp_weight, ln_mlp_bias;    // [C]
  Tensor w1, b1;                        // [4C, C] and [4C]
  Tensor w2, b2;                        // [C, 4C] and [C]
};

// Exercise 2: the pre-layer-norm transformer block on x [B, T, C]:
//   h = x + W0(attention(LN_attn(x)))      causal attention of one head as wide as C
//   y = h + W2 gelu(W1 LN_mlp(h) + b1) + b2   the course's exact GELU
Tensor transformer_block(const Tensor& x, const BlockWeights& w);

// Exercise 3: the number of parameters of a block of width C (weights and biases of the four
// attention matrices, the two layer norms and the two MLP layers).
int64_t block_parameter_count(int64_t C);

}  // namespace buildgpt::lessons
