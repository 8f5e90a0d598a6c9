// A tiny GPT-shaped model (token and position embeddings, two pre-LayerNorm blocks of causal
// multi-head attention and a tanh-GELU MLP, dropout, a head tied to the embedding) trained five
// steps with clipping and AdamW on the CPU and on the GPU from the same weights and batches: the
// losses agree to 1e-4 relative, and after the first step no step calls cudaMalloc.
#include <memory>

#include "cuda_test_util.h"
#include "nn/adamw.h"
#include "nn/clip_grad.h"
#include "nn/containers.h"
#include "nn/layers.h"

namespace buildgpt {
namespace {

using testing::CudaTest;

constexpr int64_t kVocab = 64, kContext = 32, kWidth = 48, kHeads = 4, kLayers = 2, kBatch = 4;
constexpr double kDropout = 0.1;

struct Block : nn::Module {
  explicit Block(Generator* gen) : Module("Block"), dropout_gen(gen) {}
  Generator* dropout_gen;
  std::shared_ptr<nn::LayerNorm> ln_1 =
      register_module("ln_1", std::make_shared<nn::LayerNorm>(Shape{kWidth}));
  std::shared_ptr<nn::Linear> c_attn =
      register_module("c_attn", std::make_shared<nn::Linear>(kWidth, 3 * kWidth));
  std::shared_ptr<nn::Linear> attn_proj =
      register_module("attn_proj", std::make_shared<nn::Linear>(kWidth, kWidth));
  std::shared_ptr<nn::LayerNorm> ln_2 =
      register_module("ln_2", std::make_shared<nn::LayerNorm>(Shape{kWidth}));
  std::shared_ptr<nn::Linear> c_fc =
      register_module("c_fc", std::make_shared<nn::Linear>(kWidth, 4 * kWidth));
  std::shared_ptr<nn::Linear> mlp_proj =
      register_module("mlp_proj", std::make_shared<nn::Linear>(4 * kWidth, kWidth));

  Tensor forward(const Tensor& x) override {
    const int64_t b = x.size(0), t = x.size(1), d = kWidth / kHeads;
    const std::vector<Tensor> qkv = split(c_attn->forward(ln_1->forward(x)), kWidth, 2);
    auto heads = [&](const Tensor& h) { return transpose(view(h, {b, t, kHeads, d}), 1, 2); };
    const Tensor y =
        scaled_dot_product_attention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), true);
    Tensor h = add(x, dropout(attn_proj->forward(reshape(transpose(y, 1, 2), {b, t, kWidth})),
                              kDropout, is_training(), dropout_gen));
    const Tensor m =
        mlp_proj->forward(gelu(c_fc->forward(ln_2->forward(h)), GeluApproximation::Tanh));
    return add(h, dropout(m, kDropout, is_training(), dropout_gen));
  }
};

struct TinyGpt : nn::Module {
  explicit TinyGpt(Generator* dropout_gen) : Module("TinyGpt") {
    for (int64_t l = 0; l < kLayers; ++l) h->push_back(std::make_shared<Block>(dropout_gen));
  }
  std::shared_ptr<nn::Embedding> wte =
      register_module("wte", std::make_shared<nn::Embedding>(kVocab, kWidth));
  std::shared_ptr<nn::Embedding> wpe =
      register_module("wpe", std::make_shared<nn::Embedding>(kContext, kWidth));
  std::shared_ptr<nn::ModuleList> h = register_module("h", std::make_shared<nn::ModuleList>());
  std::shared_ptr<nn::LayerNorm> ln_f =
      register_module("ln_f", std::make_shared<nn::LayerNorm>(Shape{kWidth}));

  Tensor forward(const Tensor& ids) override {
    const Tensor positions = arange(ids.size(1), kInt64, ids.device());
    Tensor x = add(wte->forward(ids), wpe->forward(positions));
    for (size_t l = 0; l < h->size(); ++l) x = (*h)[l]->forward(x);
    return linear(ln_f->forward(x), wte->weight);  // the head tied to the token embedding
  }
};

// The losses of five training steps on `device`, and the cudaMalloc calls of steps 2 to 5.
std::pair<std::vector<double>, size_t> train(Device device, const nn::StateDict& start) {
  Generator dropout_gen(3);
  TinyGpt model(&dropout_gen);
  model.load_state_dict(start);
  model.to(device);
  nn::AdamW opt(model.parameters(), nn::AdamWOptions{.lr = 3e-3, .weight_decay = 0.1});
  Generator data(4);
  std::vector<double> losses;
  size_t mallocs_after_first = 0;
  for (int step = 0; step < 5; ++step) {
    const Tensor tokens = randint(0, kVocab, {kBatch, kContext + 1}, &data).to(device);
    const Tensor inputs = narrow(tokens, 1, 0, kContext), targets = narrow(tokens, 1, 1, kContext);
    opt.zero_grad();
    const Tensor logits = model.forward(inputs);
    const Tensor loss = cross_entropy(view(logits, {kBatch * kContext, kVocab}),
                                      view(targets, {kBatch * kContext}));
    loss.backward();
    nn::clip_grad_norm(model.parameters(), 1.0);
    opt.step();
    losses.push_back(loss.item());
    if (step == 0) mallocs_after_first = cuda_allocator_stats().device_mallocs;
  }
  return {losses, cuda_allocator_stats().device_mallocs - mallocs_after_first};
}

TEST_F(CudaTest, ATinyGptTrainsToTheCpusLossesWithoutCudaMallocAfterTheFirstStep) {
  Generator unused(2);
  const TinyGpt reference(&unused);
  nn::StateDict start;
  for (const auto& [name, t] : reference.state_dict()) start.emplace_back(name, t.detach().clone());
  const auto [cpu_losses, cpu_mallocs] = train(Device::cpu(), start);
  const auto [gpu_losses, gpu_mallocs] = train(gpu, start);
  ASSERT_EQ(gpu_losses.size(), cpu_losses.size());
  for (size_t i = 0; i < cpu_losses.size(); ++i) {
    EXPECT_NEAR(gpu_losses[i], cpu_losses[i], 1e-4 * std::abs(cpu_losses[i])) << "step " << i + 1;
  }
  EXPECT_LT(cpu_losses.back(), cpu_losses.front());  // it learned something
  EXPECT_EQ(gpu_mallocs, 0u) << "cudaMalloc calls in steps 2 to 5";
}

}  // namespace
}  // namespace buildgpt
