// Lesson 18's worked answers.
#include "exercises.h"

namespace buildgpt::lessons {

Tensor training_step(nn::GPT& model, nn::Optimizer& optimizer, const Tensor& inputs,
                     const Tensor& targets) {
  optimizer.zero_grad();
  const Tensor logits = model(inputs);
  const int64_t rows = inputs.numel(), vocab = logits.size(-1);
  const Tensor loss = cross_entropy(logits.view({rows, vocab}), targets.view({rows}));
  loss.backward();
  optimizer.step();
  return loss;
}

Tensor course_loss(const Tensor& logits, const Tensor& inputs) {
  return nll_loss(logits.select(1, -1), inputs.select(1, -1));
}

}  // namespace buildgpt::lessons
