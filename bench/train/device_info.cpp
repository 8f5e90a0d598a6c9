#include "bench/train/device_info.h"

#include <stdexcept>

#include "autograd/cpu/blas_core.h"
#if BUILDGPT_BENCH_CUDA
#include "cuda/cuda.h"
#else
namespace {
// A build without the CUDA backend never has a GPU tensor to ask about.
[[noreturn]] void no_gpu() {
  throw std::invalid_argument("this build of the benchmark has no CUDA backend");
}
}  // namespace
#endif

namespace buildgpt::bench {

std::string device_name(Device device) {
  if (device.is_cpu()) return "CPU, " + cpu::blas_description();
#if BUILDGPT_BENCH_CUDA
  return cuda_device_name();
#else
  no_gpu();
#endif
}

std::string allow_tf32(Device device, bool allow) {
  if (device.is_cpu()) return "no";
#if BUILDGPT_BENCH_CUDA
  set_cuda_tf32(allow);
  return cuda_tf32() ? "yes" : "no";
#else
  (void)allow;
  no_gpu();
#endif
}

void start_profile(Device device) {
  if (device.is_cpu()) throw std::invalid_argument("profile: only a GPU times its kernels");
#if BUILDGPT_BENCH_CUDA
  cuda_profile_reset();
  set_cuda_profiling(true);
#else
  no_gpu();
#endif
}

std::vector<KernelShare> stop_profile(Device device) {
  if (device.is_cpu()) throw std::invalid_argument("profile: only a GPU times its kernels");
#if BUILDGPT_BENCH_CUDA
  std::vector<KernelShare> out;
  for (const CudaKernelTime& t : cuda_profile()) out.push_back({t.name, t.calls, t.ms});
  set_cuda_profiling(false);
  return out;
#else
  no_gpu();
#endif
}

}  // namespace buildgpt::bench
