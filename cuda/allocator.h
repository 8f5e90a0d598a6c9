// The caching device allocator: freed blocks are kept by size class and handed out again, so a
// training step that makes the same tensors every step calls cudaMalloc only in its first step.
// All work runs on one stream, so a block freed on the host may be reused at once: the kernels
// of its next owner queue behind those of its last.
#pragma once

#include <cstddef>

namespace buildgpt::cuda {

// Throws CudaOutOfMemory (saying how much was asked and how much is in use) when the device is
// full even after the cache is given back.
void* allocate_device(size_t nbytes);
void deallocate_device(void* data, size_t nbytes);

// Device memory for the scratch of one kernel call, back in the cache at the end of the scope.
class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t nbytes) : nbytes_(nbytes), data_(allocate_device(nbytes)) {}
  ~DeviceBuffer() { deallocate_device(data_, nbytes_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  template <typename T>
  T* as() const {
    return static_cast<T*>(data_);
  }
  size_t nbytes() const { return nbytes_; }

 private:
  size_t nbytes_;
  void* data_;
};

}  // namespace buildgpt::cuda
