// Your file. Replace each throw with your code, then run:
//   bash scripts/course.sh check 16
// (or: cmake --preset learner && cmake --build --preset learner --target lesson16_exercises &&
//      ctest --preset learner -L lesson16)
// Use Module::to, Tensor::to, NoGradGuard, argmax, synchronize and std::chrono::steady_clock.
#include "exercises.h"

#include "lessons/common/exercise.h"

namespace buildgpt::lessons {

static const char* kFile = "lessons/16_gpu/exercises.cpp";

Tensor run_on(nn::Module& model, const Tensor& x, Device device) {
  (void)model, (void)x, (void)device;
  throw NotImplemented("exercise 1, run_on", kFile);
}

Tensor predicted_classes(nn::Module& model, const Tensor& x) {
  (void)model, (void)x;
  throw NotImplemented("exercise 2, predicted_classes", kFile);
}

double synchronized_ms(Device device, const std::function<void()>& work) {
  (void)device, (void)work;
  throw NotImplemented("exercise 3, synchronized_ms", kFile);
}

}  // namespace buildgpt::lessons
