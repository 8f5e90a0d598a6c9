// nn on a second device: Module::to moves parameters and buffers in place with ties kept, and the
// optimizers, clipping and the GPT (forward, backward, cached generation) give the CPU's numbers
// there. Also register_buffer.
#include <gtest/gtest.h>

#include <memory>

#include "nn/adamw.h"
#include "nn/clip_grad.h"
#include "nn/gpt.h"
#include "nn/layers.h"
#include "nn/sgd.h"
#include "standin_device.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::StandinDevice;
using buildgpt::testing::tensors_close;
using buildgpt::testing::throws_with;

// An embedding tied to its output layer, a causal mask buffer and a scratch buffer that is not
// saved.
struct TiedWithMask : Module {
  TiedWithMask() : Module("TiedWithMask") { head->weight = wte->weight; }
  std::shared_ptr<Embedding> wte = register_module("wte", std::make_shared<Embedding>(7, 3));
  std::shared_ptr<Linear> head = register_module("head", std::make_shared<Linear>(3, 7));
  Tensor& mask = register_buffer("mask", tril(ones({4, 4})));
  Tensor& scratch = register_buffer("scratch", zeros({2}), false);

  Tensor forward(const Tensor& ids) override {
    const Tensor h = wte->forward(ids);  // [T, 3]
    const Tensor mixed = matmul(narrow(narrow(mask, 0, 0, ids.size(0)), 1, 0, ids.size(0)), h);
    return head->forward(mixed);
  }
};

TEST(Buffers, PersistentOnesAreSavedAndLoaded) {
  TiedWithMask m;
  const StateDict state = m.state_dict();
  std::vector<std::string> names;
  for (const auto& [name, t] : state) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"mask", "wte.weight", "head.weight", "head.bias"}));
  EXPECT_EQ(m.named_buffers().size(), 2u);
  EXPECT_EQ(m.parameters().size(), 2u);  // the tied weight once, and the bias
  EXPECT_FALSE(m.mask.requires_grad());
  StateDict changed = state;
  changed[0].second = zeros({4, 4});
  m.load_state_dict(changed);
  EXPECT_TRUE(tensors_close(m.mask, zeros({4, 4})));
  EXPECT_TRUE(throws_with(
      [] {
        struct Twice : Module {
          Twice() : Module("Twice") {
            register_parameter("w", ones({1}));
            register_buffer("w", ones({1}));
          }
        } twice;
      },
      {"Twice", "\"w\" registered twice"}));
}

TEST_F(StandinDevice, ModuleToMovesEverythingInPlaceAndKeepsTies) {
  TiedWithMask cpu_model, model;
  model.load_state_dict(cpu_model.state_dict());
  const Tensor ids = int_tensor({3, 1, 6});
  const Tensor expected = cpu_model.forward(ids);
  Tensor& wte = model.wte->weight;  // a handle taken before the move stays valid
  model.to(device);
  EXPECT_EQ(wte.device(), device);
  EXPECT_TRUE(model.head->weight.same_storage(model.wte->weight));
  for (const auto& [name, t] : model.state_dict()) EXPECT_EQ(t.device(), device) << name;
  EXPECT_EQ(model.scratch.device(), device);
  const Tensor out = model.forward(ids.to(device));
  EXPECT_EQ(out.device(), device);
  EXPECT_TRUE(tensors_close(out, expected, 0, 0));
  sum(out).backward();
  EXPECT_EQ(wte.grad().device(), device);
  model.to(Device::cpu());
  EXPECT_EQ(wte.grad().device(), Device::cpu());
  EXPECT_TRUE(model.head->weight.same_storage(model.wte->weight));
}

// Three clipped steps of an optimizer on each device from the same start give the same gradient
// norms and parameters.
template <typename MakeOptimizer>
void expect_same_steps(Device device, MakeOptimizer make) {
  std::vector<Tensor> results;
  std::vector<std::vector<double>> norms;
  for (Device d : {Device::cpu(), device}) {
    Generator gen(4);
    Tensor w = randn({3, 5}, &gen).to(d).requires_grad_();
    auto opt = make(w);
    norms.emplace_back();
    for (int step = 0; step < 3; ++step) {
      opt->zero_grad();
      sum(mul(mul(w, w), static_cast<double>(step + 1))).backward();
      norms.back().push_back(clip_grad_norm({w}, 2.0));
      opt->step();
    }
    EXPECT_EQ(w.device(), d);
    results.push_back(w.detach().to(Device::cpu()));
  }
  EXPECT_GT(norms[0][0], 2.0);  // the clipping did something
  EXPECT_EQ(norms[1], norms[0]);
  EXPECT_TRUE(tensors_close(results[1], results[0], 0, 0));
}

TEST_F(StandinDevice, OptimizersAndClippingGiveTheCpuNumbers) {
  expect_same_steps(device, [](Tensor& w) {
    return std::make_unique<AdamW>(std::vector<ParamGroup>{{{w}, {}, {}}}, AdamWOptions{.lr = 0.1});
  });
  expect_same_steps(device, [](Tensor& w) {
    return std::make_unique<SGD>(std::vector<ParamGroup>{{{w}, {}, {}}},
                                 SGDOptions{.lr = 0.1, .momentum = 0.9, .weight_decay = 0.01});
  });
}

TEST_F(StandinDevice, GPTGivesTheCpuLogitsGradientsAndGeneratedTokens) {
  const GPTConfig c{.vocab_size = 40, .context = 10, .width = 16, .heads = 2, .layers = 2};
  Generator a(2), b(2);
  GPT on_cpu(c, &a), on_device(c, &b);
  on_device.to(device);
  const Tensor ids = int_tensor({3, 1, 4, 1, 5, 9, 2, 6}, {2, 4});
  const Tensor logits = on_cpu(ids);
  const Tensor device_logits = on_device(ids.to(device));
  EXPECT_EQ(device_logits.device(), device);
  EXPECT_TRUE(tensors_close(device_logits.to(Device::cpu()), logits, 0, 0));
  logits.sum().backward();
  device_logits.sum().backward();
  const Tensor& w = on_device.transformer->blocks[1]->attn->c_attn->weight;
  EXPECT_TRUE(tensors_close(w.grad().to(Device::cpu()),
                            on_cpu.transformer->blocks[1]->attn->c_attn->weight.grad(), 0, 0));
  Generator ga(3), gb(3);
  const Tensor tokens = on_cpu.generate(ids, 12, {}, &ga);
  const Tensor device_tokens = on_device.generate(ids.to(device), 12, {}, &gb);
  EXPECT_EQ(device_tokens.device(), device);
  EXPECT_EQ(device_tokens.to(Device::cpu()).to_vector<int64_t>(), tokens.to_vector<int64_t>());
}

}  // namespace
}  // namespace buildgpt::nn
