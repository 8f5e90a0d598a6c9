// The CUDA backend's own controls and statistics, for what the Backend interface does not cover.
// Host code only: including this header needs no CUDA headers. Tensors reach the GPU through
// Device::cuda(); these functions throw std::invalid_argument when no CUDA device is available.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace buildgpt {

// Whether tensors can be made on cuda:0 (this build has the CUDA backend and a GPU is present).
bool cuda_available();
// Why not, when cuda_available() is false ("no CUDA device (...)"); empty otherwise.
std::string cuda_unavailable_reason();
// The GPU's name and compute capability, e.g. "NVIDIA H100 80GB HBM3 (sm_90)".
std::string cuda_device_name();

// The caching device allocator (cuda/allocator.cpp) keeps freed blocks by size class and hands
// them out again, so a training step that makes the same tensors every step stops calling
// cudaMalloc after the first.
struct CudaAllocatorStats {
  size_t allocated_bytes = 0;       // blocks handed out and not yet returned (rounded sizes)
  size_t cached_bytes = 0;          // freed blocks kept for reuse
  size_t peak_allocated_bytes = 0;  // the largest allocated_bytes since the last reset
  size_t hits = 0;                  // allocations served from the cache
  size_t device_mallocs = 0;        // cudaMalloc calls (allocations the cache could not serve)
  size_t device_frees = 0;          // cudaFree calls (the cache given back)
};
CudaAllocatorStats cuda_allocator_stats();
void cuda_allocator_reset_peak();
// Waits for the GPU, then returns every cached block to the driver.
void cuda_allocator_release_cache();

// TF32 for matrix products: float32 inputs rounded to 10-bit mantissas on tensor cores, about
// 8x the throughput on A100/H100 at ~1e-3 relative error. Off by default, so products match the
// CPU's to float32 rounding (the parity tests and the course's numbers depend on that).
void set_cuda_tf32(bool enabled);
bool cuda_tf32();

// Blocks until every kernel queued on the backend's stream has finished (for timing).
void cuda_synchronize();

}  // namespace buildgpt
