// Storage: one block of bytes on one device, shared by the tensors that view it.
#pragma once

#include <cstddef>
#include <memory>

#include "autograd/device.h"

namespace buildgpt {

class Backend;

// Allocated and freed by the kernels of its device.
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
  Backend* backend_;
};

}  // namespace buildgpt
