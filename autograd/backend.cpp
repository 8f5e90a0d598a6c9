#include "autograd/backend.h"

#include <array>
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "autograd/cpu/cpu_backend.h"

namespace buildgpt {
namespace {

constexpr size_t kDeviceTypes = 2;

// The kernels of one device type, or the probe that finds them and why it found none.
struct Slot {
  std::atomic<Backend*> backend{nullptr};
  BackendProbe probe = nullptr;
  bool probed = false;
  std::string why;
};

// The kernels of each device type; the CPU's are always there.
struct Registry : std::array<Slot, kDeviceTypes> {
  Registry() { (*this)[0].backend = &cpu::cpu_backend(); }
};

Registry& registry() {
  static Registry table;
  return table;
}

std::mutex& probe_mutex() {
  static std::mutex m;
  return m;
}

size_t slot(DeviceType type) {
  const auto i = static_cast<size_t>(type);
  if (i >= kDeviceTypes) throw std::invalid_argument("unknown device type " + std::to_string(i));
  return i;
}

// The slot's kernels, running its probe once if it has one.
Backend* resolve(Slot& s) {
  if (Backend* b = s.backend.load(std::memory_order_acquire)) return b;
  std::lock_guard<std::mutex> lock(probe_mutex());
  if (s.probe && !s.probed) {
    s.probed = true;
    s.backend.store(s.probe(s.why), std::memory_order_release);
  }
  return s.backend.load(std::memory_order_acquire);
}

}  // namespace

Backend& backend_for(Device device) {
  Slot& s = registry()[slot(device.type)];
  Backend* backend = resolve(s);
  if (!backend) {
    std::lock_guard<std::mutex> lock(probe_mutex());
    throw std::invalid_argument(
        "device " + device.str() + " is not available: " +
        (s.why.empty() ? "no kernels for it are linked into this program (CUDA needs nvcc at "
                         "configure time, a program linked with buildgpt::cuda and a GPU)"
                       : s.why));
  }
  return *backend;
}

bool backend_available(DeviceType type) { return resolve(registry()[slot(type)]) != nullptr; }

void register_backend(DeviceType type, Backend* backend) {
  registry()[slot(type)].backend.store(backend, std::memory_order_release);
}

void register_backend_probe(DeviceType type, BackendProbe probe) {
  std::lock_guard<std::mutex> lock(probe_mutex());
  Slot& s = registry()[slot(type)];
  s.probe = probe;
  s.probed = false;
  s.why.clear();
}

}  // namespace buildgpt
