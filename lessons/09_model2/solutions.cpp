// Worked answers to lesson 09's exercises.
#include "exercises.h"

#include <cmath>

namespace buildgpt::lessons {

double uniform_loss(int64_t vocab) {
  // Every target gets probability 1/vocab, so every position's loss is -log(1/vocab) = log(vocab).
  return -std::log(1.0 / static_cast<double>(vocab));
}

Tensor position_ids(int64_t batch, int64_t length) {
  // One row 0..length-1, repeated for every sequence (expand shares it; contiguous copies it).
  return arange(length).unsqueeze(0).expand({batch, length}).contiguous();
}

Tensor model2_logits(const Tensor& ids, const Tensor& token_emb, const Tensor& pos_emb,
                     const Tensor& norm_weight, const Tensor& norm_bias) {
  const int64_t width = token_emb.size(1);
  const Tensor positions = position_ids(ids.size(0), ids.size(1));
  const Tensor x = embedding(ids, token_emb) + embedding(positions, pos_emb);
  const Tensor h = gelu(layer_norm(x, {width}, norm_weight, norm_bias));
  return h.matmul(token_emb.t()) / std::sqrt(static_cast<double>(width));
}

Tensor next_token_probs(const Tensor& logits, double temperature) {
  return softmax(logits.select(1, -1) / temperature, -1);
}

}  // namespace buildgpt::lessons
