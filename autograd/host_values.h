// Reading a tensor's elements on the host, for the argument checks that depend on values (indices
// in range, valid weights): the tensor's own memory on the CPU, a copy from any other device.
#pragma once

#include <cstdint>

#include "autograd/tensor.h"

namespace buildgpt {

// Calls body(values, count) with t's elements (of C++ type T, matching t's dtype) in host memory.
template <typename T, typename Body>
void read_on_host(const Tensor& t, Body&& body) {
  const Tensor host = t.device().is_cpu() ? t : t.detach().to(Device::cpu());
  body(host.data<T>(), host.numel());
}

}  // namespace buildgpt
