// gpt2_train_step: GPT-2 124M trained a few steps on one device through nn::Trainer (AdamW,
// gradients clipped to 1, TF32 products allowed on a GPU), reporting tokens per second,
// milliseconds per step and the peak of device memory held by tensors; bench/torch_gpt2_cuda.py
// measures PyTorch on the same model and prints the same lines. With BUILDGPT_CUDA_PROFILE=1 on a
// GPU, one more step is profiled kernel by kernel from CUDA events.
//
//   gpt2_train_step [--device cpu|cuda] [--batch 8] [--seq 1024] [--steps 10] [--warmup 2]
//                   [--no-tf32]
//
// Output, tab-separated: "device <name>", "setup <what was run>", then
// "result ours <tokens/s> <ms/step> <peak MiB>" and, when profiled,
// "kernel <name> <calls> <ms in the step> <share %>".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "autograd/backend.h"
#include "bench/step_options.h"
#include "bench/train/device_info.h"
#include "nn/adamw.h"
#include "nn/gpt.h"
#include "nn/trainer.h"

namespace {

using namespace buildgpt;

struct Options {
  Device device = Device::cuda();
  int64_t batch = 8, seq = 1024, steps = 10, warmup = 2;
  bool tf32 = true;
};

Options parse(int argc, char** argv) {
  Options o;
  std::string device = "cuda";
  CLI::App app("GPT-2 124M trained a few steps on one device through nn::Trainer",
               "gpt2_train_step");
  app.add_option("--device", device, "where to train")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  app.add_option("--batch", o.batch, "sequences a step")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seq", o.seq, "tokens a sequence")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bench::add_step_options(app, o.steps, o.warmup);
  app.add_flag("!--no-tf32", o.tf32, "products in full float32 on a GPU (TF32 off)");
  bench::parse_or_exit(app, argc, argv);
  o.device = device == "cpu" ? Device::cpu() : Device::cuda();
  return o;
}

// `steps` training steps of `model` on random tokens, through the trainer on its device; returns
// the seconds they took (the trainer reads the last step's loss, so the device is done).
double train(nn::GPT& model, nn::Optimizer& optimizer, const Options& o, int64_t steps,
             Generator& data) {
  std::ostringstream quiet;
  nn::Trainer trainer(model, optimizer,
                      {.max_steps = steps,
                       .tokens_per_step = o.batch * o.seq,
                       .grad_clip = 1.0,
                       .log_every = 0,
                       .out = &quiet,
                       .device = o.device},
                      {&data});
  const int64_t rows = o.batch * o.seq, vocab = model.config.vocab_size;
  const auto start = std::chrono::steady_clock::now();
  trainer.fit(
      [&](int64_t) {
        const Tensor tokens = randint(0, vocab, {o.batch, o.seq + 1}, &data);
        return std::vector<Tensor>{tokens.narrow(1, 0, o.seq), tokens.narrow(1, 1, o.seq)};
      },
      [&](const std::vector<Tensor>& b) {
        return cross_entropy(model(b[0]).view({rows, vocab}), b[1].view({rows}));
      });
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    if (const auto why = device_unavailable(o.device)) {
      std::cerr << "gpt2_train_step: " << *why << "\n";
      return 1;
    }
    const std::string tf32 = bench::allow_tf32(o.device, o.tf32);
    Generator init(1), data(2);
    nn::GPT model(nn::GPTConfig::preset("gpt2"), &init);
    model.to(o.device);
    nn::AdamW optimizer(model.parameters(), {.lr = 6e-4, .weight_decay = 0.1});
    std::cout << "device\t" << bench::device_name(o.device) << "\n";
    std::cout << "setup\tGPT-2 " << model.parameter_count() << " parameters, batch " << o.batch
              << " x " << o.seq << " tokens, AdamW, clip 1.0, TF32 " << tf32 << ", " << o.warmup
              << " warm-up steps, " << o.steps << " timed\n"
              << std::flush;

    reset_memory_peak(o.device);
    train(model, optimizer, o, o.warmup, data);
    const double seconds = train(model, optimizer, o, o.steps, data);
    const double tokens = static_cast<double>(o.batch * o.seq * o.steps);
    std::printf("result\tours\t%.0f\t%.2f\t%.0f\n", tokens / seconds, 1e3 * seconds / o.steps,
                static_cast<double>(memory_in_use(o.device).peak_allocated_bytes) / (1 << 20));
    std::fflush(stdout);

    const char* profile = std::getenv("BUILDGPT_CUDA_PROFILE");
    if (profile && std::strcmp(profile, "1") == 0 && o.device.is_cuda()) {
      bench::start_profile(o.device);
      train(model, optimizer, o, 1, data);
      const std::vector<bench::KernelShare> kernels = bench::stop_profile(o.device);
      double total = 0;
      for (const bench::KernelShare& k : kernels) total += k.ms;
      for (const bench::KernelShare& k : kernels) {
        std::printf("kernel\t%s\t%lld\t%.3f\t%.1f\n", k.name.c_str(),
                    static_cast<long long>(k.calls), k.ms, 100 * k.ms / total);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "gpt2_train_step: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
