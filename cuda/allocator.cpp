#include "cuda/allocator.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cuda/check.h"
#include "cuda/cuda.h"

namespace buildgpt::cuda {
namespace {

constexpr size_t kSmallStep = 512;  // below kLargeFrom, sizes round up to 512 bytes
constexpr size_t kLargeFrom = size_t{1} << 20;
constexpr int kLargeStepsPerDoubling = 8;  // above, to an eighth of their power of two

// The size class of a request: at most 12.5% above it (or 511 bytes for small ones), so freed
// blocks fit the next request of about the same size.
size_t size_class(size_t nbytes) {
  const size_t n = std::max<size_t>(nbytes, 1);
  const size_t step = n < kLargeFrom ? kSmallStep : std::bit_floor(n) / kLargeStepsPerDoubling;
  return (n + step - 1) / step * step;
}

std::string mib(size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

class DeviceAllocator {
 public:
  void* allocate(size_t nbytes) {
    const size_t size = size_class(nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        stats_.cached_bytes -= size;
        ++stats_.hits;
        note_allocated(size);
        return p;
      }
    }
    void* p = malloc_or_release(nbytes, size);
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.device_mallocs;
    note_allocated(size);
    return p;
  }

  void deallocate(void* p, size_t nbytes) {
    const size_t size = size_class(nbytes);
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.allocated_bytes -= size;
    stats_.cached_bytes += size;
    free_[size].push_back(p);
  }

  // Waits for the stream's work (a cached block may still be in use by a queued kernel), then
  // frees every cached block.
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stats_.cached_bytes == 0) return;
    BUILDGPT_CUDA_CHECK("release cache", cudaDeviceSynchronize());
    for (auto& [size, blocks] : free_) {
      for (void* p : blocks) {
        BUILDGPT_CUDA_CHECK("release cache", cudaFree(p));
        ++stats_.device_frees;
      }
      blocks.clear();
    }
    stats_.cached_bytes = 0;
  }

  CudaAllocatorStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.peak_allocated_bytes = stats_.allocated_bytes;
  }

 private:
  void note_allocated(size_t size) {
    stats_.allocated_bytes += size;
    stats_.peak_allocated_bytes = std::max(stats_.peak_allocated_bytes, stats_.allocated_bytes);
  }

  // cudaMalloc; when the device is full, the cache is given back and the call tried once more.
  void* malloc_or_release(size_t nbytes, size_t size) {
    void* p = nullptr;
    cudaError_t status = cudaMalloc(&p, size);
    if (status == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      release();
      status = cudaMalloc(&p, size);
    }
    if (status == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      size_t free_bytes = 0, total_bytes = 0;
      cudaMemGetInfo(&free_bytes, &total_bytes);
      const CudaAllocatorStats s = stats();
      throw CudaOutOfMemory("allocate: cuda:0 is out of memory: asked for " + mib(nbytes) + " (" +
                            std::to_string(nbytes) + " bytes), with " + mib(s.allocated_bytes) +
                            " in use by tensors, " + mib(s.cached_bytes) + " cached, " +
                            mib(free_bytes) + " free of " + mib(total_bytes));
    }
    check_cuda(status, "allocate", "cudaMalloc");
    return p;
  }

  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;
  CudaAllocatorStats stats_;
};

// Never destroyed: blocks still held by static tensors at exit are the driver's to reclaim.
DeviceAllocator& allocator() {
  static auto* a = new DeviceAllocator;
  return *a;
}

}  // namespace

void* allocate_device(size_t nbytes) { return allocator().allocate(nbytes); }
void deallocate_device(void* data, size_t nbytes) { allocator().deallocate(data, nbytes); }

}  // namespace buildgpt::cuda

namespace buildgpt {

CudaAllocatorStats cuda_allocator_stats() { return cuda::allocator().stats(); }
void cuda_allocator_reset_peak() { cuda::allocator().reset_peak(); }
void cuda_allocator_release_cache() { cuda::allocator().release(); }

}  // namespace buildgpt
