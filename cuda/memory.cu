// Memory kernels of the GPU: allocation through the caching allocator, copies, fills, casts,
// ranges and random fills.
#include <cmath>
#include <type_traits>

#include "autograd/cpu/dtype_switch.h"
#include "cuda/allocator.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/random_draws.cuh"

namespace buildgpt::cuda {
namespace {

using cpu::dispatch_all;
using cpu::dispatch_numeric;

template <typename T>
__global__ void fill_kernel(T* out, int64_t n, T value) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) out[i] = value;
}

template <typename S, typename D>
__global__ void cast_kernel(const S* in, D* out, int64_t n) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) out[i] = static_cast<D>(in[i]);
}

// start + i · step in double, rounded as the CPU rounds it (no fused multiply-add).
template <typename T>
__global__ void arange_kernel(T* out, int64_t n, double start, double step) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    out[i] = static_cast<T>(__dadd_rn(start, __dmul_rn(static_cast<double>(i), step)));
  }
}

// Elements each thread draws in sequence after one jump ahead.
constexpr int64_t kRun = 4;

// Element i is the value the CPU's generator makes at draw i · draws_per_element(kind) from
// `start` (random_draws.cuh); T is int64_t for Integer, float otherwise.
template <typename T>
__global__ void random_kernel(T* out, int64_t n, Distribution kind, Pcg32 start, double a,
                              double b) {
  const int64_t runs = (n + kRun - 1) / kRun;
  for (int64_t r = grid_first(); r < runs; r += grid_stride()) {
    Pcg32 g = start;
    g.advance(static_cast<uint64_t>(r * kRun) * draws_per_element(kind));
    const int64_t end = (r + 1) * kRun < n ? (r + 1) * kRun : n;
    for (int64_t i = r * kRun; i < end; ++i) {
      if constexpr (std::is_same_v<T, int64_t>) {
        out[i] = draw_integer(g, a, b);
      } else {
        out[i] = draw_float(kind, g, a, b);
      }
    }
  }
}

}  // namespace

void* CudaBackend::allocate(size_t nbytes, Device device) {
  if (device.index != 0) {
    throw std::invalid_argument("device " + device.str() +
                                " is not available: the CUDA backend drives one GPU, cuda:0");
  }
  return allocate_device(nbytes);
}

void CudaBackend::deallocate(void* data, size_t nbytes, Device) { deallocate_device(data, nbytes); }

// Two tensors overlap only when they share storage (views start where their storage starts), and
// then there is nothing to copy.
void CudaBackend::copy(const Tensor& src, Tensor& dst) {
  if (dst.nbytes() == 0 || src.raw_data() == dst.raw_data()) return;
  BUILDGPT_CUDA_CHECK("copy", cudaMemcpyAsync(dst.raw_data(), src.raw_data(), dst.nbytes(),
                                              cudaMemcpyDeviceToDevice, stream()));
}

// From pageable memory the call returns once the bytes are staged, so `src` may go at once.
void CudaBackend::copy_from_host(const void* src, Tensor& dst) {
  if (dst.nbytes() == 0) return;
  BUILDGPT_CUDA_CHECK("copy_from_host", cudaMemcpyAsync(dst.raw_data(), src, dst.nbytes(),
                                                        cudaMemcpyHostToDevice, stream()));
}

void CudaBackend::copy_to_host(const Tensor& src, void* dst) {
  if (src.nbytes() == 0) return;
  BUILDGPT_CUDA_CHECK("copy_to_host", cudaMemcpyAsync(dst, src.raw_data(), src.nbytes(),
                                                      cudaMemcpyDeviceToHost, stream()));
  BUILDGPT_CUDA_CHECK("copy_to_host", cudaStreamSynchronize(stream()));
}

void CudaBackend::fill(Tensor& out, double value) {
  if (out.numel() == 0) return;
  if (value == 0 && !std::signbit(value)) {  // every dtype's zero is all zero bits
    BUILDGPT_CUDA_CHECK("fill", cudaMemsetAsync(out.raw_data(), 0, out.nbytes(), stream()));
    return;
  }
  dispatch_all(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(out.numel(), "fill", "fill_kernel", fill_kernel<T>, ptr<T>(out), out.numel(),
                static_cast<T>(value));
  });
}

void CudaBackend::cast(const Tensor& x, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto src_zero) {
    using S = decltype(src_zero);
    dispatch_all(out.dtype(), [&](auto dst_zero) {
      using D = decltype(dst_zero);
      launch_over(x.numel(), "cast", "cast_kernel", cast_kernel<S, D>, ptr<S>(x), ptr<D>(out),
                  x.numel());
    });
  });
}

void CudaBackend::arange(Tensor& out, double start, double step) {
  dispatch_numeric("arange", out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(out.numel(), "arange", "arange_kernel", arange_kernel<T>, ptr<T>(out), out.numel(),
                start, step);
  });
}

// The CPU's values, drawn by counter (random_draws.cuh); the generator then stands where the CPU's
// would after drawing the whole tensor.
void CudaBackend::random_fill(Tensor& out, Distribution kind, Scalars s, Generator& gen) {
  const Generator::State state = gen.get_state();
  const Pcg32 start{state.state, state.inc};
  const int64_t n = out.numel(), runs = (n + kRun - 1) / kRun;
  if (kind == Distribution::Integer) {
    launch_over(runs, "random_fill", "random_kernel", random_kernel<int64_t>, ptr<int64_t>(out), n,
                kind, start, s.a, s.b);
  } else {
    launch_over(runs, "random_fill", "random_kernel", random_kernel<float>, ptr<float>(out), n,
                kind, start, s.a, s.b);
  }
  Pcg32 end = start;
  end.advance(static_cast<uint64_t>(out.numel()) * draws_per_element(kind));
  gen.set_state({state.seed, end.state, end.inc});
}

}  // namespace buildgpt::cuda
