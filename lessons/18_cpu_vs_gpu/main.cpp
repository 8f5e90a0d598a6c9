// Lesson 18: Model 5 at GPT-2's size on the CPU and on the GPU. As the course: Model 5
// (vocabulary 50,257, width 768, context 1024, 12 heads, 12 blocks, exact GELU) at batch 8 of
// 1024 tokens, timing its creation, 5 forward passes and 5 training steps with AdamW (lr 1e-3)
// on each device: a table and a bar chart. Ours: the training steps run through nn::Trainer on
// the device (the batch copied once per step, nothing read back until the end), with the loss
// the notebook meant (cross-entropy of every position's next token), and each device's losses
// printed side by side; and a few steps of a small model with the notebook's own loss, which is
// not a loss at all.
#include <chrono>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "nn/adamw.h"
#include "nn/gpt.h"
#include "nn/trainer.h"
#include "plot/plot.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int kForwards = 5, kSteps = 5;  // the course's

struct Setup {
  nn::GPTConfig config;
  int64_t batch, seq_len;
};

// The course's Model 5 at batch 8 of 1024 tokens; a quick run a small model of the same shape.
Setup setup(bool quick) {
  if (!quick) return {nn::GPTConfig::preset("model5"), 8, 1024};
  nn::GPTConfig small = nn::GPTConfig::preset("model5");
  small.vocab_size = 512;
  small.context = 32;
  small.width = 64;
  small.heads = 4;
  small.layers = 2;
  return {small, 4, 32};
}

// What one device measured: seconds for each phase, and each training step's loss.
struct DeviceRun {
  double create = 0, forward = 0, train = 0;
  std::vector<double> losses;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Creates the model on `device` from seed 18 (the same weights on every device), then times the
// forward passes and the training steps on the batch `tokens` [B, T + 1]. Every phase ends by
// waiting for the device.
DeviceRun run_on_device(const Setup& s, const Tensor& tokens, Device device) {
  DeviceRun run;
  synchronize(device);
  auto start = std::chrono::steady_clock::now();
  Generator init(18);
  nn::GPT model(s.config, &init);
  model.to(device);
  synchronize(device);
  run.create = seconds_since(start);

  const Tensor inputs = tokens.narrow(1, 0, s.seq_len), targets = tokens.narrow(1, 1, s.seq_len);
  {
    const Tensor on_device = inputs.to(device);
    NoGradGuard no_grad;
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < kForwards; ++i) (void)model(on_device);
    synchronize(device);
    run.forward = seconds_since(start);
  }

  nn::AdamW optimizer(model.parameters(), {.lr = 1e-3});
  std::ostringstream quiet;
  nn::Trainer trainer(
      model, optimizer,
      {.max_steps = kSteps, .grad_clip = 0, .log_every = 0, .out = &quiet, .device = device});
  std::vector<Tensor> losses;
  const int64_t rows = s.batch * s.seq_len;
  start = std::chrono::steady_clock::now();
  trainer.fit(
      [&](int64_t) {
        return std::vector<Tensor>{inputs, targets};
      },
      [&](const std::vector<Tensor>& batch) {
        const Tensor logits = model(batch[0]).view({rows, s.config.vocab_size});
        losses.push_back(cross_entropy(logits, batch[1].view({rows})));
        return losses.back();
      });
  run.train = seconds_since(start);  // the trainer reads the last step's loss: the device is done
  for (const Tensor& loss : losses) run.losses.push_back(loss.item());
  return run;
}

void print_table(const DeviceRun& cpu, const std::optional<DeviceRun>& gpu) {
  const char* names[] = {"create the model", "5 forward passes", "5 training steps"};
  const double cpu_s[] = {cpu.create, cpu.forward, cpu.train};
  std::printf("\n%-18s %10s %10s %10s\n", "", "CPU (s)", "GPU (s)", "CPU / GPU");
  for (int i = 0; i < 3; ++i) {
    if (!gpu) {
      std::printf("%-18s %10.3f %10s %10s\n", names[i], cpu_s[i], "-", "-");
      continue;
    }
    const double gpu_s[] = {gpu->create, gpu->forward, gpu->train};
    std::printf("%-18s %10.3f %10.3f %10.1f\n", names[i], cpu_s[i], gpu_s[i], cpu_s[i] / gpu_s[i]);
  }
}

void save_chart(const DeviceRun& cpu, const std::optional<DeviceRun>& gpu, const std::string& what,
                const std::filesystem::path& png) {
  std::vector<plot::BarSeries> series = {{"CPU", {cpu.create, cpu.forward, cpu.train}}};
  if (gpu) series.push_back({"GPU", {gpu->create, gpu->forward, gpu->train}});
  plot::Plot p;
  p.title(what + (gpu ? "" : " (no GPU here: the CPU only)"))
      .xlabel("phase")
      .ylabel("wall time (s)")
      .bars({"create the model", "5 forward passes", "5 training steps"}, series);
  p.save(png);
}

