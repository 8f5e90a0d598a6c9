// Registers the CUDA backend's probe when a program starts. This one file is an object library
// that every program linking buildgpt::autograd links directly (cuda/CMakeLists.txt): a
// registering object inside a static library is dropped by the linker, since nothing refers to
// it. The probe itself, and with it the whole backend, comes from the static library
// buildgpt_cuda, pulled in by the reference below. No CUDA call happens at start-up: the probe
// runs the first time a program asks for a CUDA device.
#include "autograd/backend.h"
#include "cuda/cuda_backend.h"

namespace {

const bool registered = [] {
  buildgpt::register_backend_probe(buildgpt::DeviceType::CUDA, &buildgpt::cuda::probe);
  return true;
}();

}  // namespace
