#include "autograd/creation.h"

#include <cmath>
#include <type_traits>

#include "autograd/backend.h"

namespace buildgpt {
namespace {

Generator& pick(Generator* gen) { return gen ? *gen : default_generator(); }

Tensor random_tensor(const Shape& shape, DType dtype, Device device, Distribution kind, Scalars s,
                     Generator* gen) {
  Tensor out = empty(shape, dtype, device);
  kernels_for(out).random_fill(out, kind, s, pick(gen));
  return out;
}

}  // namespace

Tensor empty(const Shape& shape, DType dtype, Device device) {
  return Tensor(shape, dtype, device);
}

Tensor full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor out = empty(shape, dtype, device);
  out.fill_(value);
  return out;
}

Tensor zeros(const Shape& shape, DType dtype, Device device) {
  return full(shape, 0, dtype, device);
}
Tensor ones(const Shape& shape, DType dtype, Device device) {
  return full(shape, 1, dtype, device);
}
Tensor zeros_like(const Tensor& t) { return zeros(t.shape(), t.dtype(), t.device()); }
Tensor ones_like(const Tensor& t) { return ones(t.shape(), t.dtype(), t.device()); }

Tensor arange(int64_t end, DType dtype, Device device) {
  return arange(0, static_cast<double>(end), 1, dtype, device);
}

Tensor arange(double start, double end, double step, DType dtype, Device device) {
  if (step == 0) fail("arange", "step must not be zero");
  if ((end - start) / step < 0) {
    fail("arange", "the range [" + std::to_string(start) + ", " + std::to_string(end) +
                       ") is not reachable with step " + std::to_string(step));
  }
  if (dtype == kBool) fail("arange", "does not support dtype bool");
  const auto n = static_cast<int64_t>(std::ceil((end - start) / step));
  Tensor out = empty({n}, dtype, device);
  kernels_for(out).arange(out, start, step);
  return out;
}

template <typename T>
Tensor from_vector(const std::vector<T>& values, Shape shape, Device device) {
  if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
  if (shape_numel(shape) != static_cast<int64_t>(values.size())) {
    fail("from_vector", std::to_string(values.size()) + " values do not fill shape " +
                            shape_str(shape) + " (" + std::to_string(shape_numel(shape)) +
                            " elements)");
  }
  Tensor out = empty(shape, dtype_of<T>(), device);
  if constexpr (std::is_same_v<T, bool>) {  // std::vector<bool> packs its bits
    const std::vector<uint8_t> bytes(values.begin(), values.end());
    kernels_for(out).copy_from_host(bytes.data(), out);
  } else {
    kernels_for(out).copy_from_host(values.data(), out);
  }
  return out;
}
template Tensor from_vector<float>(const std::vector<float>&, Shape, Device);
template Tensor from_vector<int32_t>(const std::vector<int32_t>&, Shape, Device);
template Tensor from_vector<int64_t>(const std::vector<int64_t>&, Shape, Device);
template Tensor from_vector<bool>(const std::vector<bool>&, Shape, Device);

Tensor tensor(std::initializer_list<float> values, Shape shape, Device device) {
  return from_vector(std::vector<float>(values), std::move(shape), device);
}

Tensor int_tensor(std::initializer_list<int64_t> values, Shape shape, Device device) {
  return from_vector(std::vector<int64_t>(values), std::move(shape), device);
}

Tensor scalar_tensor(double value, Device device) { return full({}, value, kFloat32, device); }

Tensor randn(const Shape& shape, Generator* gen, Device device) {
  return random_tensor(shape, kFloat32, device, Distribution::Normal, {0, 1}, gen);
}

Tensor rand(const Shape& shape, Generator* gen, Device device) {
  return random_tensor(shape, kFloat32, device, Distribution::UnitFloat, {}, gen);
}

Tensor uniform(const Shape& shape, double low, double high, Generator* gen, Device device) {
  if (!(low <= high))
    fail("uniform", "low " + std::to_string(low) + " > high " + std::to_string(high));
  return random_tensor(shape, kFloat32, device, Distribution::Uniform, {low, high}, gen);
}

Tensor normal(const Shape& shape, double mean, double std, Generator* gen, Device device) {
  if (!(std >= 0)) fail("normal", "std must be non-negative, got " + std::to_string(std));
  return random_tensor(shape, kFloat32, device, Distribution::Normal, {mean, std}, gen);
}

Tensor randint(int64_t low, int64_t high, const Shape& shape, Generator* gen, Device device) {
  if (low >= high) {
    fail("randint", "empty range [" + std::to_string(low) + ", " + std::to_string(high) + ")");
  }
  return random_tensor(shape, kInt64, device, Distribution::Integer,
                       {static_cast<double>(low), static_cast<double>(high)}, gen);
}

}  // namespace buildgpt
