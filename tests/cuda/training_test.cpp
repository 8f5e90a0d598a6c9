// nn::GPT (a tiny config: two pre-layer-norm blocks of four heads, dropout, the output tied to the
// token embedding) trained five steps with clipping and AdamW on the CPU and on the GPU from the
// same initialisation, dropout stream and batches: the losses agree to 1e-4 relative, and after
// the first step no step calls cudaMalloc.
#include "cuda_test_util.h"
#include "nn/adamw.h"
#include "nn/clip_grad.h"
#include "nn/gpt.h"

namespace buildgpt {
namespace {

using testing::CudaTest;

const nn::GPTConfig kConfig{
    .vocab_size = 64, .context = 32, .width = 48, .heads = 4, .layers = 2, .dropout = 0.1};
constexpr int64_t kBatch = 4;

// The losses of five training steps on `device`, and the cudaMalloc calls of steps 2 to 5.
std::pair<std::vector<double>, size_t> train(Device device) {
  Generator gen(2);  // the initialisation, then dropout's seeds
  nn::GPT model(kConfig, &gen);
  model.to(device);
  nn::AdamW opt(model.parameters(), nn::AdamWOptions{.lr = 3e-3, .weight_decay = 0.1});
  Generator data(4);
  std::vector<double> losses;
  size_t mallocs_after_first = 0;
  for (int step = 0; step < 5; ++step) {
    const Tensor tokens = randint(0, kConfig.vocab_size, {kBatch, kConfig.context + 1}, &data);
    const Tensor inputs = narrow(tokens, 1, 0, kConfig.context).to(device);
    const Tensor targets = narrow(tokens, 1, 1, kConfig.context).to(device);
    opt.zero_grad();
    const Tensor logits = model.forward(inputs);
    const Tensor loss = cross_entropy(view(logits, {kBatch * kConfig.context, kConfig.vocab_size}),
                                      view(targets, {kBatch * kConfig.context}));
    loss.backward();
    nn::clip_grad_norm(model.parameters(), 1.0);
    opt.step();
    losses.push_back(loss.item());
    if (step == 0) mallocs_after_first = cuda_allocator_stats().device_mallocs;
  }
  return {losses, cuda_allocator_stats().device_mallocs - mallocs_after_first};
}

TEST_F(CudaTest, ATinyGptTrainsToTheCpusLossesWithoutCudaMallocAfterTheFirstStep) {
  const auto [cpu_losses, cpu_mallocs] = train(Device::cpu());
  const auto [gpu_losses, gpu_mallocs] = train(gpu);
  ASSERT_EQ(gpu_losses.size(), cpu_losses.size());
  for (size_t i = 0; i < cpu_losses.size(); ++i) {
    EXPECT_NEAR(gpu_losses[i], cpu_losses[i], 1e-4 * std::abs(cpu_losses[i])) << "step " << i + 1;
  }
  EXPECT_LT(cpu_losses.back(), cpu_losses.front());  // it learned something
  EXPECT_EQ(gpu_mallocs, 0u) << "cudaMalloc calls in steps 2 to 5";
}

}  // namespace
}  // namespace buildgpt
