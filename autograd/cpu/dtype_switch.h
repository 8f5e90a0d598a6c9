// Runs a templated body with the C++ type that matches a runtime DType.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "autograd/dtype.h"
#include "autograd/tensor.h"

namespace buildgpt::cpu {

// Calls body(T{}) with T the C++ type of `dtype`: float, int32_t, int64_t or bool.
template <typename Body>
decltype(auto) dispatch_all(DType dtype, Body&& body) {
  switch (dtype) {
    case DType::Float32:
      return body(float{});
    case DType::Int32:
      return body(int32_t{});
    case DType::Int64:
      return body(int64_t{});
    case DType::Bool:
      return body(bool{});
  }
  return body(float{});
}

// Like dispatch_all for the numeric types; bool tensors are refused with an error naming the op.
template <typename Body>
decltype(auto) dispatch_numeric(const char* op, DType dtype, Body&& body) {
  if (dtype == DType::Bool) fail(op, std::string("does not support dtype ") + dtype_name(dtype));
  return dispatch_all(dtype, [&](auto zero) -> decltype(auto) {
    if constexpr (std::is_same_v<decltype(zero), bool>) {
      return body(float{});  // not reached: refused above
    } else {
      return body(zero);
    }
  });
}

}  // namespace buildgpt::cpu
