// Lesson 26: the memory of training, by formula and measured, and activation checkpointing's
// trade of memory for time; then the same formulas carried to GPT-2 XL, a 7B and a 100B model.
// All of it is ours: the course describes these costs, this lesson measures them.
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "autograd/device_status.h"
#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "measure.h"
#include "memory_model.h"
#include "plot/figure.h"
#include "scale_estimates.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr double kMB = 1e6;

struct Row {
  int64_t layers;
  bool checkpointed;
  TrainingMemory formula;
  MeasuredTraining measured;
  std::optional<MeasuredTraining> gpu;  // the same training on a GPU, when there is one
};

void print_rows(const std::vector<Row>& rows) {
  const bool gpu = rows.front().gpu.has_value();
  std::printf("\n%6s %5s | %9s %9s %9s %9s | %9s %9s %9s | %8s", "blocks", "ckpt", "state MB",
              "acts MB", "logits MB", "total MB", "tensors", "resident", "formula", "cpu s");
  if (gpu) std::printf(" | %9s %8s", "GPU", "GPU s");
  std::printf("\n%6s %5s | %39s | %9s %9s %9s | %8s", "", "", "by formula", "peak MB", "peak MB",
              "/ tensors", "1 thread");
  if (gpu) std::printf(" | %9s %8s", "peak MB", "(wall)");
  std::printf("\n");
  for (const Row& r : rows) {
    const TrainingMemory& f = r.formula;
    std::printf("%6lld %5s | %9.1f %9.1f %9.1f %9.1f | %9.1f %9.1f %9.2f | %8.3f",
                static_cast<long long>(r.layers), r.checkpointed ? "yes" : "no",
                (f.parameters + f.gradients + f.adamw) / kMB, f.activations / kMB, f.head / kMB,
                f.total() / kMB, r.measured.allocator_peak / kMB, r.measured.resident_peak / kMB,
                f.total() / r.measured.allocator_peak, r.measured.step_seconds);
    if (r.gpu) std::printf(" | %9.1f %8.4f", r.gpu->allocator_peak / kMB, r.gpu->step_seconds);
    std::printf("\n");
  }
}

