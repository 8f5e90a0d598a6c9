// Page-locked host memory for copies to the GPU that do not wait for its queue. A block given
// back records an event on the stream; it is handed out again only once that event has passed,
// that is once every copy queued from it has read it. Blocks are kept by power-of-two size class
// and never returned to the driver (staging serves small tensors: a step's batch).
#include <cuda_runtime_api.h>

#include <algorithm>
#include <bit>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cuda/check.h"
#include "cuda/context.h"
#include "cuda/cuda_backend.h"

namespace buildgpt::cuda {
namespace {

struct PinnedBlock {
  void* data = nullptr;
  cudaEvent_t read = nullptr;  // recorded when the block is given back
};

class PinnedAllocator {
 public:
  void* allocate(size_t nbytes) {
    const size_t size = size_class(nbytes);
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<PinnedBlock>& blocks = free_[size];
    for (auto it = blocks.begin(); it != blocks.end(); ++it) {
      const cudaError_t status = cudaEventQuery(it->read);
      if (status == cudaErrorNotReady) continue;
      check_cuda(status, "allocate_pinned", "cudaEventQuery");
      const PinnedBlock block = *it;
      blocks.erase(it);
      in_use_[block.data] = block;
      return block.data;
    }
    PinnedBlock block;
    BUILDGPT_CUDA_CHECK("allocate_pinned", cudaHostAlloc(&block.data, size, cudaHostAllocDefault));
    BUILDGPT_CUDA_CHECK("allocate_pinned",
                        cudaEventCreateWithFlags(&block.read, cudaEventDisableTiming));
    in_use_[block.data] = block;
    return block.data;
  }

  void deallocate(void* data, size_t nbytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    const PinnedBlock block = in_use_.at(data);
    in_use_.erase(data);
    // Called from destructors, so it does not throw: a block whose event cannot be recorded
    // stays out of the cache.
    if (cudaEventRecord(block.read, stream()) != cudaSuccess) {
      cudaGetLastError();
      return;
    }
    free_[size_class(nbytes)].push_back(block);
  }

 private:
  static size_t size_class(size_t nbytes) { return std::bit_ceil(std::max<size_t>(nbytes, 4096)); }

  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<PinnedBlock>> free_;
  std::unordered_map<void*, PinnedBlock> in_use_;
};

// Never destroyed, as the device allocator: the driver reclaims the blocks at exit.
PinnedAllocator& pinned_allocator() {
  static auto* a = new PinnedAllocator;
  return *a;
}

}  // namespace

void* CudaBackend::allocate_pinned(size_t nbytes) { return pinned_allocator().allocate(nbytes); }

void CudaBackend::deallocate_pinned(void* data, size_t nbytes) {
  pinned_allocator().deallocate(data, nbytes);
}

}  // namespace buildgpt::cuda
