// Lesson 26: each exercise against what the engine's allocator measures (an AdamW step's state,
// what a block keeps for its backward pass) and against values worked out by hand.
#include <gtest/gtest.h>

#include "autograd/autograd.h"
#include "autograd/cpu/allocator.h"
#include "exercises.h"
#include "nn/adamw.h"
#include "nn/layers.h"
#include "nn/transformer.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, GPT2Small) {
  EXPECT_EQ(training_state_bytes(124439808), 1991036928) << "16 bytes a parameter";
}

TEST(Exercise1, MatchesWhatAnAdamWStepAllocates) {
  // A [64, 64] weight is 16 KiB, a size the allocator holds exactly.
  nn::Linear layer(64, 64, /*bias=*/false);
  const size_t before = cpu_allocator_stats().allocated_bytes;
  nn::AdamW optimizer(layer.parameters());
  layer(randn({4, 64})).sum().backward();
  optimizer.step();
  const auto held = static_cast<int64_t>(cpu_allocator_stats().allocated_bytes - before);
  // The weight was allocated before; its gradient and AdamW's moments since, and AdamW's step
  // counter (a small block).
  EXPECT_NEAR(static_cast<double>(held + 64 * 64 * 4),
              static_cast<double>(training_state_bytes(64 * 64)), 64.0);
}

TEST(Exercise2, AWidth64Block) { EXPECT_EQ(activation_values_per_token(64, 4), 1032); }

TEST(Exercise2, MatchesWhatABlockKeepsForItsBackwardPass) {
  // Sizes whose tensors are powers of two bytes, which the allocator holds exactly.
  for (const auto& [width, heads, tokens] :
       {std::array<int64_t, 3>{64, 4, 64}, {32, 2, 128}, {64, 1, 256}}) {
    nn::GPTConfig c;
    c.width = width;
    c.heads = heads;
    c.layers = 4;
    nn::Block block(c);
    Tensor x = randn({2, tokens / 2, width});
    x.requires_grad_(true);
    const size_t before = cpu_allocator_stats().allocated_bytes;
    const Tensor y = block(x);  // keeps the output, which is the next block's input
    const auto held = static_cast<int64_t>(cpu_allocator_stats().allocated_bytes - before);
    // Every tensor but one: q, k and v lie in c_attn's output, 3C values a token, which the
    // allocator holds in a block of the next power of two, 4C.
    const int64_t qkv_rounding = width * 4 * tokens;
    EXPECT_EQ(activation_values_per_token(width, heads) * 4 * tokens + qkv_rounding, held)
        << "width " << width << ", " << heads << " heads, " << tokens << " tokens";
  }
}

TEST(Exercise3, ByHand) {
  // 6 · 1e9 · 1e10 = 6e19 FLOPs at 8 · 1e14 · 0.5 = 4e14 FLOP/s: 1.5e5 s, 1.736 days.
  EXPECT_NEAR(training_days(1e9, 1e10, 8, 1e14, 0.5), 1.5e5 / 86400, 1e-9);
  EXPECT_NEAR(training_days(2e9, 1e10, 16, 1e14, 0.5), 1.5e5 / 86400, 1e-9)
      << "twice the model on twice the GPUs";
}

}  // namespace
}  // namespace buildgpt::lessons
