// Making tensors: constants, ranges, values from C++ containers, and random tensors, each on the
// device asked for (the CPU by default).
#pragma once

#include <initializer_list>
#include <vector>

#include "autograd/generator.h"
#include "autograd/tensor.h"

namespace buildgpt {

Tensor empty(const Shape& shape, DType dtype = kFloat32, Device device = Device::cpu());
Tensor zeros(const Shape& shape, DType dtype = kFloat32, Device device = Device::cpu());
Tensor ones(const Shape& shape, DType dtype = kFloat32, Device device = Device::cpu());
Tensor full(const Shape& shape, double value, DType dtype = kFloat32,
            Device device = Device::cpu());
Tensor zeros_like(const Tensor& t);
Tensor ones_like(const Tensor& t);
// [0, end) and [start, end) by step; int64 unless another dtype is asked for.
Tensor arange(int64_t end, DType dtype = kInt64, Device device = Device::cpu());
Tensor arange(double start, double end, double step = 1, DType dtype = kInt64,
              Device device = Device::cpu());

// Copies `values` into a new tensor of `shape` (a 1-D tensor when shape is empty).
template <typename T>
Tensor from_vector(const std::vector<T>& values, Shape shape = {}, Device device = Device::cpu());
// float32 and int64 literals: tensor({1, 2, 3, 4}, {2, 2}), int_tensor({0, 5, 2}).
Tensor tensor(std::initializer_list<float> values, Shape shape = {}, Device device = Device::cpu());
Tensor int_tensor(std::initializer_list<int64_t> values, Shape shape = {},
                  Device device = Device::cpu());
// A 0-dimensional float32 tensor.
Tensor scalar_tensor(double value, Device device = Device::cpu());

// Random tensors (float32) from `gen`, or the default generator when gen is null. The values
// are drawn in order from the generator, so one seed gives the same tensor on every device.
Tensor randn(const Shape& shape, Generator* gen = nullptr, Device device = Device::cpu());
Tensor rand(const Shape& shape, Generator* gen = nullptr, Device device = Device::cpu());
Tensor uniform(const Shape& shape, double low, double high, Generator* gen = nullptr,
               Device device = Device::cpu());
Tensor normal(const Shape& shape, double mean, double std, Generator* gen = nullptr,
              Device device = Device::cpu());
// Integers uniform in [low, high), int64.
Tensor randint(int64_t low, int64_t high, const Shape& shape, Generator* gen = nullptr,
               Device device = Device::cpu());

}  // namespace buildgpt
