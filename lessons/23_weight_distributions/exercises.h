// Lesson 23's exercises: a histogram with fixed bins, the query, key and value weights inside the
// fused attention layer, and a number for how heavy a distribution's tails are.
#pragma once

#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the density histogram of `values` over fixed bins, as NumPy's
// np.histogram(values, bins=edges, density=True): bin i is [edges[i], edges[i + 1]), the last bin
// also holds edges.back(); values outside [edges.front(), edges.back()] are left out; each bin's
// density is its count / (the count of all values inside the bins * the bin's width), so the
// densities times the widths sum to 1. Returns edges.size() - 1 densities (all 0 when no value
// falls inside).
std::vector<double> density_histogram(const Tensor& values, const std::vector<double>& edges);

// The query, key and value weights [C, C] of one attention layer.
struct QKVWeights {
  Tensor q, k, v;
};

// Exercise 2: GPT's fused attention layer c_attn computes q, k and v side by side with one weight
// [3C, C] (Linear layout [out, in]); cut it into the three. (Hugging Face stores it transposed,
// [C, 3C], and the course cuts it along dim 1: the same numbers.)
QKVWeights split_qkv_weights(const Tensor& c_attn_weight);

// Exercise 3: the excess kurtosis of `values`: E[(x - mean)^4] / var^2 - 3, var the mean squared
// deviation (no correction). 0 for a normal distribution; above 0 when more values sit far out
// in the tails than a normal distribution of the same spread has.
double excess_kurtosis(const Tensor& values);

}  // namespace buildgpt::lessons
