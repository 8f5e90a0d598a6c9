// Worked answers to lesson 17's exercises.
#include "exercises.h"

#include <cmath>

namespace buildgpt::lessons {

Model5Counts model5_parameter_counts(int64_t V, int64_t T, int64_t C, int64_t L) {
  Model5Counts n;
  n.wte = V * C;
  n.wpe = T * C;
  n.ln_1 = n.ln_2 = n.ln_f = 2 * C;  // a scale and a shift per channel
  n.c_attn = C * 3 * C + 3 * C;
  n.c_proj = C * C + C;
  n.c_fc = C * 4 * C + 4 * C;
  n.mlp_proj = 4 * C * C + C;
  n.layers = L;
  return n;
}

Tensor fused_qkv_attention(const Tensor& x, const Tensor& c_attn_weight, const Tensor& c_attn_bias,
                           const Tensor& c_proj_weight, const Tensor& c_proj_bias, int64_t heads) {
  const int64_t B = x.size(0), T = x.size(1), C = x.size(2), d = C / heads;
  const Tensor qkv = linear(x, c_attn_weight, c_attn_bias);  // [B, T, 3C]
  const auto head = [&](int64_t i) {  // q (0), k (1) or v (2) as [B, heads, T, d]
    return qkv.narrow(2, i * C, C).view({B, T, heads, d}).transpose(1, 2);
  };
  const Tensor y = scaled_dot_product_attention(head(0), head(1), head(2), /*is_causal=*/true);
  return linear(y.transpose(1, 2).reshape({B, T, C}), c_proj_weight, c_proj_bias);
}

double initial_std(const std::string& name, int64_t layers) {
  const bool weight = name.ends_with(".weight");
  const bool norm = name.find(".ln_") != std::string::npos;
  if (!weight || norm) return 0;  // biases 0; layer norms 1 and 0
  const bool into_residual = name.ends_with("c_proj.weight");
  return into_residual ? 0.02 / std::sqrt(2.0 * static_cast<double>(layers)) : 0.02;
}

}  // namespace buildgpt::lessons
