// Every CUDA and cuBLAS status that is not success becomes a CudaError naming the op, the call
// and the status. Kernel launches are checked right after the launch; a fault inside a running
// kernel is reported by the first call that waits for it (the stream is asynchronous), so that
// call's name is the one in the message.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace buildgpt::cuda {

class CudaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A device allocation that failed even after the cache was given back.
class CudaOutOfMemory : public CudaError {
 public:
  using CudaError::CudaError;
};

[[noreturn]] void throw_cuda_error(const char* op, const char* call, const std::string& status);

inline void check_cuda(cudaError_t status, const char* op, const char* call) {
  if (status != cudaSuccess) {
    cudaGetLastError();  // clears a non-sticky error so the next call starts clean
    throw_cuda_error(op, call,
                     std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status));
  }
}

inline void check_cublas(cublasStatus_t status, const char* op, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw_cuda_error(
        op, call, std::string(cublasGetStatusName(status)) + ": " + cublasGetStatusString(status));
  }
}

// After a kernel launch: a bad configuration or an earlier fault surfaces here.
inline void check_launch(const char* op, const char* kernel) {
  check_cuda(cudaGetLastError(), op, kernel);
}

}  // namespace buildgpt::cuda

#define BUILDGPT_CUDA_CHECK(op, call) ::buildgpt::cuda::check_cuda((call), (op), #call)
#define BUILDGPT_CUBLAS_CHECK(op, call) ::buildgpt::cuda::check_cublas((call), (op), #call)
