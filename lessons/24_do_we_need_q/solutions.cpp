// Worked answers to lesson 24's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

Tensor matched_noise(const Tensor& weight, Generator& gen) {
  const Tensor w = weight.detach();
  return randn(w.shape(), &gen) * w.std({}, false, 0).item() + w.mean().item();
}

void replace_query_weights(nn::CausalSelfAttention& attn, Generator& gen) {
  NoGradGuard no_grad;
  Tensor& w = attn.c_attn->weight;
  const Tensor q = w.narrow(0, 0, w.size(1));
  w.write_slice_(0, 0, matched_noise(q, gen));
}

double top1_agreement(const Tensor& logits, const Tensor& tokens) {
  return eq(logits.argmax(-1), tokens).to(kFloat32).mean().item();
}

}  // namespace buildgpt::lessons
