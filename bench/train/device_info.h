// What the training benchmark reports about its device beyond the seam: its name, the fast
// products' switch (TF32) and a per-kernel profile. The CPU's answers always; the GPU's in a
// build with the CUDA backend.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/device.h"

namespace buildgpt::bench {

std::string device_name(Device device);
// TF32 products on a GPU; "no" elsewhere. Returns what the device now does.
std::string allow_tf32(Device device, bool allow);

struct KernelShare {
  std::string name;
  int64_t calls;
  double ms;
};
// A GPU's kernels timed one by one from CUDA events (std::invalid_argument on the CPU):
// start_profile, then stop_profile returns the kernels' times since, largest first.
void start_profile(Device device);
std::vector<KernelShare> stop_profile(Device device);

}  // namespace buildgpt::bench
