// The CPU allocator keeps freed blocks in power-of-two buckets and hands them out again, so a
// training step reuses memory instead of going back to the system for every temporary tensor.
#pragma once

#include <cstddef>

namespace buildgpt {

struct CpuAllocatorStats {
  size_t cached_bytes = 0;          // freed blocks kept for reuse
  size_t allocated_bytes = 0;       // blocks handed out and not yet returned
  size_t peak_allocated_bytes = 0;  // the most allocated_bytes has been since the last reset
  size_t hits = 0;                  // allocations served from the cache
  size_t misses = 0;                // allocations that went to the system
  size_t requested_bytes = 0;       // bytes asked for by every allocation so far
};
CpuAllocatorStats cpu_allocator_stats();
// Returns every cached block to the system.
void cpu_allocator_release_cache();
// Starts peak_allocated_bytes again from what is allocated now (to measure one computation).
void cpu_allocator_reset_peak();

namespace cpu {
void* allocate_host(size_t nbytes);
void deallocate_host(void* data, size_t nbytes);
}  // namespace cpu

}  // namespace buildgpt
