// Lesson 18: a training step on a second device (the GPU, or the CPU's kernels standing in for
// one) against the same step by the library on the CPU, and the notebook's loss against values
// worked out by hand.
#include <gtest/gtest.h>

#include "exercises.h"
#include "lessons/common/device_fixture.h"
#include "lessons/common/tensor_close.h"
#include "nn/adamw.h"

namespace buildgpt::lessons {
namespace {

const nn::GPTConfig kTiny{.vocab_size = 32, .context = 8, .width = 16, .heads = 2, .layers = 1};

// `steps` training steps by the library on the CPU; returns each step's loss.
std::vector<double> library_steps(nn::GPT& model, const Tensor& inputs, const Tensor& targets,
                                  int steps) {
  nn::AdamW optimizer(model.parameters(), {.lr = 1e-2});
  std::vector<double> losses;
  for (int s = 0; s < steps; ++s) {
    optimizer.zero_grad();
    const Tensor loss =
        cross_entropy(model(inputs).view({-1, kTiny.vocab_size}), targets.view({-1}));
    loss.backward();
    optimizer.step();
    losses.push_back(loss.item());
  }
  return losses;
}

using Exercise1 = OnADevice;

TEST_F(Exercise1, LeavesTheLossOnTheDeviceAndTrainsAsTheLibrary) {
  Generator data(7);
  const Tensor tokens = randint(0, kTiny.vocab_size, {3, kTiny.context + 1}, &data);
  const Tensor inputs = tokens.narrow(1, 0, kTiny.context),
               targets = tokens.narrow(1, 1, kTiny.context);
  Generator a(1), b(1);
  nn::GPT reference(kTiny, &a), model(kTiny, &b);
  const std::vector<double> expected = library_steps(reference, inputs, targets, 3);

  model.to(device);
  nn::AdamW optimizer(model.parameters(), {.lr = 1e-2});
  const Tensor x = inputs.to(device), y = targets.to(device);
  for (int s = 0; s < 3; ++s) {
    const Tensor loss = training_step(model, optimizer, x, y);
    ASSERT_TRUE(loss.defined());
    EXPECT_EQ(loss.device(), device) << "the loss stays where it was computed";
    EXPECT_NEAR(loss.item(), expected[s], 1e-4 * expected[s])
        << "step " << s + 1 << " (each step starts from zeroed gradients)";
  }
  const auto want = reference.named_parameters(), got = model.named_parameters();
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(close(got[i].second.to(Device::cpu()), want[i].second, 1e-4)) << want[i].first;
  }
}

TEST(Exercise2, IsMinusTheLastLogitOfTheLastInputToken) {
  // Batch 2, 2 positions, 3 classes; the last input tokens are 2 and 0.
  const Tensor logits = tensor({0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6}, {2, 2, 3});
  const Tensor inputs = from_vector(std::vector<int64_t>{1, 2, 0, 0}, {2, 2});
  const Tensor loss = course_loss(logits, inputs);
  EXPECT_EQ(loss.dim(), 0);
  EXPECT_NEAR(loss.item(), -(0.0 + 4.0) / 2, 1e-6);  // rows [0, 0, 0] and [4, 5, 6]
}

TEST(Exercise2, IsNoLossAtAll) {
  // Raw logits are not log-probabilities: large ones give a "loss" below zero, which
  // cross-entropy never is.
  const Tensor logits = full({1, 1, 4}, 50.0);
  const Tensor inputs = from_vector(std::vector<int64_t>{3}, {1, 1});
  EXPECT_LT(course_loss(logits, inputs).item(), -49);
  EXPECT_GT(cross_entropy(logits.view({1, 4}), inputs.view({1})).item(), 0);
}

}  // namespace
}  // namespace buildgpt::lessons
