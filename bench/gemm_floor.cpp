#include "bench/gemm_floor.h"

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace buildgpt::bench {
namespace {

// Elements each operand of a call spans as stored.
int64_t a_size(const cpu::GemmCall& c) { return (c.trans_a ? c.k : c.m) * c.lda; }
int64_t b_size(const cpu::GemmCall& c) { return (c.trans_b ? c.n : c.k) * c.ldb; }
int64_t c_size(const cpu::GemmCall& c) { return c.m * c.ldc; }

struct Buffers {
  std::vector<float> a, b, c;
  explicit Buffers(const std::vector<cpu::GemmCall>& calls) {
    int64_t na = 1, nb = 1, nc = 1;
    for (const cpu::GemmCall& call : calls) {
      na = std::max(na, a_size(call));
      nb = std::max(nb, b_size(call));
      nc = std::max(nc, c_size(call));
    }
    a.assign(na, 0.5f);
    b.assign(nb, 0.25f);
    c.assign(nc, 0.0f);
  }
  void run(const cpu::GemmCall& call) {
    cpu::sgemm(call.trans_a, call.trans_b, call.m, call.n, call.k, 1.0f, a.data(), call.lda,
               b.data(), call.ldb, 0.0f, c.data(), call.ldc);
  }
};

void replay_once(const std::vector<cpu::GemmCall>& calls, std::vector<Buffers>& buffers) {
  for (size_t i = 0; i < calls.size();) {
    if (!calls[i].in_parallel) {
      buffers[0].run(calls[i++]);
      continue;
    }
    size_t end = i;
    while (end < calls.size() && calls[end].in_parallel) ++end;
    const auto first = static_cast<int64_t>(i), last = static_cast<int64_t>(end);
#pragma omp parallel for schedule(static)
    for (int64_t j = first; j < last; ++j) buffers[omp_get_thread_num()].run(calls[j]);
    i = end;
  }
}

}  // namespace

Elapsed replay(const std::vector<cpu::GemmCall>& calls, int repetitions) {
  std::vector<Buffers> buffers(omp_get_max_threads(), Buffers(calls));
  replay_once(calls, buffers);
  std::vector<double> wall, cpu;
  for (int r = 0; r < repetitions; ++r) {
    const Stopwatch watch;
    replay_once(calls, buffers);
    const Elapsed e = watch.elapsed();
    wall.push_back(e.wall);
    cpu.push_back(e.cpu);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

double gemm_flops(const std::vector<cpu::GemmCall>& calls) {
  double flops = 0;
  for (const cpu::GemmCall& c : calls) flops += 2.0 * double(c.m) * double(c.n) * double(c.k);
  return flops;
}

}  // namespace buildgpt::bench
