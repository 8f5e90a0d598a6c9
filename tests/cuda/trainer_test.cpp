// nn::Trainer on the GPU: a tiny GPT trained through the trainer's batch path (each batch copied
// once per step through pinned memory) reaches the CPU's losses; its checkpoint loads on the CPU
// and back on the GPU bit for bit; the GPU running out of memory in the middle of a step names
// the step and the sizes and leaves the checkpoint as it was. Also the pinned staging of small
// copies, many in a row, and clipping with the norm kept on the GPU.
#include <fstream>
#include <iterator>
#include <sstream>

#include "autograd/out_of_memory.h"
#include "cuda_test_util.h"
#include "nn/adamw.h"
#include "nn/checkpoint.h"
#include "nn/clip_grad.h"
#include "nn/gpt.h"
#include "nn/trainer.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::TestFolder;

const nn::GPTConfig kConfig{
    .vocab_size = 64, .context = 16, .width = 32, .heads = 4, .layers = 2, .dropout = 0.1};
constexpr int64_t kBatch = 4;

struct TinyGpt {
  explicit TinyGpt(Device device) : device(device) { model.to(device); }

  Device device;
  Generator init{3}, data{4};
  nn::GPT model{kConfig, &init};
  nn::AdamW optimizer{model.parameters(), {.lr = 3e-3}};
  std::vector<double> losses;

  // Trains `steps` steps from where the trainer stands, checkpointing into `dir` every 2 steps.
  nn::Trainer trainer(const std::filesystem::path& dir, int64_t steps, std::ostream& out) {
    return nn::Trainer(model, optimizer,
                       {.max_steps = steps,
                        .log_every = 2,
                        .checkpoint_every = 2,
                        .checkpoint = dir / "ckpt.safetensors",
                        .out = &out,
                        .device = device},
                       {&init, &data});
  }
  std::vector<Tensor> batch() {
    const Tensor tokens = randint(0, kConfig.vocab_size, {kBatch, kConfig.context + 1}, &data);
    return {tokens.narrow(1, 0, kConfig.context), tokens.narrow(1, 1, kConfig.context)};
  }
  Tensor loss(const std::vector<Tensor>& b) {
    const int64_t rows = kBatch * kConfig.context;
    return cross_entropy(model(b[0]).view({rows, kConfig.vocab_size}), b[1].view({rows}));
  }
  void fit(nn::Trainer& t) {
    std::vector<Tensor> kept;
    t.fit([&](int64_t) { return batch(); },
          [&](const std::vector<Tensor>& b) {
            kept.push_back(loss(b));
            return kept.back();
          });
    for (const Tensor& l : kept) losses.push_back(l.item());
  }
};

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_same_state(const nn::StateDict& got, const nn::StateDict& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].second.to(Device::cpu()).to_vector<float>(),
              want[i].second.to(Device::cpu()).to_vector<float>())
        << got[i].first;
  }
}

class CudaTrainer : public CudaTest {
 protected:
  TestFolder folder;
  const std::filesystem::path& dir = folder.path;
};

TEST_F(CudaTrainer, TrainsToTheCpusLossesThroughTheBatchPath) {
  std::ostringstream out;
  std::filesystem::create_directories(dir / "cpu");
  std::filesystem::create_directories(dir / "gpu");
  TinyGpt on_cpu(Device::cpu()), on_gpu(gpu);
  nn::Trainer a = on_cpu.trainer(dir / "cpu", 5, out), b = on_gpu.trainer(dir / "gpu", 5, out);
  on_cpu.fit(a);
  on_gpu.fit(b);
  ASSERT_EQ(on_gpu.losses.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(on_gpu.losses[i], on_cpu.losses[i], 1e-4 * on_cpu.losses[i]) << "step " << i + 1;
  }
}

