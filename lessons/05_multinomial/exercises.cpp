// Your file. Replace each throw with your code, then run:
//   bash scripts/course.sh check 05
// (or: cmake --preset learner && cmake --build --preset learner --target lesson05_exercises &&
//      ctest --preset learner -L lesson05)
// Useful: cumsum, to_vector<float>(), multinomial(probs, n, true, &gen), std::isfinite.
#include "exercises.h"

#include "lessons/common/exercise.h"

namespace buildgpt::lessons {

static const char* kFile = "lessons/05_multinomial/exercises.cpp";

int64_t inverse_cdf_pick(const Tensor& probs, double u) {
  (void)probs, (void)u;
  throw NotImplemented("exercise 1, inverse_cdf_pick", kFile);
}

std::vector<int64_t> count_draws(const Tensor& probs, int64_t n, Generator& gen) {
  (void)probs, (void)n, (void)gen;
  throw NotImplemented("exercise 2, count_draws", kFile);
}

Tensor normalise_weights(const Tensor& weights) {
  (void)weights;
  throw NotImplemented("exercise 3, normalise_weights", kFile);
}

}  // namespace buildgpt::lessons
