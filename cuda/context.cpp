#include "cuda/context.h"

#include "cuda/allocator.h"
#include "cuda/check.h"

namespace buildgpt::cuda {
namespace {

// cuBLAS's workspace for split reductions: what NVIDIA recommends for Hopper (it asks for 4 MiB
// before). Given from our allocator, so cuBLAS never calls cudaMalloc during a step.
constexpr size_t kBlasWorkspace = size_t{32} << 20;

Context* make_context() {
  constexpr const char* op = "cuda context";
  auto* c = new Context;
  BUILDGPT_CUDA_CHECK(op, cudaSetDevice(c->device));
  cudaDeviceProp props{};
  BUILDGPT_CUDA_CHECK(op, cudaGetDeviceProperties(&props, c->device));
  c->sm_count = props.multiProcessorCount;
  c->shared_per_block = props.sharedMemPerBlockOptin;
  c->name = std::string(props.name) + " (sm_" + std::to_string(props.major) +
            std::to_string(props.minor) + ")";
  BUILDGPT_CUDA_CHECK(op, cudaStreamCreateWithFlags(&c->stream, cudaStreamNonBlocking));
  BUILDGPT_CUBLAS_CHECK(op, cublasCreate(&c->blas));
  BUILDGPT_CUBLAS_CHECK(op, cublasSetStream(c->blas, c->stream));
  BUILDGPT_CUBLAS_CHECK(
      op, cublasSetWorkspace(c->blas, allocate_device(kBlasWorkspace), kBlasWorkspace));
  return c;
}

}  // namespace

// Never destroyed: at exit the driver reclaims everything, and tearing a stream down after the
// runtime has unloaded would fail.
Context& context() {
  static Context* c = make_context();
  return *c;
}

}  // namespace buildgpt::cuda
