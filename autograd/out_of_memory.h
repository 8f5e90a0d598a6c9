// The error of an allocation a device cannot serve, whatever the device: it names the device and
// the bytes asked for, so a caller (a training loop) can say which step ran out and with what.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "autograd/device.h"

namespace buildgpt {

class OutOfMemory : public std::runtime_error {
 public:
  OutOfMemory(Device device, size_t requested_bytes, const std::string& message)
      : std::runtime_error(message), device(device), requested_bytes(requested_bytes) {}

  Device device;
  size_t requested_bytes;
};

}  // namespace buildgpt
