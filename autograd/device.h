// Where a tensor's storage lives: the CPU, or a GPU whose kernels the CUDA backend (cuda/) plugs
// in under the ops without touching their call sites.
#pragma once

#include <cstdint>
#include <string>

namespace buildgpt {

enum class DeviceType : uint8_t { CPU, CUDA };

struct Device {
  DeviceType type = DeviceType::CPU;
  int index = 0;

  static Device cpu() { return {DeviceType::CPU, 0}; }
  static Device cuda(int index = 0) { return {DeviceType::CUDA, index}; }
  bool is_cpu() const { return type == DeviceType::CPU; }
  bool is_cuda() const { return type == DeviceType::CUDA; }
  std::string str() const;
  friend bool operator==(const Device&, const Device&) = default;
};

}  // namespace buildgpt
