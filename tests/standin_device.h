// A second device for the tests of machines without a GPU: the CPU's kernels registered as the
// CUDA device type, on host memory. A device-neutral op runs on it unchanged; an op that
// allocates on the CPU, or reads a tensor as if it were on the CPU, is caught by the device
// checks. Where a real CUDA backend is registered the fixture steps aside (the `cuda` label's
// parity tests cover that device).
#pragma once

#include <gtest/gtest.h>

#include "autograd/backend.h"
#include "autograd/cpu/cpu_backend.h"

namespace buildgpt::testing {

class StandinDevice : public ::testing::Test {
 protected:
  void SetUp() override {
    if (backend_available(DeviceType::CUDA)) {
      GTEST_SKIP() << "a CUDA backend is registered in this build; the stand-in device is only "
                      "for builds without one";
    }
    register_backend(DeviceType::CUDA, &cpu::cpu_backend());
    registered_ = true;
  }
  void TearDown() override {
    if (registered_) register_backend(DeviceType::CUDA, nullptr);
  }

  const Device device = Device::cuda();

 private:
  bool registered_ = false;
};

}  // namespace buildgpt::testing