TEST_F(CudaTrainer, ACheckpointFromTheGpuLoadsOnTheCpuAndBackBitForBit) {
  std::ostringstream out;
  TinyGpt trained(gpu);
  nn::Trainer t = trained.trainer(dir, 4, out);
  trained.fit(t);
  TinyGpt on_cpu(Device::cpu());
  nn::Trainer resumed_on_cpu = on_cpu.trainer(dir, 4, out);
  ASSERT_TRUE(resumed_on_cpu.resume());
  expect_same_state(on_cpu.model.state_dict(), trained.model.state_dict());
  expect_same_state(on_cpu.optimizer.state_dict(), trained.optimizer.state_dict());
  nn::save_checkpoint(dir / "from_cpu.safetensors", on_cpu.model, on_cpu.optimizer, 4,
                      {&on_cpu.init, &on_cpu.data});
  EXPECT_EQ(bytes_of(dir / "from_cpu.safetensors"), bytes_of(dir / "ckpt.safetensors"));

  TinyGpt back(gpu);
  ASSERT_EQ(nn::load_checkpoint(dir / "from_cpu.safetensors", back.model, back.optimizer,
                                {&back.init, &back.data}),
            4);
  expect_same_state(back.model.state_dict(), trained.model.state_dict());
  for (const Tensor& w : back.model.parameters()) EXPECT_EQ(w.device(), gpu);
}

TEST_F(CudaTrainer, RunningOutOfMemoryMidStepNamesTheStepAndKeepsTheCheckpoint) {
  std::ostringstream out;
  TinyGpt run(gpu);
  nn::Trainer t = run.trainer(dir, 6, out);
  std::string before;
  try {
    t.fit([&](int64_t) { return run.batch(); },
          [&](const std::vector<Tensor>& b) {
            const Tensor loss = run.loss(b);
            if (t.step() == 2) {
              before = bytes_of(dir / "ckpt.safetensors");
              (void)empty({int64_t{1} << 50}, kFloat32, gpu);  // 4 PiB
            }
            return loss;
          });
    ADD_FAILURE() << "no error";
  } catch (const OutOfMemory& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("step 3 ran out of memory on cuda:0"), std::string::npos) << message;
    EXPECT_NE(message.find("4503599627370496 bytes"), std::string::npos) << message;
  }
  EXPECT_EQ(t.step(), 2);
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(bytes_of(dir / "ckpt.safetensors"), before);
}

TEST_F(CudaTest, SmallCopiesStagedInPinnedMemoryArriveIntactManyInARow) {
  std::vector<Tensor> sent, arrived;
  for (int i = 0; i < 200; ++i) {
    sent.push_back(arange(0, 1000, 1, kInt64) + static_cast<double>(i));
    arrived.push_back(sent.back().to(gpu));
  }
  synchronize(gpu);
  for (size_t i = 0; i < sent.size(); ++i) {
    ASSERT_EQ(arrived[i].to_vector<int64_t>(), sent[i].to_vector<int64_t>()) << "copy " << i;
  }
}

TEST_F(CudaTest, ClippingGivesTheCpusNormWithoutLeavingTheGpu) {
  Generator g(9);
  std::vector<Tensor> cpu_params, gpu_params;
  for (const Shape& shape : {Shape{300, 200}, Shape{7}, Shape{50257}}) {
    Tensor p = randn(shape, &g).requires_grad_(true);
    (p * 3.0).sum().backward();
    Tensor q = p.detach().to(gpu).requires_grad_(true);
    (q * 3.0).sum().backward();
    cpu_params.push_back(p);
    gpu_params.push_back(q);
  }
  const Tensor on_gpu = nn::clip_grad_norm_(gpu_params, 1.0);
  EXPECT_EQ(on_gpu.device(), gpu);
  const double norm = on_gpu.item();
  EXPECT_NEAR(norm, nn::clip_grad_norm(cpu_params, 1.0), 1e-6 * norm);
  for (size_t i = 0; i < cpu_params.size(); ++i) {
    EXPECT_TRUE(testing::tensors_close(gpu_params[i].grad(), cpu_params[i].grad(), 1e-7, 1e-6));
  }
}

}  // namespace
}  // namespace buildgpt
