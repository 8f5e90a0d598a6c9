// Training and sampling on a second device (the CPU's kernels registered as the CUDA device): the
// trainer copies each batch there, reports the losses it reads back only where it reports, and
// gives the CPU's numbers; it logs every step's layer gradient norms though it reads them late,
// and reads the step a stop request ends the run after; it refuses a model on another device;
// checkpoints written from the device load on the CPU and back bit for bit; a device out of memory
// in the middle of a step and a non-finite loss found at a later read leave the checkpoints as
// they were.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "autograd/out_of_memory.h"
#include "nn/adamw.h"
#include "nn/checkpoint.h"
#include "nn/clip_grad.h"
#include "nn/gpt.h"
#include "nn/trainer.h"
#include "nn_test_util.h"
#include "standin_device.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::message_of;
using buildgpt::testing::tensors_close;
using buildgpt::testing::TestFolder;

const GPTConfig kConfig{.vocab_size = 24, .context = 8, .width = 16, .heads = 2, .layers = 1};
constexpr int64_t kBatch = 3;

// A tiny GPT, its optimizer and its batches, on `device`.
struct TinyGpt {
  explicit TinyGpt(Device device) : device(device) { model.to(device); }

  Device device;
  Generator init{1}, data{2};
  GPT model{kConfig, &init};
  AdamW optimizer{model.parameters(), {.lr = 1e-2}};

  std::vector<Tensor> batch(int64_t) {
    const Tensor tokens = randint(0, kConfig.vocab_size, {kBatch, kConfig.context + 1}, &data);
    return {tokens.narrow(1, 0, kConfig.context), tokens.narrow(1, 1, kConfig.context)};
  }
  Tensor loss(const std::vector<Tensor>& b) {
    EXPECT_EQ(b[0].device(), device) << "the trainer copies the batch to its device";
    const int64_t rows = kBatch * kConfig.context;
    return cross_entropy(model(b[0]).view({rows, kConfig.vocab_size}), b[1].view({rows}));
  }
  TrainerOptions options(const std::filesystem::path& dir, int64_t steps, std::ostream& out) {
    return {.max_steps = steps,
            .log_every = 3,
            .checkpoint_every = 2,
            .checkpoint = dir / "ckpt.safetensors",
            .csv_log = dir / "log.csv",
            .out = &out,
            .device = device};
  }
  std::vector<Generator*> generators() { return {&data}; }
  void fit(Trainer& trainer) {
    trainer.fit([&](int64_t s) { return batch(s); },
                [&](const std::vector<Tensor>& b) { return loss(b); });
  }
};

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Each CSV row's step and loss, without the speed.
std::vector<std::string> steps_and_losses(const std::filesystem::path& csv) {
  std::vector<std::string> out;
  for (const std::string& line : lines_of(csv)) out.push_back(line.substr(0, line.find(",,")));
  return out;
}

void expect_same_weights(const Module& got, const Module& want) {
  const StateDict a = got.state_dict(), b = want.state_dict();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(tensors_close(a[i].second.to(Device::cpu()), b[i].second.to(Device::cpu()), 0, 0))
        << a[i].first;
  }
}

class DeviceTraining : public testing::StandinDevice {
 protected:
  TestFolder folder;
  const std::filesystem::path& dir = folder.path;
};

TEST_F(DeviceTraining, GivesTheCpusNumbersAndReportsEveryStepItReadsLate) {
  std::ostringstream cpu_out, device_out;
  std::filesystem::create_directories(dir / "cpu");
  std::filesystem::create_directories(dir / "device");
  TinyGpt on_cpu(Device::cpu()), on_device(device);
  Trainer a(on_cpu.model, on_cpu.optimizer, on_cpu.options(dir / "cpu", 7, cpu_out),
            on_cpu.generators());
  Trainer b(on_device.model, on_device.optimizer, on_device.options(dir / "device", 7, device_out),
            on_device.generators());
  on_cpu.fit(a);
  on_device.fit(b);
  expect_same_weights(on_device.model, on_cpu.model);
  // Every step has its row, with the CPU's loss, though the device's were read at steps 2, 3, 4,
  // 6 and 7 only (checkpoints, progress lines, the end).
  const std::vector<std::string> cpu_rows = steps_and_losses(dir / "cpu" / "log.csv"),
                                 device_rows = steps_and_losses(dir / "device" / "log.csv");
  ASSERT_EQ(device_rows.size(), 8u);
  EXPECT_EQ(device_rows, cpu_rows);
  EXPECT_EQ(device_out.str().substr(0, 9), "step 3/7 ") << device_out.str();
  EXPECT_NE(device_out.str().find("step 6/7 "), std::string::npos) << device_out.str();
}

