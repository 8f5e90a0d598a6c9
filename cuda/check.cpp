#include "cuda/check.h"

namespace buildgpt::cuda {

void throw_cuda_error(const char* op, const char* call, const std::string& status) {
  throw CudaError(std::string(op) + ": " + call + " failed on cuda:0: " + status);
}

}  // namespace buildgpt::cuda
