// Worked answers to lesson 13's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

Tensor lift_to_radius(const Tensor& points) {
  const Tensor radius = points.pow(2).sum({1}, true).sqrt();  // [N, 1]
  return cat({points, radius}, 1);
}

Tensor transformer_block(const Tensor& x, const BlockWeights& w) {
  const Shape c = {x.size(-1)};
  const Tensor a = layer_norm(x, c, w.ln_attn_weight, w.ln_attn_bias);
  const Tensor attended = scaled_dot_product_attention(linear(a, w.query), linear(a, w.key),
                                                       linear(a, w.value), /*is_causal=*/true);
  const Tensor h = x + linear(attended, w.w0);
  const Tensor m = layer_norm(h, c, w.ln_mlp_weight, w.ln_mlp_bias);
  return h + linear(gelu(linear(m, w.w1, w.b1)), w.w2, w.b2);
}

int64_t block_parameter_count(int64_t C) {
  const int64_t attention = 4 * C * C;                        // Q, K, V, W0
  const int64_t norms = 2 * 2 * C;                            // two layer norms, weight and bias
  const int64_t mlp = (C * 4 * C + 4 * C) + (4 * C * C + C);  // W1 and b1, W2 and b2
  return attention + norms + mlp;                             // 12 C² + 9 C
}

}  // namespace buildgpt::lessons
