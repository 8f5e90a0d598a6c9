// For the exercise tests of the GPU lessons: a second device to move models and data to. The GPU
// where this build has one and the machine a GPU; elsewhere the CPU's kernels registered as the
// CUDA device, on host memory, so the tests run (and check the moves) on every machine.
#pragma once

#include <gtest/gtest.h>

#include "autograd/backend.h"
#include "autograd/cpu/cpu_backend.h"

namespace buildgpt::lessons {

class OnADevice : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!backend_available(DeviceType::CUDA)) {
      register_backend(DeviceType::CUDA, &cpu::cpu_backend());
      standin_ = true;
    }
  }
  void TearDown() override {
    if (standin_) register_backend(DeviceType::CUDA, nullptr);
  }

  const Device device = Device::cuda();

 private:
  bool standin_ = false;
};

}  // namespace buildgpt::lessons
