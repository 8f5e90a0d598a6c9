// Your file. Replace each throw with your code, then run:
//   bash scripts/course.sh check 06
// (or: cmake --preset learner && cmake --build --preset learner --target lesson06_exercises &&
//      ctest --preset learner -L lesson06)
// Use the tensor ops you know: argmax, softmax, masked_fill, comparisons, topk, sort, cumsum.
#include "exercises.h"

#include "lessons/common/exercise.h"

namespace buildgpt::lessons {

static const char* kFile = "lessons/06_sampling_methods/exercises.cpp";

Tensor greedy_pick(const Tensor& logits) {
  (void)logits;
  throw NotImplemented("exercise 1, greedy_pick", kFile);
}

Tensor top_k_filter(const Tensor& logits, int64_t k) {
  (void)logits, (void)k;
  throw NotImplemented("exercise 2, top_k_filter", kFile);
}

Tensor top_p_filter(const Tensor& logits, double p) {
  (void)logits, (void)p;
  throw NotImplemented("exercise 3, top_p_filter", kFile);
}

}  // namespace buildgpt::lessons
