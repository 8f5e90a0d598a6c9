#include "autograd/cpu/allocator.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "autograd/out_of_memory.h"

namespace buildgpt {
namespace {

constexpr size_t kAlignment = 64;                    // a cache line; also fine for AVX-512
constexpr size_t kMaxCachedBytes = size_t{1} << 32;  // beyond this, freed blocks go back
constexpr int kBuckets = 64;

// Freed blocks by power-of-two size class. Blocks of one class are interchangeable.
class CpuAllocator {
 public:
  ~CpuAllocator() { release(); }

  void* allocate(size_t nbytes) {
    const int b = bucket_of(nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.allocated_bytes += size_t{1} << b;
      stats_.requested_bytes += nbytes;
      stats_.peak_allocated_bytes = std::max(stats_.peak_allocated_bytes, stats_.allocated_bytes);
      if (!free_[b].empty()) {
        void* p = free_[b].back();
        free_[b].pop_back();
        stats_.cached_bytes -= size_t{1} << b;
        ++stats_.hits;
        return p;
      }
      ++stats_.misses;
    }
    void* p = std::aligned_alloc(kAlignment, size_t{1} << b);
    if (!p) {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.allocated_bytes -= size_t{1} << b;
      throw OutOfMemory(Device::cpu(), nbytes,
                        "allocate: cpu is out of memory: asked for " + std::to_string(nbytes) +
                            " bytes, with " + std::to_string(stats_.allocated_bytes) +
                            " bytes in use by tensors and " + std::to_string(stats_.cached_bytes) +
                            " cached");
    }
    return p;
  }

  void deallocate(void* p, size_t nbytes) {
    const int b = bucket_of(nbytes);
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.allocated_bytes -= size_t{1} << b;
    if (stats_.cached_bytes + (size_t{1} << b) > kMaxCachedBytes) {
      std::free(p);
      return;
    }
    free_[b].push_back(p);
    stats_.cached_bytes += size_t{1} << b;
  }

  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& blocks : free_) {
      for (void* p : blocks) std::free(p);
      blocks.clear();
    }
    stats_.cached_bytes = 0;
  }

  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.peak_allocated_bytes = stats_.allocated_bytes;
  }

  CpuAllocatorStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

 private:
  static int bucket_of(size_t nbytes) {
    return std::bit_width(std::max(nbytes, kAlignment) - 1);  // log2 of the next power of two
  }

  std::mutex mutex_;
  std::vector<void*> free_[kBuckets];
  CpuAllocatorStats stats_;
};

CpuAllocator& cpu_allocator() {
  static CpuAllocator allocator;
  return allocator;
}

}  // namespace

namespace cpu {
void* allocate_host(size_t nbytes) { return cpu_allocator().allocate(nbytes); }
void deallocate_host(void* data, size_t nbytes) { cpu_allocator().deallocate(data, nbytes); }
}  // namespace cpu

CpuAllocatorStats cpu_allocator_stats() { return cpu_allocator().stats(); }
void cpu_allocator_release_cache() { cpu_allocator().release(); }
void cpu_allocator_reset_peak() { cpu_allocator().reset_peak(); }

}  // namespace buildgpt
