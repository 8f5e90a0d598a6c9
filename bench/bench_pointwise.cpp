// Pointwise ops: gelu (exact and tanh) forward and forward plus backward, and add (same shape and
// a [B, T, C] + [C] broadcast). Items are elements of the output.
#include <benchmark/benchmark.h>

#include "autograd/autograd.h"

namespace buildgpt {
namespace {

constexpr int64_t kT = 1024, kC = 1024;

// [B, T, C] with B from range 0: 1M elements (2^20) for B = 1, 8M for B = 8.
Shape btc(const benchmark::State& state) { return {state.range(0), kT, kC}; }

GeluApproximation approximation(const benchmark::State& state) {
  return state.range(1) == 0 ? GeluApproximation::None : GeluApproximation::Tanh;
}

void BM_Gelu(benchmark::State& state) {
  const Tensor x = randn(btc(state));
  const GeluApproximation approx = approximation(state);
  for (auto _ : state) {
    Tensor y = gelu(x, approx);
    benchmark::DoNotOptimize(y.raw_data());
  }
  state.SetItemsProcessed(state.iterations() * x.numel());
}

void BM_GeluForwardBackward(benchmark::State& state) {
  Tensor x = randn(btc(state)).requires_grad_();
  const Tensor grad = ones(x.shape());
  const GeluApproximation approx = approximation(state);
  for (auto _ : state) {
    x.zero_grad();
    gelu(x, approx).backward(grad);
    benchmark::DoNotOptimize(x.grad().raw_data());
  }
  state.SetItemsProcessed(state.iterations() * x.numel());
}

// Range 2: 0 adds a tensor of the same shape, 1 adds a [C] bias broadcast over B and T.
void BM_Add(benchmark::State& state) {
  const Tensor x = randn(btc(state));
  const Tensor y = state.range(1) == 0 ? randn(x.shape()) : randn({kC});
  for (auto _ : state) {
    Tensor z = add(x, y);
    benchmark::DoNotOptimize(z.raw_data());
  }
  state.SetItemsProcessed(state.iterations() * x.numel());
}

void sizes(benchmark::internal::Benchmark* b, const char* variant) {
  for (int64_t batch : {1, 8})
    for (int64_t v : {0, 1}) b->Args({batch, v});
  b->ArgNames({"B", variant})->UseRealTime()->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_Gelu)->Apply([](auto* b) { sizes(b, "tanh"); });
BENCHMARK(BM_GeluForwardBackward)->Apply([](auto* b) { sizes(b, "tanh"); });
BENCHMARK(BM_Add)->Apply([](auto* b) { sizes(b, "bias"); });

}  // namespace
}  // namespace buildgpt
