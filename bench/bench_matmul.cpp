// matmul against raw cblas_sgemm on the same buffers, at transformer-like sizes. Each case is
// [batch] x [M, K] · [K, N]; the FLOP/s counter counts 2·M·N·K per matrix (three products for
// forward plus backward).
#include <benchmark/benchmark.h>
#include <cblas.h>

#include "autograd/autograd.h"

namespace buildgpt {
namespace {

struct Case {
  int64_t batch, m, k, n;
};

Case case_of(const benchmark::State& state) {
  return {state.range(0), state.range(1), state.range(2), state.range(3)};
}

// [M, K] and [K, N] when batch is 1, else [batch, M, K] and [batch, K, N].
Shape operand_shape(int64_t batch, int64_t rows, int64_t cols) {
  return batch == 1 ? Shape{rows, cols} : Shape{batch, rows, cols};
}

void set_flops(benchmark::State& state, const Case& c, int products) {
  state.counters["FLOP/s"] = benchmark::Counter(
      static_cast<double>(products) * 2.0 * static_cast<double>(c.batch * c.m * c.n * c.k),
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_RawSgemm(benchmark::State& state) {
  const Case c = case_of(state);
  const Tensor a = randn(operand_shape(c.batch, c.m, c.k)),
               b = randn(operand_shape(c.batch, c.k, c.n));
  Tensor out = empty(operand_shape(c.batch, c.m, c.n));
  const float* pa = a.data<float>();
  const float* pb = b.data<float>();
  float* po = out.data<float>();
  for (auto _ : state) {
    for (int64_t i = 0; i < c.batch; ++i) {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(c.m),
                  static_cast<blasint>(c.n), static_cast<blasint>(c.k), 1.0f, pa + i * c.m * c.k,
                  static_cast<blasint>(c.k), pb + i * c.k * c.n, static_cast<blasint>(c.n), 0.0f,
                  po + i * c.m * c.n, static_cast<blasint>(c.n));
    }
    benchmark::DoNotOptimize(po);
    benchmark::ClobberMemory();
  }
  set_flops(state, c, 1);
}

void BM_Matmul(benchmark::State& state) {
  const Case c = case_of(state);
  const Tensor a = randn(operand_shape(c.batch, c.m, c.k)),
               b = randn(operand_shape(c.batch, c.k, c.n));
  for (auto _ : state) {
    Tensor out = matmul(a, b);
    benchmark::DoNotOptimize(out.raw_data());
  }
  set_flops(state, c, 1);
}

void BM_MatmulForwardBackward(benchmark::State& state) {
  const Case c = case_of(state);
  Tensor a = randn(operand_shape(c.batch, c.m, c.k)).requires_grad_();
  Tensor b = randn(operand_shape(c.batch, c.k, c.n)).requires_grad_();
  const Tensor grad = ones(operand_shape(c.batch, c.m, c.n));
  for (auto _ : state) {
    a.zero_grad();
    b.zero_grad();
    matmul(a, b).backward(grad);
    benchmark::DoNotOptimize(a.grad().raw_data());
  }
  set_flops(state, c, 3);
}

// batch, M, K, N: 8³, where the time is mostly per-call overhead; square sizes; GPT-2 small's MLP
// and attention projections at B·T = 4096; per-head attention scores (12 heads, T = 256, head
// size 64).
void transformer_sizes(benchmark::internal::Benchmark* b) {
  for (int64_t s : {8, 256, 512, 1024, 2048}) b->Args({1, s, s, s});
  b->Args({1, 4096, 768, 3072});
  b->Args({1, 4096, 768, 768});
  b->Args({12, 256, 64, 256});
  b->ArgNames({"batch", "M", "K", "N"})->UseRealTime()->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_RawSgemm)->Apply(transformer_sizes);
BENCHMARK(BM_Matmul)->Apply(transformer_sizes);
BENCHMARK(BM_MatmulForwardBackward)->Apply(transformer_sizes);

}  // namespace
}  // namespace buildgpt
