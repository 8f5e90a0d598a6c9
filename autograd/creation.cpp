#include "autograd/creation.h"

#include <cmath>
#include <cstring>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/pointwise.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

Generator& pick(Generator* gen) { return gen ? *gen : default_generator(); }

// Fills a new float32 tensor element by element from `sample` (sequential: same seed, same values).
template <typename Sample>
Tensor random_tensor(const Shape& shape, Sample sample) {
  Tensor out = empty(shape);
  float* p = out.data<float>();
  for (int64_t i = 0, n = out.numel(); i < n; ++i) p[i] = sample();
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

Tensor arange(int64_t end, DType dtype) { return arange(0, static_cast<double>(end), 1, dtype); }

Tensor arange(double start, double end, double step, DType dtype) {
  if (step == 0) fail("arange", "step must not be zero");
  if ((end - start) / step < 0) {
    fail("arange", "the range [" + std::to_string(start) + ", " + std::to_string(end) +
                       ") is not reachable with step " + std::to_string(step));
  }
  const auto n = static_cast<int64_t>(std::ceil((end - start) / step));
  Tensor out = empty({n}, dtype);
  cpu::dispatch_numeric("arange", dtype, [&](auto zero) {
    using T = decltype(zero);
    T* p = out.data<T>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(start + static_cast<double>(i) * step);
  });
  return out;
}

template <typename T>
Tensor from_vector(const std::vector<T>& values, Shape shape) {
  if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
  if (shape_numel(shape) != static_cast<int64_t>(values.size())) {
    fail("from_vector", std::to_string(values.size()) + " values do not fill shape " +
                            shape_str(shape) + " (" + std::to_string(shape_numel(shape)) +
                            " elements)");
  }
  Tensor out = empty(shape, dtype_of<T>());
  std::copy(values.begin(), values.end(), out.data<T>());
  return out;
}
template Tensor from_vector<float>(const std::vector<float>&, Shape);
template Tensor from_vector<int32_t>(const std::vector<int32_t>&, Shape);
template Tensor from_vector<int64_t>(const std::vector<int64_t>&, Shape);
template Tensor from_vector<bool>(const std::vector<bool>&, Shape);

Tensor tensor(std::initializer_list<float> values, Shape shape) {
  return from_vector(std::vector<float>(values), std::move(shape));
}

Tensor int_tensor(std::initializer_list<int64_t> values, Shape shape) {
  return from_vector(std::vector<int64_t>(values), std::move(shape));
}

Tensor scalar_tensor(double value) { return full({}, value); }

Tensor randn(const Shape& shape, Generator* gen) {
  Generator& g = pick(gen);
  return random_tensor(shape, [&] { return g.next_normal(); });
}

Tensor rand(const Shape& shape, Generator* gen) {
  Generator& g = pick(gen);
  return random_tensor(shape, [&] { return g.next_float(); });
}

Tensor uniform(const Shape& shape, double low, double high, Generator* gen) {
  if (!(low <= high))
    fail("uniform", "low " + std::to_string(low) + " > high " + std::to_string(high));
  Generator& g = pick(gen);
  return random_tensor(shape,
                       [&] { return static_cast<float>(low + (high - low) * g.next_double()); });
}

Tensor normal(const Shape& shape, double mean, double std, Generator* gen) {
  if (!(std >= 0)) fail("normal", "std must be non-negative, got " + std::to_string(std));
  Generator& g = pick(gen);
  return random_tensor(shape, [&] { return static_cast<float>(mean + std * g.next_normal()); });
}

Tensor randint(int64_t low, int64_t high, const Shape& shape, Generator* gen) {
  if (low >= high) {
    fail("randint", "empty range [" + std::to_string(low) + ", " + std::to_string(high) + ")");
  }
  Generator& g = pick(gen);
  const auto span = static_cast<uint64_t>(high - low);
  Tensor out = empty(shape, kInt64);
  int64_t* p = out.data<int64_t>();
  for (int64_t i = 0, n = out.numel(); i < n; ++i) {
    p[i] = low + static_cast<int64_t>(static_cast<uint64_t>(g.next_double() * span) % span);
  }
  return out;
}

Tensor Tensor::clone() const {
  check_cpu("clone", *this);
  Tensor out = empty(shape(), dtype(), device());
  if (nbytes()) std::memcpy(out.raw_data(), raw_data(), nbytes());
  // d clone(x) = dx
  return record("clone", out, {*this},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {g}; });
}

Tensor Tensor::to(DType target) const {
  if (target == dtype()) return *this;
  check_cpu("to", *this);
  Tensor out = empty(shape(), target, device());
  cpu::dispatch_all(dtype(), [&](auto src_zero) {
    using S = decltype(src_zero);
    cpu::dispatch_all(target, [&](auto dst_zero) {
      using D = decltype(dst_zero);
      cpu::map_unary(data<S>(), out.data<D>(), numel(), [](S v) { return static_cast<D>(v); });
    });
  });
  return out;  // a change of dtype leaves float32, so no gradient flows through it
}

Tensor Tensor::to(Device target) const {
  if (target == device()) return *this;
  fail("to", "cannot move a tensor from " + device().str() + " to " + target.str() +
                 ": that device is not available in this build");
}

void Tensor::copy_(const Tensor& src) {
  check_defined("copy_", src, "source");
  if (src.shape() != shape()) {
    fail("copy_", "source shape " + shape_str(src.shape()) + " differs from destination " +
                      shape_str(shape()));
  }
  check_same_dtype("copy_", *this, src);
  check_cpu("copy_", *this);
  check_cpu("copy_", src);
  if (nbytes()) std::memmove(raw_data(), src.raw_data(), nbytes());
}

void Tensor::fill_(double value) {
  check_cpu("fill_", *this);
  cpu::dispatch_all(dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* p = data<T>();
    const T v = static_cast<T>(value);
    cpu::parallel_for(numel(), cpu::kParallelGrain,
                      [&](int64_t b, int64_t e) { std::fill(p + b, p + e, v); });
  });
}

}  // namespace buildgpt
