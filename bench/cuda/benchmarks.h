// The GPU benchmarks of bench_cuda, each writing tab-separated lines that
// scripts/gpu_check.sh turns into the report's tables.
#pragma once

#include <iosfwd>

namespace buildgpt::bench {

// matmul <TAB> name <TAB> fp32|tf32 <TAB> ours ms <TAB> cuBLAS ms <TAB> ours TFLOP/s
void bench_products(std::ostream& out);
// op <TAB> name <TAB> ours ms, the names and shapes of bench/torch_peer_cuda.py
void bench_fused_ops(std::ostream& out);

}  // namespace buildgpt::bench
