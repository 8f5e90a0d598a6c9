// Per-kernel times from CUDA events, for a profile without Nsight (see cuda_profile in cuda.h).
// Every kernel launch and cuBLAS product is bracketed by a KernelTimer; while profiling is off it
// does nothing but test one flag.
#pragma once

#include <cstddef>

namespace buildgpt::cuda {

// Records an event on the stream when made and another when it goes, under `name` (a string
// that outlives the profile: a literal).
class KernelTimer {
 public:
  explicit KernelTimer(const char* name);
  ~KernelTimer();
  KernelTimer(const KernelTimer&) = delete;
  KernelTimer& operator=(const KernelTimer&) = delete;

 private:
  static constexpr size_t kOff = ~size_t{0};
  size_t mark_ = kOff;
};

}  // namespace buildgpt::cuda
