// Asking whether a device is there, and waiting for it: what a program that may run on a GPU
// needs without depending on the GPU's backend.
#pragma once

#include <optional>
#include <string>

#include "autograd/device.h"

namespace buildgpt {

// Nothing when tensors can be made on `device`; otherwise why not (the message every use of the
// device would throw: "device cuda:0 is not available: no CUDA device (...)").
std::optional<std::string> device_unavailable(Device device);

// Blocks until every kernel and copy queued on `device` has finished. A GPU runs its kernels
// after the calls that queue them have returned, so a timing of GPU work starts and ends here;
// on the CPU there is nothing to wait for.
void synchronize(Device device);

}  // namespace buildgpt
