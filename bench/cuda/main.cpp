// bench_cuda: our GPU kernels against cuBLAS and, through bench/torch_peer_cuda.py, PyTorch.
// Writes tab-separated lines (see benchmarks.h); scripts/gpu_check.sh makes the tables.
#include <iostream>

#include "bench/cuda/benchmarks.h"
#include "cuda/cuda.h"

int main() {
  using namespace buildgpt;
  if (!cuda_available()) {
    std::cerr << "bench_cuda: " << cuda_unavailable_reason() << "\n";
    return 1;
  }
  std::cout << "device\t" << cuda_device_name() << std::endl;
  bench::bench_products(std::cout);
  bench::bench_fused_ops(std::cout);
  const CudaAllocatorStats s = cuda_allocator_stats();
  std::cout << "allocator\tpeak MiB\t" << static_cast<double>(s.peak_allocated_bytes) / (1 << 20)
            << std::endl;
  return 0;
}
