// Memory kernels of the CPU: allocation through the caching allocator, copies, fills, casts,
// ranges and random fills.
#include <algorithm>
#include <cstring>

#include "autograd/cpu/allocator.h"
#include "autograd/cpu/blas_core.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/dtype_switch.h"
#include "autograd/cpu/pointwise.h"

namespace buildgpt::cpu {
namespace {

// Fills a float32 tensor element by element from `sample` (sequential: same seed, same values).
template <typename Sample>
void fill_from(Tensor& out, Sample sample) {
  float* p = ptr<float>(out);
  for (int64_t i = 0, n = out.numel(); i < n; ++i) p[i] = sample();
}

}  // namespace

CpuBackend& cpu_backend() {
  static CpuBackend backend;
  (void)kBlasCoreChosen;  // keeps the start-up choice of BLAS kernels in every program
  return backend;
}

void* CpuBackend::allocate(size_t nbytes, Device) { return allocate_host(nbytes); }

void CpuBackend::deallocate(void* data, size_t nbytes, Device) { deallocate_host(data, nbytes); }

// A CPU reads host memory directly: staging memory is ordinary memory.
void* CpuBackend::allocate_pinned(size_t nbytes) { return allocate_host(nbytes); }

void CpuBackend::deallocate_pinned(void* data, size_t nbytes) { deallocate_host(data, nbytes); }

MemoryInUse CpuBackend::memory_in_use() {
  const CpuAllocatorStats s = cpu_allocator_stats();
  return {s.allocated_bytes, s.peak_allocated_bytes};
}

void CpuBackend::reset_memory_peak() { cpu_allocator_reset_peak(); }

void CpuBackend::copy(const Tensor& src, Tensor& dst) {
  if (dst.nbytes()) std::memmove(dst.raw_data(), src.raw_data(), dst.nbytes());
}

void CpuBackend::copy_from_host(const void* src, Tensor& dst) {
  if (dst.nbytes()) std::memcpy(dst.raw_data(), src, dst.nbytes());
}

void CpuBackend::copy_to_host(const Tensor& src, void* dst) {
  if (src.nbytes()) std::memcpy(dst, src.raw_data(), src.nbytes());
}

void CpuBackend::fill(Tensor& out, double value) {
  dispatch_all(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* p = ptr<T>(out);
    const T v = static_cast<T>(value);
    parallel_for(out.numel(), kParallelGrain,
                 [&](int64_t b, int64_t e) { std::fill(p + b, p + e, v); });
  });
}

void CpuBackend::cast(const Tensor& x, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto src_zero) {
    using S = decltype(src_zero);
    dispatch_all(out.dtype(), [&](auto dst_zero) {
      using D = decltype(dst_zero);
      map_unary(ptr<S>(x), ptr<D>(out), x.numel(), [](S v) { return static_cast<D>(v); });
    });
  });
}

void CpuBackend::arange(Tensor& out, double start, double step) {
  dispatch_numeric("arange", out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* p = ptr<T>(out);
    for (int64_t i = 0, n = out.numel(); i < n; ++i) {
      p[i] = static_cast<T>(start + static_cast<double>(i) * step);
    }
  });
}

void CpuBackend::random_fill(Tensor& out, Distribution kind, Scalars s, Generator& gen) {
  switch (kind) {
    case Distribution::UnitFloat:
      fill_from(out, [&] { return gen.next_float(); });
      return;
    case Distribution::Uniform:
      fill_from(out, [&] { return static_cast<float>(s.a + (s.b - s.a) * gen.next_double()); });
      return;
    case Distribution::Normal:
      fill_from(out, [&] { return static_cast<float>(s.a + s.b * gen.next_normal()); });
      return;
    case Distribution::Integer: {
      const auto low = static_cast<int64_t>(s.a);
      const auto span = static_cast<uint64_t>(static_cast<int64_t>(s.b) - low);
      int64_t* p = ptr<int64_t>(out);
      for (int64_t i = 0, n = out.numel(); i < n; ++i) {
        p[i] = low + static_cast<int64_t>(static_cast<uint64_t>(gen.next_double() * span) % span);
      }
      return;
    }
  }
}

}  // namespace buildgpt::cpu
