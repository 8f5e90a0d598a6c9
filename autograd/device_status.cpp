#include "autograd/device_status.h"

#include <stdexcept>

#include "autograd/backend.h"

namespace buildgpt {

std::optional<std::string> device_unavailable(Device device) {
  try {
    backend_for(device);
    return std::nullopt;
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

void synchronize(Device device) { backend_for(device).synchronize(); }

}  // namespace buildgpt
