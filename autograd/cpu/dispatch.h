// Runs a templated body with the C++ type that matches a runtime DType.
#pragma once

#include <cstdint>
#include <string>

#include "autograd/dtype.h"
#include "autograd/tensor.h"

namespace buildgpt::cpu {

// Calls body(T{}) with T the C++ type of `dtype` among float, int32_t and int64_t; bool tensors
// are refused with an error naming the op.
template <typename Body>
decltype(auto) dispatch_numeric(const char* op, DType dtype, Body&& body) {
  switch (dtype) {
    case DType::Float32:
      return body(float{});
    case DType::Int32:
      return body(int32_t{});
    case DType::Int64:
      return body(int64_t{});
    case DType::Bool:
      break;
  }
  fail(op, std::string("does not support dtype ") + dtype_name(dtype));
}

// Like dispatch_numeric, bool included.
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

}  // namespace buildgpt::cpu
