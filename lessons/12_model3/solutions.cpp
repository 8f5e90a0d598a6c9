// Worked answers to lesson 12's exercises.
#include "exercises.h"

#include <cmath>
#include <limits>

namespace buildgpt::lessons {

Tensor model3_attention_weights(const Tensor& x, const Tensor& query_weight,
                                const Tensor& key_weight) {
  const int64_t T = x.size(-2), C = x.size(-1);
  const Tensor q = linear(x, query_weight), k = linear(x, key_weight);
  const Tensor future = ones({T, T}).triu(1) == 1.0;
  const Tensor scores = q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(C));
  return softmax(scores.masked_fill(future, -std::numeric_limits<double>::infinity()), -1);
}

Tensor model3_logits(const Tensor& ids, const Model3Weights& w) {
  const int64_t T = ids.size(-1), C = w.embedding.size(1);
  const Tensor x = layer_norm(embedding(ids, w.embedding) + embedding(arange(T), w.positions), {C},
                              w.norm_weight, w.norm_bias);
  const Tensor attended = model3_attention_weights(x, w.query, w.key).matmul(linear(x, w.value));
  const Tensor y = linear(attended, w.w0_weight, w.w0_bias);
  return y.matmul(w.embedding.t()) / std::sqrt(static_cast<double>(C));
}

Tensor entropy_at_temperature(const Tensor& logits, double temperature) {
  // log_softmax is exact where softmax underflows to 0, and p log p -> 0 there.
  const Tensor log_p = log_softmax(logits / temperature, -1);
  return -(log_p.exp() * log_p).sum({-1});
}

}  // namespace buildgpt::lessons
