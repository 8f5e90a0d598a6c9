#include "cuda/profile.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cuda/check.h"
#include "cuda/context.h"
#include "cuda/cuda.h"

namespace buildgpt::cuda {
namespace {

// One timed launch: its name and the events recorded before and after it.
struct Mark {
  const char* name;
  cudaEvent_t start, end;
};

class Profiler {
 public:
  std::atomic<bool> on{false};

  size_t begin(const char* name) {
    std::lock_guard<std::mutex> lock(mutex_);
    Mark mark{name, event(), event()};
    if (!mark.start || !mark.end || cudaEventRecord(mark.start, stream()) != cudaSuccess) {
      cudaGetLastError();
      return ~size_t{0};
    }
    marks_.push_back(mark);
    return marks_.size() - 1;
  }

  // From a destructor: errors leave the mark without an end, and it is skipped.
  void end(size_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index < marks_.size() && cudaEventRecord(marks_[index].end, stream()) != cudaSuccess) {
      cudaGetLastError();
      marks_[index].name = nullptr;
    }
  }

  std::vector<CudaKernelTime> report() {
    BUILDGPT_CUDA_CHECK("cuda_profile", cudaStreamSynchronize(stream()));
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, CudaKernelTime> by_name;
    for (const Mark& m : marks_) {
      float ms = 0;
      if (m.name && cudaEventElapsedTime(&ms, m.start, m.end) == cudaSuccess) {
        CudaKernelTime& t = by_name[m.name];
        t.name = m.name;
        ++t.calls;
        t.ms += ms;
      }
      cudaGetLastError();
    }
    clear();
    std::vector<CudaKernelTime> out;
    for (auto& [name, t] : by_name) out.push_back(t);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.ms > b.ms; });
    return out;
  }

  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    clear();
  }

 private:
  // An event from the spares, or a new one (null when the driver refuses).
  cudaEvent_t event() {
    if (!spare_.empty()) {
      cudaEvent_t e = spare_.back();
      spare_.pop_back();
      return e;
    }
    cudaEvent_t e = nullptr;
    if (cudaEventCreate(&e) != cudaSuccess) {
      cudaGetLastError();
      return nullptr;
    }
    return e;
  }

  void clear() {
    for (const Mark& m : marks_) spare_.insert(spare_.end(), {m.start, m.end});
    marks_.clear();
  }

  std::mutex mutex_;
  std::vector<Mark> marks_;
  std::vector<cudaEvent_t> spare_;
};

Profiler& profiler() {
  static auto* p = new Profiler;  // never destroyed, as the allocators
  return *p;
}

}  // namespace

KernelTimer::KernelTimer(const char* name) {
  if (profiler().on.load(std::memory_order_relaxed)) mark_ = profiler().begin(name);
}

KernelTimer::~KernelTimer() {
  if (mark_ != kOff) profiler().end(mark_);
}

}  // namespace buildgpt::cuda

namespace buildgpt {

void set_cuda_profiling(bool enabled) {
  if (enabled && !cuda_available()) {
    throw std::invalid_argument("set_cuda_profiling: " + cuda_unavailable_reason());
  }
  cuda::profiler().on = enabled;
}

std::vector<CudaKernelTime> cuda_profile() { return cuda::profiler().report(); }

void cuda_profile_reset() { cuda::profiler().reset(); }

}  // namespace buildgpt