// Left: memory against depth, the formula as lines and the measurements as points, with and
// without checkpointing; right: the processor time of a step.
void save_figure(const std::vector<Row>& rows, const std::filesystem::path& png, int64_t width,
                 int64_t tokens) {
  plot::Figure fig(1, 2);
  fig.title("Training memory and step time against depth, width " + std::to_string(width) + ", " +
            std::to_string(tokens) + " tokens a step, AdamW (ours)");
  plot::Plot& memory = fig.panel(0, 0);
  memory.title("peak memory of a training step: lines by formula, points measured")
      .xlabel("blocks")
      .ylabel("memory (MB)");
  plot::Plot& time = fig.panel(0, 1);
  time.title("processor time of a training step, one thread").xlabel("blocks").ylabel("seconds");
  for (const bool ckpt : {false, true}) {
    std::vector<double> depth, formula, tensors, resident, seconds, gpu;
    for (const Row& r : rows) {
      if (r.checkpointed != ckpt) continue;
      depth.push_back(static_cast<double>(r.layers));
      formula.push_back(r.formula.total() / kMB);
      tensors.push_back(r.measured.allocator_peak / kMB);
      resident.push_back(r.measured.resident_peak / kMB);
      seconds.push_back(r.measured.step_seconds);
      if (r.gpu) gpu.push_back(r.gpu->allocator_peak / kMB);
    }
    const std::string run = ckpt ? "checkpointed" : "plain";
    memory.line("formula, " + run, depth, formula)
        .scatter("tensors (the allocator's peak), " + run, depth, tensors)
        .scatter("resident (VmHWM), " + run, depth, resident);
    if (!gpu.empty()) memory.scatter("GPU tensors (its allocator's peak), " + run, depth, gpu);
    time.line(run, depth, seconds);
  }
  fig.size({1700, 650});
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--measure-child") {
    try {
      return run_measure_child(argc, argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s --measure-child: %s\n", argv[0], e.what());
      return 1;
    }
  }
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "26_memory_and_scale",
      "Lesson 26: the memory of training by formula and measured, activation checkpointing's "
      "trade of memory for time, and the formulas carried to GPT-2 XL, 7B and 100B models.");
  const std::vector<int64_t> depths =
      opt.quick ? std::vector<int64_t>{1, 2, 4} : std::vector<int64_t>{6, 12, 24, 48, 96};
  const nn::GPTConfig shape = lesson_config(1, false, opt.quick);
  const int64_t tokens = lesson_batch(opt.quick) * shape.context;
  std::printf(
      "1. Training memory by formula and measured: width %lld, %lld heads, vocabulary %lld, "
      "%lld tokens a step,\nAdamW; each configuration measured in a process of its own\n",
      static_cast<long long>(shape.width), static_cast<long long>(shape.heads),
      static_cast<long long>(shape.vocab_size), static_cast<long long>(tokens));
  const std::optional<std::string> no_gpu = device_unavailable(Device::cuda());
  const bool gpu = !no_gpu;
  if (gpu) {
    std::printf("and again on the GPU, its caching allocator's peak beside the CPU's\n");
  } else {
    std::printf("(the GPU's column appears where there is one; here: %s)\n", no_gpu->c_str());
  }
  std::vector<Row> rows;
  for (const int64_t layers : depths) {
    for (const bool ckpt : {false, true}) {
      const nn::GPTConfig c = lesson_config(layers, ckpt, opt.quick);
      Row row{layers, ckpt, training_memory(c, tokens, ckpt),
              measure_in_child(layers, ckpt, opt.quick, Device::cpu()), std::nullopt};
      if (gpu) row.gpu = measure_in_child(layers, ckpt, opt.quick, Device::cuda());
      rows.push_back(row);
      std::printf("  %lld blocks%s: measured\n", static_cast<long long>(layers),
                  ckpt ? ", checkpointed" : "");
    }
  }
  print_rows(rows);
  const auto png = opt.out_dir / "memory_vs_depth.png";
  save_figure(rows, png, shape.width, tokens);

  std::printf("\n2. Activation checkpointing's trade, measured\n");
  std::printf("%6s %14s %14s %10s %12s\n", "blocks", "plain MB", "ckpt MB", "saving", "time cost");
  for (size_t i = 0; i + 1 < rows.size(); i += 2) {
    const MeasuredTraining &plain = rows[i].measured, &ckpt = rows[i + 1].measured;
    std::printf("%6lld %14.1f %14.1f %9.1fx %11.2fx\n", static_cast<long long>(rows[i].layers),
                plain.allocator_peak / kMB, ckpt.allocator_peak / kMB,
                plain.allocator_peak / ckpt.allocator_peak, ckpt.step_seconds / plain.step_seconds);
  }

  std::printf("\n3. Beyond this machine\n");
  print_scale_tables(scale_models(), ComputeAssumptions{});
  std::printf("\nwrote %s\n", png.c_str());

  show_exercise("training_state_bytes of the deepest model", [&] {
    const nn::GPTConfig c = lesson_config(depths.back(), false, opt.quick);
    const TrainingMemory f = training_memory(c, tokens, false);
    std::printf("   %lld bytes (the formula above: %.0f)\n",
                static_cast<long long>(training_state_bytes(c.parameter_count())),
                f.parameters + f.gradients + f.adamw);
  });
  show_exercise("activation_values_per_token of one block", [&] {
    std::printf("   %lld values (the lesson's model: %lld)\n",
                static_cast<long long>(activation_values_per_token(shape.width, shape.heads)),
                static_cast<long long>(saved_values_per_token(shape.width, shape.heads)));
  });
  show_exercise("training_days of a 7B model on 256 GPUs", [&] {
    const ComputeAssumptions a;
    const double n = scale_models()[1].parameters;
    std::printf("   %.1f days\n",
                training_days(n, a.tokens_per_parameter * n, 256, a.peak_flops, a.utilisation));
  });
  return 0;
}
