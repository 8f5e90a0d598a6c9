// Causal attention forward + backward at GPT-2's head size (B 4, heads 12, d 64; T 256 and 1024):
// the fused, tiled scaled_dot_product_attention against the same formula from primitives
// (q kᵀ / √d, a -∞ mask above the diagonal, softmax, times v), whose T × T scores and
// probabilities stay alive for the backward. Counters, in MiB: workspace, the most memory the
// allocator held beyond the inputs during one forward + backward (outputs and gradients
// included); rss_growth, how much the process's peak resident memory grew while the benchmark
// ran (meaningful when it runs alone: --benchmark_filter='AttentionFused/T:1024'); scores, one
// T × T float32 matrix per batch-head, the bound the workspace must stay under.
#include <benchmark/benchmark.h>

#include <cmath>
#include <fstream>
#include <string>

#include "autograd/autograd.h"
#include "autograd/cpu/allocator.h"

namespace buildgpt {
namespace {

constexpr int64_t kBatch = 4, kHeads = 12, kHeadWidth = 64;

Tensor leaf(const Shape& shape, uint64_t seed) {
  Generator gen(seed);
  Tensor t = randn(shape, &gen);
  t.requires_grad_(true);
  return t;
}

// VmHWM, the process's peak resident memory (getrusage's ru_maxrss would carry over the peak of
// the process that started this one).
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;  // kB
  }
  return 0;
}

Tensor naive_attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& hidden) {
  const Tensor scores = matmul(q, k.transpose(-2, -1)) / std::sqrt(double(kHeadWidth));
  return matmul(softmax(masked_fill(scores, hidden, -INFINITY), -1), v);
}

template <typename Attention>
void run(benchmark::State& state, Attention attention) {
  const int64_t t = state.range(0);
  const Shape shape{kBatch, kHeads, t, kHeadWidth};
  Tensor q = leaf(shape, 1), k = leaf(shape, 2), v = leaf(shape, 3);
  const Tensor grad = randn(shape);
  const Tensor hidden = gt(triu(ones({t, t}), 1), 0.5);
  double workspace = 0;
  const double rss_before = peak_rss_mib();
  for (auto _ : state) {
    cpu_allocator_reset_peak();
    const size_t before = cpu_allocator_stats().allocated_bytes;
    attention(q, k, v, hidden).backward(grad);
    workspace = double(cpu_allocator_stats().peak_allocated_bytes - before) / (1 << 20);
    for (Tensor* x : {&q, &k, &v}) x->zero_grad();
  }
  state.counters["workspace_MiB"] = workspace;
  state.counters["rss_growth_MiB"] = peak_rss_mib() - rss_before;
  state.counters["scores_MiB"] = double(kBatch * kHeads * t * t * 4) / (1 << 20);
}

void BM_AttentionFused(benchmark::State& state) {
  run(state, [](const Tensor& q, const Tensor& k, const Tensor& v, const Tensor&) {
    return scaled_dot_product_attention(q, k, v, /*is_causal=*/true);
  });
}

void BM_AttentionNaive(benchmark::State& state) { run(state, naive_attention); }

BENCHMARK(BM_AttentionFused)
    ->ArgName("T")
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AttentionNaive)
    ->ArgName("T")
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace buildgpt