TEST_F(DeviceTraining, LogsEveryStepsLayerGradientNormsThoughItReadsThemLate) {
  std::ostringstream cpu_out, device_out;
  std::filesystem::create_directories(dir / "cpu");
  std::filesystem::create_directories(dir / "device");
  TinyGpt on_cpu(Device::cpu()), on_device(device);
  TrainerOptions cpu_options = on_cpu.options(dir / "cpu", 5, cpu_out),
                 device_options = on_device.options(dir / "device", 5, device_out);
  cpu_options.grad_norm_log = dir / "cpu" / "grad_norms.csv";
  device_options.grad_norm_log = dir / "device" / "grad_norms.csv";
  Trainer a(on_cpu.model, on_cpu.optimizer, cpu_options, on_cpu.generators());
  Trainer b(on_device.model, on_device.optimizer, device_options, on_device.generators());
  on_cpu.fit(a);
  on_device.fit(b);
  const std::vector<std::string> device_rows = lines_of(dir / "device" / "grad_norms.csv");
  ASSERT_EQ(device_rows.size(), 6u);  // the header and steps 1 to 5, in order
  EXPECT_EQ(device_rows[0],
            "step,transformer.wte,transformer.wpe,transformer.h.0,transformer.ln_f");
  for (int s = 1; s <= 5; ++s) EXPECT_EQ(device_rows[s].substr(0, 2), std::to_string(s) + ",");
  EXPECT_EQ(device_rows, lines_of(dir / "cpu" / "grad_norms.csv"));
}

TEST_F(DeviceTraining, AStopRequestReadsTheStepItStopsAfter) {
  std::ostringstream out;
  TinyGpt run(device);
  std::atomic<bool> stop = false;
  TrainerOptions options = run.options(dir, 10, out);
  options.stop = &stop;
  Trainer t(run.model, run.optimizer, options, run.generators());
  // Step 5 reports nothing (progress every 3 steps, checkpoints every 2); the request made
  // during it makes it read its values, and the run stops after it.
  t.fit(
      [&](int64_t s) {
        stop = s == 4;
        return run.batch(s);
      },
      [&](const std::vector<Tensor>& b) { return run.loss(b); });
  EXPECT_EQ(t.step(), 5);
  TinyGpt restored(Device::cpu());
  EXPECT_EQ(buildgpt::testing::load_finite_checkpoint(dir / "ckpt.safetensors", restored.model,
                                                      restored.optimizer, restored.generators()),
            5);
  EXPECT_EQ(lines_of(dir / "log.csv").size(), 6u);
  EXPECT_NE(out.str().find("stopped after step 5, checkpoint "), std::string::npos) << out.str();
}

TEST_F(DeviceTraining, RefusesAModelOnAnotherDeviceNamingBoth) {
  std::ostringstream out;
  TinyGpt run(device);
  TrainerOptions options = run.options(dir, 2, out);
  options.device = Device::cpu();
  Trainer t(run.model, run.optimizer, options, run.generators());
  EXPECT_TRUE(buildgpt::testing::throws_with(
      [&] { run.fit(t); }, {"transformer.wte.weight", "cuda:0", "trainer runs on cpu"}));
  // A batch left on the CPU for a model on the device.
  EXPECT_TRUE(buildgpt::testing::throws_with(
      [&] {
        run.model(zeros({1, 4}, kInt64));
      },
      {"token ids are on cpu but the model is on cuda:0"}));
}

TEST_F(DeviceTraining, ACheckpointFromTheDeviceLoadsOnTheCpuAndBackBitForBit) {
  std::ostringstream out;
  TinyGpt trained(device);
  Trainer t(trained.model, trained.optimizer, trained.options(dir, 3, out), trained.generators());
  trained.fit(t);
  const std::filesystem::path file = dir / "ckpt.safetensors";

  TinyGpt on_cpu(Device::cpu());
  ASSERT_EQ(load_checkpoint(file, on_cpu.model, on_cpu.optimizer, on_cpu.generators()), 3);
  expect_same_weights(on_cpu.model, trained.model);
  save_checkpoint(dir / "from_cpu.safetensors", on_cpu.model, on_cpu.optimizer, 3,
                  on_cpu.generators());
  EXPECT_EQ(bytes_of(dir / "from_cpu.safetensors"), bytes_of(file)) << "the same file";

  TinyGpt back(device);
  ASSERT_EQ(
      load_checkpoint(dir / "from_cpu.safetensors", back.model, back.optimizer, back.generators()),
      3);
  expect_same_weights(back.model, trained.model);
  for (const Tensor& w : back.model.parameters()) EXPECT_EQ(w.device(), device);
  const StateDict state = back.optimizer.state_dict(), want = trained.optimizer.state_dict();
  ASSERT_EQ(state.size(), want.size());
  for (size_t i = 0; i < state.size(); ++i) {
    EXPECT_EQ(state[i].second.device(), want[i].second.device()) << state[i].first;
    EXPECT_TRUE(
        tensors_close(state[i].second.to(Device::cpu()), want[i].second.to(Device::cpu()), 0, 0))
        << state[i].first;
  }
}

