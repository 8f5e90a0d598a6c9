// Causal attention forward + backward at GPT-2's head size (B 4, heads 12, d 64; T 256 and 1024):
// the fused, tiled scaled_dot_product_attention against the same formula from primitives
// (q kᵀ / √d, a -∞ mask above the diagonal, softmax, times v), whose T × T scores and
// probabilities stay alive for the backward. The workspace counter is the most memory the
// allocator held beyond the inputs during one forward + backward, in MiB.
#include <benchmark/benchmark.h>

#include <cmath>

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
  for (auto _ : state) {
    cpu_allocator_reset_peak();
    const size_t before = cpu_allocator_stats().allocated_bytes;
    attention(q, k, v, hidden).backward(grad);
    workspace = double(cpu_allocator_stats().peak_allocated_bytes - before) / (1 << 20);
    for (Tensor* x : {&q, &k, &v}) x->zero_grad();
  }
  state.counters["workspace_MiB"] = workspace;
  // One T × T float32 matrix per batch-head: what the workspace must stay below.
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
