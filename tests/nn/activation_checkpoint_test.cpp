// Activation checkpointing: the same loss and bit-for-bit the same gradients as the plain run, with
// dropout's masks drawn again from the rewound generator; less memory held for the backward
// pass; and a plain call where no graph is recorded.
#include "nn/activation_checkpoint.h"

#include <gtest/gtest.h>

#include "autograd/cpu/allocator.h"
#include "nn/nn.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::tensors_close;

GPTConfig deep_config(bool checkpointed) {
  GPTConfig c{.vocab_size = 30, .context = 16, .width = 32, .heads = 4, .layers = 6};
  c.dropout = 0.2;
  c.checkpoint_blocks = checkpointed;
  return c;
}

struct TrainingPass {
  Generator gen{7};
  GPT model;
  Tensor loss;
  explicit TrainingPass(bool checkpointed) : model(deep_config(checkpointed), &gen) {
    const Tensor ids = int_tensor({1, 4, 9, 16, 25, 6, 7, 8, 3, 2, 1, 0, 5, 5, 5, 5}, {2, 8});
    const Tensor targets = int_tensor({4, 9, 16, 25, 6, 7, 8, 3, 2, 1, 0, 5, 5, 5, 5, 1}, {2, 8});
    loss = cross_entropy(model(ids), targets);
    loss.backward();
  }
};

TEST(ActivationCheckpoint, GivesAGPTTheSameGradientsBitForBit) {
  TrainingPass plain(false), checkpointed(true);
  EXPECT_EQ(plain.loss.item(), checkpointed.loss.item());
  const auto a = plain.model.named_parameters(), b = checkpointed.model.named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(b[i].second.grad().defined()) << b[i].first;
    EXPECT_TRUE(tensors_close(b[i].second.grad(), a[i].second.grad(), 0, 0)) << a[i].first;
  }
  // Both runs drew the same masks, and the replay left the generator where the plain run left it.
  EXPECT_EQ(plain.gen.next_u32(), checkpointed.gen.next_u32());
}

TEST(ActivationCheckpoint, WithoutRewindingDropoutTheGradientsWouldDiffer) {
  // The same function checkpointed with no generator to rewind: its second pass draws new masks.
  Generator gen(3);
  Linear layer(8, 8, true, &gen);
  Dropout drop(0.5, &gen);
  const auto fn = [&](const std::vector<Tensor>& in) { return drop(layer(in[0])); };
  const Tensor x = randn({4, 8}, &gen);
  Tensor xa = x.detach(), xb = x.detach();
  xa.requires_grad_(true);
  xb.requires_grad_(true);
  const Generator::State start = gen.get_state();
  checkpoint(fn, {xa}, {&gen}).sum().backward();
  gen.set_state(start);  // the same mask in the forward pass, a fresh one in the second pass
  checkpoint(fn, {xb}, {}).sum().backward();
  EXPECT_FALSE(tensors_close(xa.grad(), xb.grad(), 1e-3, 0));
}

TEST(ActivationCheckpoint, GivesInputsAndParametersTheirGradients) {
  Generator gen(5);
  Linear first(6, 10, true, &gen), second(6, 10, false, &gen);
  // out = gelu(first(a)) · second(b): two inputs, two layers inside.
  const auto fn = [&](const std::vector<Tensor>& in) { return gelu(first(in[0])) * second(in[1]); };
  const Tensor a = randn({3, 6}, &gen), b = randn({3, 6}, &gen), g = randn({3, 10}, &gen);
  std::vector<Tensor> plain = {a.detach(), b.detach()}, ckpt = {a.detach(), b.detach()};
  for (Tensor* t : {&plain[0], &plain[1], &ckpt[0], &ckpt[1]}) t->requires_grad_(true);
  const Tensor y = fn(plain);
  y.backward(g);
  const Tensor plain_w = first.weight.grad().clone(), plain_v = second.weight.grad().clone();
  first.zero_grad();
  second.zero_grad();
  const Tensor z = checkpoint(fn, ckpt);
  EXPECT_EQ(z.grad_fn()->op, "checkpoint");
  EXPECT_TRUE(tensors_close(z, y, 0, 0));
  z.backward(g);
  EXPECT_TRUE(tensors_close(ckpt[0].grad(), plain[0].grad(), 0, 0));
  EXPECT_TRUE(tensors_close(ckpt[1].grad(), plain[1].grad(), 0, 0));
  EXPECT_TRUE(tensors_close(first.weight.grad(), plain_w, 0, 0));
  EXPECT_TRUE(tensors_close(second.weight.grad(), plain_v, 0, 0));
}

TEST(ActivationCheckpoint, IsAPlainCallWithoutAGraph) {
  Linear layer(4, 4);
  const auto fn = [&](const std::vector<Tensor>& in) { return layer(in[0]); };
  NoGradGuard no_grad;
  const Tensor y = checkpoint(fn, {randn({2, 4})});
  EXPECT_FALSE(y.requires_grad());
}

// The bytes allocated at the end of a GPT's forward pass, all of it held for the backward pass.
size_t held_after_forward(bool checkpointed) {
  GPTConfig c = deep_config(checkpointed);
  c.dropout = 0;
  c.layers = 8;
  GPT model(c);
  const Tensor ids = zeros({4, 16}, kInt64);
  const size_t before = cpu_allocator_stats().allocated_bytes;
  const Tensor loss = cross_entropy(model(ids), ids);
  const size_t held = cpu_allocator_stats().allocated_bytes - before;
  loss.backward();
  return held;
}

TEST(ActivationCheckpoint, HoldsLessForTheBackwardPass) {
  const size_t plain = held_after_forward(false), checkpointed = held_after_forward(true);
  // Each block keeps its input [4, 16, 32] instead of a dozen activations of that size or more.
  EXPECT_LT(checkpointed * 5, plain) << plain << " bytes without, " << checkpointed << " with";
}

}  // namespace
}  // namespace buildgpt::nn