TEST_F(DeviceTraining, TheChecksumReadsHostTensorsOnly) {
  EXPECT_TRUE(buildgpt::testing::throws_with(
      [&] {
        checkpoint_checksum({{"w", zeros({2}, kFloat32, device)}}, {});
      },
      {"\"w\" is on cuda:0"}));
}

TEST_F(DeviceTraining, ANonFiniteLossReadLateStopsTheRunAndSaysWhichUpdatesRan) {
  std::ostringstream out;
  TinyGpt run(device);
  TrainerOptions options = run.options(dir, 10, out);
  options.log_every = 4;
  Trainer t(run.model, run.optimizer, options, run.generators());
  // Reads at steps 2, 4, 6, 8 and 10: step 5's loss is read at step 6, after its update.
  const std::string message = message_of<std::runtime_error>([&] {
    t.fit([&](int64_t s) { return run.batch(s); },
          [&](const std::vector<Tensor>& b) {
            const Tensor loss = run.loss(b);
            return t.step() == 4 ? loss * std::numeric_limits<double>::quiet_NaN() : loss;
          });
  });
  EXPECT_NE(message.find("step 5: the loss is nan"), std::string::npos) << message;
  EXPECT_NE(message.find("updates of steps 5 to 5 have run"), std::string::npos) << message;
  EXPECT_EQ(t.step(), 5);
  TinyGpt restored(Device::cpu());
  EXPECT_EQ(buildgpt::testing::load_finite_checkpoint(dir / "ckpt.safetensors", restored.model,
                                                      restored.optimizer, restored.generators()),
            4);
}

TEST_F(DeviceTraining, RunningOutOfMemoryNamesTheStepAndTheSizesAndKeepsTheCheckpoint) {
  std::ostringstream out;
  TinyGpt run(device);
  Trainer t(run.model, run.optimizer, run.options(dir, 6, out), run.generators());
  std::string before;
  try {
    t.fit([&](int64_t s) { return run.batch(s); },
          [&](const std::vector<Tensor>& b) {
            if (t.step() == 2) {
              before = bytes_of(dir / "ckpt.safetensors");
              throw OutOfMemory(device, size_t{1} << 40,
                                "allocate: cuda:0 is out of memory: asked for 1048576.0 MiB");
            }
            return run.loss(b);
          });
    ADD_FAILURE() << "no error";
  } catch (const OutOfMemory& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("step 3 ran out of memory on cuda:0 in the forward and backward pass"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("asked for 1048576.0 MiB"), std::string::npos) << message;
    EXPECT_NE(message.find("the weights are those after step 2"), std::string::npos) << message;
    EXPECT_EQ(e.requested_bytes, size_t{1} << 40);
    EXPECT_EQ(e.device, device);
  }
  EXPECT_EQ(t.step(), 2);
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(bytes_of(dir / "ckpt.safetensors"), before) << "the last checkpoint is untouched";
}

TEST_F(DeviceTraining, ClippingKeepsTheNormOnTheDevice) {
  TinyGpt on_cpu(Device::cpu()), on_device(device);
  const std::vector<Tensor> batch = on_cpu.batch(0);
  for (TinyGpt* run : {&on_cpu, &on_device}) {
    std::vector<Tensor> b = batch;
    for (Tensor& t : b) t = t.to(run->device);
    run->loss(b).backward();
  }
  const Tensor cpu_norm = clip_grad_norm_(on_cpu.model.parameters(), 0.5);
  const Tensor device_norm = clip_grad_norm_(on_device.model.parameters(), 0.5);
  EXPECT_EQ(device_norm.device(), device);
  EXPECT_EQ(device_norm.item(), cpu_norm.item());
  EXPECT_GT(cpu_norm.item(), 0.5) << "the test clips";
  const auto cpu_params = on_cpu.model.parameters(), device_params = on_device.model.parameters();
  for (size_t i = 0; i < cpu_params.size(); ++i) {
    EXPECT_TRUE(
        tensors_close(device_params[i].grad().to(Device::cpu()), cpu_params[i].grad(), 0, 0));
  }
}

TEST_F(DeviceTraining, GenerateRunsWhereTheModelIsAndAnswersWhereTheIdsAre) {
  TinyGpt on_cpu(Device::cpu()), on_device(device);
  const Tensor prompt = randint(0, kConfig.vocab_size, {2, 3});
  Generator ga(5), gb(5);
  const Tensor want = on_cpu.model.generate(prompt, 10, {}, &ga);
  const Tensor got = on_device.model.generate(prompt, 10, {}, &gb);
  EXPECT_EQ(got.device(), Device::cpu());
  EXPECT_EQ(got.to_vector<int64_t>(), want.to_vector<int64_t>());
}

}  // namespace
}  // namespace buildgpt::nn
