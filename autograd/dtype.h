// Element types a Tensor can hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace buildgpt {

enum class DType : uint8_t { Float32, Int32, Int64, Bool };

constexpr DType kFloat32 = DType::Float32;
constexpr DType kInt32 = DType::Int32;
constexpr DType kInt64 = DType::Int64;
constexpr DType kBool = DType::Bool;

size_t dtype_size(DType dtype);
const char* dtype_name(DType dtype);
bool is_floating(DType dtype);

// The DType that stores C++ type T (float, int32_t, int64_t, bool).
template <typename T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() {
  return DType::Float32;
}
template <>
constexpr DType dtype_of<int32_t>() {
  return DType::Int32;
}
template <>
constexpr DType dtype_of<int64_t>() {
  return DType::Int64;
}
template <>
constexpr DType dtype_of<bool>() {
  return DType::Bool;
}

}  // namespace buildgpt
