// Worked answers to lesson 14's exercises.
#include "exercises.h"

#include <cmath>
#include <limits>

namespace buildgpt::lessons {

int64_t model4_parameter_count(int64_t V, int64_t T, int64_t C, int64_t L) {
  const int64_t block = 4 * C * C + 4 * C + 8 * C * C + 5 * C;  // attention, 2 norms, MLP
  return V * C + T * C + L * block + 2 * C;                     // + the final layer norm
}

Tensor block_attention_weights(const Tensor& x, const Tensor& ln_weight, const Tensor& ln_bias,
                               const Tensor& query_weight, const Tensor& key_weight) {
  const int64_t T = x.size(-2), C = x.size(-1);
  const Tensor h = layer_norm(x, {C}, ln_weight, ln_bias);
  const Tensor scores = linear(h, query_weight).matmul(linear(h, key_weight).transpose(-2, -1)) /
                        std::sqrt(static_cast<double>(C));
  const Tensor future = ones({T, T}).triu(1) == 1.0;
  return softmax(scores.masked_fill(future, -std::numeric_limits<double>::infinity()), -1);
}

Tensor tied_logits(const Tensor& x, const Tensor& ln_weight, const Tensor& ln_bias,
                   const Tensor& embedding) {
  return layer_norm(x, {x.size(-1)}, ln_weight, ln_bias).matmul(embedding.t());
}

}  // namespace buildgpt::lessons
