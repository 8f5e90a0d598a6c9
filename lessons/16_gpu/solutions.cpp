// Lesson 16's worked answers.
#include <chrono>

#include "exercises.h"

namespace buildgpt::lessons {

Tensor run_on(nn::Module& model, const Tensor& x, Device device) {
  model.to(device);
  NoGradGuard no_grad;
  return model(x.to(device)).to(Device::cpu());
}

Tensor predicted_classes(nn::Module& model, const Tensor& x) {
  NoGradGuard no_grad;
  return argmax(model(x), 1).to(Device::cpu());
}

double synchronized_ms(Device device, const std::function<void()>& work) {
  synchronize(device);  // what was queued before is not ours to time
  const auto start = std::chrono::steady_clock::now();
  work();
  synchronize(device);  // the kernels `work` queued may still be running
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace buildgpt::lessons
