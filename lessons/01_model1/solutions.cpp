// Worked answers to lesson 01's exercises.
#include "exercises.h"

#include <cmath>

namespace buildgpt::lessons {

Tensor model1_logits(const Tensor& ids, const Tensor& embedding, const Tensor& unembedding,
                     Activation activation) {
  const Tensor x = buildgpt::embedding(ids, embedding);  // [B, T, C]: one row per token
  const Tensor h = activation == Activation::GELU ? gelu(x) : relu(x);
  return h.matmul(unembedding.transpose(0, 1));  // [B, T, C] x [C, V]
}

Batch inputs_and_targets(const Tensor& windows) {
  const int64_t t = windows.size(1) - 1;
  return {windows.narrow(1, 0, t), windows.narrow(1, 1, t)};
}

double uniform_guess_loss(int64_t vocab) {
  // Every target gets probability 1/V, so every position costs -log(1/V) = log V.
  return -std::log(1.0 / static_cast<double>(vocab));
}

int64_t sample_token(const Tensor& logits, double u) {
  const std::vector<float> p = softmax(logits, -1).to_vector<float>();
  double cumulative = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    cumulative += p[i];
    if (u < cumulative) return static_cast<int64_t>(i);
  }
  return static_cast<int64_t>(p.size()) - 1;
}

}  // namespace buildgpt::lessons
