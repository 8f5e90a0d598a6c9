#include "autograd/backend.h"

#include <array>
#include <stdexcept>

#include "autograd/cpu/cpu_backend.h"

namespace buildgpt {
namespace {

constexpr size_t kDeviceTypes = 2;

// The kernels of each device type; the CPU's are always there.
std::array<Backend*, kDeviceTypes>& registry() {
  static std::array<Backend*, kDeviceTypes> table{&cpu::cpu_backend(), nullptr};
  return table;
}

size_t slot(DeviceType type) {
  const auto i = static_cast<size_t>(type);
  if (i >= kDeviceTypes) throw std::invalid_argument("unknown device type " + std::to_string(i));
  return i;
}

}  // namespace

Backend& backend_for(Device device) {
  Backend* backend = registry()[slot(device.type)];
  if (!backend) {
    throw std::invalid_argument("device " + device.str() +
                                " is not available: this build has no kernels for it (a CUDA "
                                "build needs nvcc at configure time and a GPU at run time)");
  }
  return *backend;
}

bool backend_available(DeviceType type) { return registry()[slot(type)] != nullptr; }

void register_backend(DeviceType type, Backend* backend) { registry()[slot(type)] = backend; }

}  // namespace buildgpt
