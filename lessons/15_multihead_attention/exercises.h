// Lesson 15's exercises: splitting a tensor into attention heads, merging them back, and
// multi-head attention from its four weight matrices.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: x [B, T, C] -> [B, heads, T, C / heads]: head h gets the features
// h * d .. h * d + d - 1 (d = C / heads) of every token. Throws std::invalid_argument when C is
// not a multiple of heads.
Tensor split_heads(const Tensor& x, int64_t heads);

// Exercise 2: the inverse, x [B, heads, T, d] -> [B, T, heads * d], the heads side by side.
Tensor merge_heads(const Tensor& x);

// Exercise 3: causal multi-head attention of x [B, T, C] with the query, key, value and mixing
// weights [C, C] (Linear layout, no bias): q, k, v split into `heads` heads, causal attention in
// each (scaled by 1/sqrt(C / heads)), the heads merged, then W0.
Tensor multihead_attention(const Tensor& x, const Tensor& query, const Tensor& key,
                           const Tensor& value, const Tensor& w0, int64_t heads);

}  // namespace buildgpt::lessons
