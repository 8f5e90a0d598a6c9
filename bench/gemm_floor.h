// The matrix-product floor of a training step: its sgemm calls, logged during one step, replayed
// alone on buffers of the same shapes. Calls that ran inside a parallel region (attention's,
// one batch-head per thread) are replayed the same way: a run of them spread over the threads,
// one BLAS thread each.
#pragma once

#include <vector>

#include "autograd/cpu/blas.h"
#include "bench/stopwatch.h"

namespace buildgpt::bench {

// The time to run `calls` once: medians of `repetitions` runs (wall and CPU time apart), after
// one to warm up.
Elapsed replay(const std::vector<cpu::GemmCall>& calls, int repetitions);
// 2·m·n·k summed over the calls.
double gemm_flops(const std::vector<cpu::GemmCall>& calls);

}  // namespace buildgpt::bench
