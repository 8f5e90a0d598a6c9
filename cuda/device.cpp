// Finding the GPU, and the backend's controls of cuda/cuda.h that concern the device as a whole.
#include <cuda_runtime_api.h>

#include <mutex>

#include "cuda/check.h"
#include "cuda/context.h"
#include "cuda/cuda.h"
#include "cuda/cuda_backend.h"

namespace buildgpt::cuda {
namespace {

std::string& probe_result() {
  static std::string why;
  return why;
}

// The context of the GPU, or the clear error that there is none.
Context& checked_context(const char* what) {
  if (!cuda_available()) {
    throw std::invalid_argument(std::string(what) + ": " + cuda_unavailable_reason());
  }
  return context();
}

}  // namespace

CudaBackend& cuda_backend() {
  static CudaBackend backend;
  return backend;
}

// Asks the runtime how many GPUs there are; touches nothing else, so a machine without a GPU
// (or without a driver) gets the reason and the program carries on with the CPU.
Backend* probe(std::string& why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    why = std::string("no CUDA device (cudaGetDeviceCount: ") + cudaGetErrorString(status) + ")";
  } else if (count == 0) {
    why = "no CUDA device (cudaGetDeviceCount found none)";
  }
  probe_result() = why;
  return why.empty() ? &cuda_backend() : nullptr;
}

}  // namespace buildgpt::cuda

namespace buildgpt {

bool cuda_available() {
  return backend_available(DeviceType::CUDA) &&
         &backend_for(Device::cuda()) == &cuda::cuda_backend();
}

std::string cuda_unavailable_reason() {
  if (cuda_available()) return "";
  const std::string& why = cuda::probe_result();
  return why.empty() ? "no CUDA device (the CUDA backend is not the one registered)" : why;
}

std::string cuda_device_name() { return cuda::checked_context("cuda_device_name").name; }

void set_cuda_tf32(bool enabled) { cuda::checked_context("set_cuda_tf32").tf32 = enabled; }

bool cuda_tf32() { return cuda_available() && cuda::context().tf32; }

void cuda_synchronize() {
  BUILDGPT_CUDA_CHECK("synchronize",
                      cudaStreamSynchronize(cuda::checked_context("cuda_synchronize").stream));
}

}  // namespace buildgpt
