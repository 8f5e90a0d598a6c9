// Your file. Replace each throw with your code, then run:
//   bash scripts/course.sh check 01
// (or: cmake --preset learner && cmake --build --preset learner --target lesson01_exercises &&
//      ctest --preset learner -L lesson01)
// Use the tensor ops you know (embedding, gelu, relu, matmul, transpose, narrow, softmax, ...).
#include "exercises.h"

#include "lessons/common/exercise.h"

namespace buildgpt::lessons {

static const char* kFile = "lessons/01_model1/exercises.cpp";

Tensor model1_logits(const Tensor& ids, const Tensor& embedding, const Tensor& unembedding,
                     Activation activation) {
  (void)ids, (void)embedding, (void)unembedding, (void)activation;
  throw NotImplemented("exercise 1, model1_logits", kFile);
}

Batch inputs_and_targets(const Tensor& windows) {
  (void)windows;
  throw NotImplemented("exercise 2, inputs_and_targets", kFile);
}

double uniform_guess_loss(int64_t vocab) {
  (void)vocab;
  throw NotImplemented("exercise 3, uniform_guess_loss", kFile);
}

int64_t sample_token(const Tensor& logits, double u) {
  (void)logits, (void)u;
  throw NotImplemented("exercise 4, sample_token", kFile);
}

}  // namespace buildgpt::lessons
