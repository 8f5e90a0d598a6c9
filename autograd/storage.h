// Storage: one block of bytes on one device, shared by the tensors that view it.
#pragma once

#include <cstddef>
#include <memory>

#include "autograd/device.h"

namespace buildgpt {

class Storage {
 public:
  Storage(size_t nbytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }

 private:
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  Device device_;
};

// The CPU allocator keeps freed blocks in power-of-two buckets and hands them out again, so a
// training step reuses memory instead of going back to the system for every temporary tensor.
struct CpuAllocatorStats {
  size_t cached_bytes = 0;     // freed blocks kept for reuse
  size_t allocated_bytes = 0;  // blocks handed out and not yet returned
  size_t hits = 0;             // allocations served from the cache
  size_t misses = 0;           // allocations that went to the system
};
CpuAllocatorStats cpu_allocator_stats();
// Returns every cached block to the system.
void cpu_allocator_release_cache();

}  // namespace buildgpt