// Ours: a few AdamW steps of the small model on the notebook's loss, NLL applied to raw logits
// with the last input token as the target, printed beside the cross-entropy of the same model.
void the_notebooks_loss(const Tensor& tokens, const Setup& small) {
  Generator init(18);
  nn::GPT model(small.config, &init);
  nn::AdamW optimizer(model.parameters(), {.lr = 1e-3});
  const Tensor inputs = tokens.narrow(1, 0, small.seq_len),
               targets = tokens.narrow(1, 1, small.seq_len);
  const int64_t rows = inputs.numel();
  std::printf(
      "\nours: the notebook's loss, NLL of the raw logits of the last input token, on the "
      "small model\n%6s %16s %16s\n",
      "step", "notebook's loss", "cross-entropy");
  for (int step = 1; step <= 20; ++step) {
    optimizer.zero_grad();
    const Tensor logits = model(inputs);
    const Tensor loss = nll_loss(logits.select(1, -1), inputs.select(1, -1));
    loss.backward();
    optimizer.step();
    if (step % 4 == 0 || step == 1) {
      NoGradGuard no_grad;
      const double ce =
          cross_entropy(model(inputs).view({rows, small.config.vocab_size}), targets.view({rows}))
              .item();
      std::printf("%6d %16.3f %16.3f\n", step, loss.item(), ce);
    }
  }
  std::printf(
      "the notebook's loss falls below zero and keeps falling: raising one logit is all it "
      "asks; the cross-entropy of the next tokens barely moves.\n");
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "18_cpu_vs_gpu",
      "Model 5 at GPT-2's size: creation, 5 forward passes and 5 training steps on CPU and GPU");
  const Setup s = setup(opt.quick);
  const std::optional<std::string> no_gpu = device_unavailable(Device::cuda());
  if (no_gpu) std::printf("no GPU: %s\nthis run times the CPU half only.\n", no_gpu->c_str());

  const nn::GPTConfig& c = s.config;
  char what[160];
  std::snprintf(what, sizeof what, "Model 5%s, %lld parameters, batch %lld x %lld tokens",
                opt.quick ? " made small" : "", static_cast<long long>(c.parameter_count()),
                static_cast<long long>(s.batch), static_cast<long long>(s.seq_len));
  std::printf("\n%s: vocabulary %lld, width %lld, %lld heads, %lld blocks\n", what,
              static_cast<long long>(c.vocab_size), static_cast<long long>(c.width),
              static_cast<long long>(c.heads), static_cast<long long>(c.layers));
  Generator data(1);
  const Tensor tokens = randint(0, c.vocab_size, {s.batch, s.seq_len + 1}, &data);

  std::printf("\nthe CPU ...\n");
  const DeviceRun cpu = run_on_device(s, tokens, Device::cpu());
  std::optional<DeviceRun> gpu;
  if (!no_gpu) {
    std::printf("the GPU ...\n");
    gpu = run_on_device(s, tokens, Device::cuda());
  }
  print_table(cpu, gpu);
  std::printf("\ntraining losses (cross-entropy, nats):\n%6s %10s %10s\n", "step", "CPU", "GPU");
  for (size_t i = 0; i < cpu.losses.size(); ++i) {
    std::printf("%6zu %10.4f %10s\n", i + 1, cpu.losses[i],
                gpu ? std::to_string(gpu->losses[i]).c_str() : "-");
  }

  const auto png = opt.out_dir / "cpu_vs_gpu.png";
  save_chart(cpu, gpu, what, png);
  std::printf("\nwrote %s\n", png.c_str());

  const Setup small = setup(true);
  Generator small_data(2);
  const Tensor small_tokens =
      randint(0, small.config.vocab_size, {small.batch, small.seq_len + 1}, &small_data);
  the_notebooks_loss(small_tokens, small);

  show_exercise("training_step on the small model, 3 steps", [&] {
    Generator init(18);
    nn::GPT model(small.config, &init);
    nn::AdamW optimizer(model.parameters(), {.lr = 1e-3});
    const Tensor x = small_tokens.narrow(1, 0, small.seq_len),
                 y = small_tokens.narrow(1, 1, small.seq_len);
    for (int i = 1; i <= 3; ++i) {
      std::printf("   step %d: loss %.4f\n", i, training_step(model, optimizer, x, y).item());
    }
  });
  show_exercise("course_loss against nll_loss of the last position", [&] {
    Generator init(18);
    nn::GPT model(small.config, &init);
    NoGradGuard no_grad;
    const Tensor x = small_tokens.narrow(1, 0, small.seq_len);
    const Tensor logits = model(x);
    std::printf("   yours %.4f, the library's %.4f\n", course_loss(logits, x).item(),
                nll_loss(logits.select(1, -1), x.select(1, -1)).item());
  });
  return 0;
}
