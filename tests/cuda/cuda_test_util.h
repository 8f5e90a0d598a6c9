// The fixture of the CUDA tests: each skips itself, saying "no CUDA device" and why, where the
// build has the backend but the machine has no GPU; TF32 is off so products match the CPU's to
// float32 rounding. Also what the parity tests share: tolerances and the comparison of a case's
// results on the CPU and on the GPU.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "cuda/cuda.h"
#include "test_util.h"

namespace buildgpt::testing {

class CudaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cuda_available()) GTEST_SKIP() << cuda_unavailable_reason();
    set_cuda_tf32(false);
  }

  const Device gpu = Device::cuda();
};

// How far a GPU result may be from the CPU's: |gpu − cpu| <= atol + rtol·|cpu|, elementwise.
// Integer and boolean results must be equal.
struct Tolerance {
  double atol, rtol;
};

// Pointwise functions (expf, tanhf, erff ... are within 2 ulp of glibc's) and reductions summed
// in double in another order: a few float32 roundings.
constexpr Tolerance kPointwise{1e-5, 1e-5};
// Products (cuBLAS and OpenBLAS add k terms in different orders) and what is built on them.
constexpr Tolerance kProducts{1e-4, 1e-4};

// Every result of a case close to the CPU's (equal for integers and booleans).
inline ::testing::AssertionResult results_close(const std::vector<Tensor>& on_gpu,
                                                const std::vector<Tensor>& on_cpu, Tolerance t) {
  if (on_gpu.size() != on_cpu.size()) {
    return ::testing::AssertionFailure()
           << on_gpu.size() << " results on the GPU, " << on_cpu.size() << " on the CPU";
  }
  for (size_t i = 0; i < on_cpu.size(); ++i) {
    if (on_gpu[i].dtype() != on_cpu[i].dtype()) {
      return ::testing::AssertionFailure()
             << "result " << i << ": dtype " << dtype_name(on_gpu[i].dtype()) << " vs "
             << dtype_name(on_cpu[i].dtype());
    }
    const bool exact = on_cpu[i].dtype() != kFloat32;
    auto close = tensors_close(on_gpu[i], on_cpu[i], exact ? 0 : t.atol, exact ? 0 : t.rtol);
    if (!close) return close << "\n(result " << i << ": 0 is the output, then the gradients)";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace buildgpt::testing
