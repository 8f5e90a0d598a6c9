// Lesson 20's exercises: three of the equations computed by hand, one number at a time, with
// loops over plain vectors: GELU, a layer norm of one token, and one query's attention.
#pragma once

#include <vector>

namespace buildgpt::lessons {

// Exercise 1: GPT-2's GELU of one number, the tanh form:
//   GELU(u) = ½ u (1 + tanh(√(2/π) (u + 0.044715 u³)))
double gelu_tanh(double u);

// Exercise 2: layer norm of one token's vector x (C numbers) with gain γ and shift β (C each):
//   μ = mean of x,  σ² = mean of (x − μ)² (divided by C, not C − 1),
//   out_i = γ_i (x_i − μ) / √(σ² + eps) + β_i
std::vector<float> layer_norm_row(const std::vector<float>& x, const std::vector<float>& gain,
                                  const std::vector<float>& shift, double eps);

// Exercise 3: the attention output of one query q (d numbers) over the positions it may see,
// keys[j] and values[j] (d numbers each, j = 0 .. n-1, the causal mask already applied by
// leaving the future out):
//   s_j = q · k_j / √d,  a_j = exp(s_j − max s) / Σ_m exp(s_m − max s),  out = Σ_j a_j v_j
std::vector<float> attention_row(const std::vector<float>& q,
                                 const std::vector<std::vector<float>>& keys,
                                 const std::vector<std::vector<float>>& values);

}  // namespace buildgpt::lessons
