// One training step of nn::GPT (forward, cross-entropy, backward, AdamW) on random tokens, timed
// step by step; bench/torch_gpt_step.py is the same step in PyTorch, and
// scripts/bench_train_step.sh runs the two interleaved.
//
//   gpt_train_step --config small|gpt2 [--threads N] [--steps S] [--warmup W]
//
// small: vocabulary 50,257, width 128, 4 layers, 4 heads, batch 8 × 128 tokens; gpt2: GPT-2 124M,
// batch 4 × 64. The last line reads
//   ms_per_step=… tokens_per_s=… peak_rss_mib=… floor_ms_per_step=… blas_core=…
// with the median step's wall time, the floor: the step's matrix products alone (logged during
// one more step, then replayed) and the peak resident memory of the steps; the line before it
// gives the same medians in CPU time (cpu_ms_per_step=… floor_cpu_ms_per_step=…), which a busy
// machine inflates less. With BUILDGPT_PROFILE=1 (or =cpu) a table of each op's forward and
// backward wall (or CPU) time per step, means over the timed steps, comes first.
#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "autograd/cpu/allocator.h"
#include "autograd/cpu/blas_core.h"
#include "autograd/profile.h"
#include "bench/gemm_floor.h"
#include "bench/step_options.h"
#include "bench/stopwatch.h"
#include "nn/adamw.h"
#include "nn/gpt.h"

namespace buildgpt::bench {
namespace {

struct Options {
  std::string config = "small";
  int threads = 1, steps = 5, warmup = 2;
};

Options parse(int argc, char** argv) {
  Options o;
  CLI::App app(
      "One GPT training step (forward, cross-entropy, backward, AdamW), timed step by step",
      "gpt_train_step");
  app.add_option("--config", o.config, "the model and batch")
      ->check(CLI::IsMember({"small", "gpt2"}))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "OpenMP threads")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_step_options(app, o.steps, o.warmup);
  parse_or_exit(app, argc, argv);
  return o;
}

struct Workload {
  nn::GPTConfig model;
  int64_t batch, tokens;
};

Workload workload(const std::string& name) {
  if (name == "gpt2") return {nn::GPTConfig::preset("gpt2"), 4, 64};
  nn::GPTConfig small;
  small.width = 128;
  small.heads = 4;
  small.layers = 4;
  return {small, 8, 128};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double peak_rss_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  }
  return 0;
}

void print_profile(const std::vector<OpProfile>& ops, int steps, double step_ms,
                   double optimizer_ms) {
  std::printf("per step, %s time:\n%-28s %8s %10s %10s %7s\n", profile_clock_name(), "op", "calls",
              "fwd ms", "bwd ms", "share");
  double tracked = optimizer_ms;
  for (const OpProfile& p : ops) {
    const double fwd = 1e3 * p.forward_seconds / steps, bwd = 1e3 * p.backward_seconds / steps;
    tracked += fwd + bwd;
    std::printf("%-28s %8.0f %10.2f %10.2f %6.1f%%\n", p.op.c_str(),
                double(std::max(p.forward_calls, p.backward_calls)) / steps, fwd, bwd,
                100 * (fwd + bwd) / step_ms);
  }
  std::printf("%-28s %8d %10.2f %10s %6.1f%%\n", "adamw (optimizer step)", 1, optimizer_ms, "",
              100 * optimizer_ms / step_ms);
  std::printf("%-28s %8s %10.2f %10s %6.1f%%\n", "rest of the step", "", step_ms - tracked, "",
              100 * (step_ms - tracked) / step_ms);
}

int run(const Options& o) {
  omp_set_num_threads(o.threads);
  openblas_set_num_threads(o.threads);
  const Workload w = workload(o.config);
  Generator gen(1234);
  nn::GPT model(w.model, &gen);
  nn::AdamW optimizer(model.parameters(), {.lr = 6e-4, .weight_decay = 0.1});
  const int64_t rows = w.batch * w.tokens, vocab = w.model.vocab_size;
  const Tensor ids = randint(0, vocab, {w.batch, w.tokens}, &gen);
  const Tensor targets = randint(0, vocab, {rows}, &gen);
  std::printf(
      "gpt_train_step: config %s (vocab %lld, width %lld, %lld layers, %lld heads), "
      "batch %lld x %lld, %d threads, %lld parameters\nblas: %s\n",
      o.config.c_str(), (long long)vocab, (long long)w.model.width, (long long)w.model.layers,
      (long long)w.model.heads, (long long)w.batch, (long long)w.tokens, o.threads,
      (long long)model.num_parameters(), cpu::blas_description().c_str());

  const bool cpu_profile = std::string(profile_clock_name()) == "cpu";
  double optimizer_seconds = 0;  // by the profile's clock
  auto step = [&] {
    optimizer.zero_grad();
    profile_restart();
    const Tensor loss = cross_entropy(view(model.forward(ids), {rows, vocab}), targets);
    loss.backward();
    const Stopwatch watch;
    optimizer.step();
    const Elapsed e = watch.elapsed();
    optimizer_seconds += cpu_profile ? e.cpu : e.wall;
    return loss.item();
  };
  for (int i = 0; i < o.warmup; ++i) step();
  profile_take();
  optimizer_seconds = 0;
  const size_t requested_before = cpu_allocator_stats().requested_bytes;
  std::vector<double> times, cpu_times;
  for (int i = 0; i < o.steps; ++i) {
    const Stopwatch watch;
    const double loss = step();
    const Elapsed e = watch.elapsed();
    times.push_back(e.wall);
    cpu_times.push_back(e.cpu);
    std::printf("step %d: %.1f ms (CPU %.1f ms), loss %.4f\n", i + 1, 1e3 * e.wall, 1e3 * e.cpu,
                loss);
    std::fflush(stdout);
  }
  const double allocated_mib =
      double(cpu_allocator_stats().requested_bytes - requested_before) / o.steps / (1 << 20);
  const double step_s = median(times), peak_rss = peak_rss_mib();
  if (profile_enabled()) {
    double total = 0;
    for (double t : cpu_profile ? cpu_times : times) total += t;
    print_profile(profile_take(), o.steps, 1e3 * total / o.steps,
                  1e3 * optimizer_seconds / o.steps);
  }

  cpu::gemm_log_enable(true);
  step();
  cpu::gemm_log_enable(false);
  const std::vector<cpu::GemmCall> calls = cpu::gemm_log_take();
  const Elapsed floor = replay(calls, 3);
  const double floor_s = floor.wall;
  std::printf(
      "matrix products: %zu calls, %.1f GFLOP per step, alone %.1f ms (%.1f GFLOP/s); "
      "tensors allocated per step %.1f MiB\n",
      calls.size(), gemm_flops(calls) / 1e9, 1e3 * floor_s, gemm_flops(calls) / floor_s / 1e9,
      allocated_mib);
  std::printf("cpu_ms_per_step=%.1f floor_cpu_ms_per_step=%.1f\n", 1e3 * median(cpu_times),
              1e3 * floor.cpu);
  std::printf(
      "ms_per_step=%.1f tokens_per_s=%.1f peak_rss_mib=%.0f floor_ms_per_step=%.1f "
      "blas_core=%s\n",
      1e3 * step_s, double(rows) / step_s, peak_rss, 1e3 * floor_s, cpu::current_core().c_str());
  return 0;
}

}  // namespace
}  // namespace buildgpt::bench

int main(int argc, char** argv) { return buildgpt::bench::run(buildgpt::bench::parse(argc, argv)); }
