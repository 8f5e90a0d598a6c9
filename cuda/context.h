// The one GPU this backend drives (cuda:0), with its one stream and its cuBLAS handle, made the
// first time a kernel needs them. Every kernel, copy and product is queued on that stream, so
// work runs in the order the ops call it and the caching allocator may hand a freed block to the
// next tensor at once.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <atomic>
#include <string>

namespace buildgpt::cuda {

struct Context {
  int device = 0;
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;
  int sm_count = 0;
  size_t shared_per_block = 0;  // the opt-in maximum of shared memory per block, in bytes
  std::string name;             // "NVIDIA H100 80GB HBM3 (sm_90)"
  std::atomic<bool> tf32{false};
};

// Created on first use; throws CudaError naming the call that failed.
Context& context();
inline cudaStream_t stream() { return context().stream; }

}  // namespace buildgpt::cuda
