// Lesson 13: each exercise against known values, the library's ops, and the lesson's own
// TransformerBlock module.
#include <gtest/gtest.h>

#include "block_weights.h"
#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "transformer_block.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, KnownRadii) {
  const Tensor p = tensor({3, 4, 0, -2, 1, 0}, {3, 2});
  EXPECT_TRUE(close(lift_to_radius(p), tensor({3, 4, 5, 0, -2, 2, 1, 0, 1}, {3, 3})))
      << "x and y kept, then sqrt(x² + y²)";
}

TEST(Exercise1, MatchesTheLibrarysNorm) {
  const Tensor p = randn({100, 2}) * 2.0;
  const Tensor lifted = lift_to_radius(p);
  ASSERT_EQ(lifted.shape(), (Shape{100, 3}));
  EXPECT_TRUE(close(lifted.narrow(1, 0, 2), p, 0)) << "the first two columns are the points";
  EXPECT_TRUE(close(lifted.select(1, 2), (p * p).sum({1}).sqrt(), 1e-6));
}

// A block whose layer norms are not the identity.
void perturb(TransformerBlock& b, int64_t c) {
  NoGradGuard no_grad;
  for (nn::LayerNorm* n : {b.layerNormAttn.get(), b.layerNormMLP.get()}) {
    n->weight.copy_(randn({c}) + 1.0);
    n->bias.copy_(randn({c}));
  }
}

TEST(Exercise2, MatchesTheBlockModule) {
  for (const auto& [C, B, T] : {std::array<int64_t, 3>{4, 1, 1}, {8, 2, 5}, {128, 5, 8}}) {
    TransformerBlock block(C);
    perturb(block, C);
    const Tensor x = randn({B, T, C});
    EXPECT_TRUE(close(transformer_block(x, block_weights(block)), block(x), 1e-4))
        << "width " << C << ", " << T << " tokens";
  }
}

TEST(Exercise2, TheFutureDoesNotReachThePast) {
  // Changing the last token may change only the last output row.
  TransformerBlock block(16);
  const Tensor x = randn({1, 6, 16});
  const Tensor changed = cat({x.narrow(1, 0, 5), randn({1, 1, 16})}, 1);
  const BlockWeights w = block_weights(block);
  const Tensor a = transformer_block(x, w), b = transformer_block(changed, w);
  EXPECT_TRUE(close(a.narrow(1, 0, 5), b.narrow(1, 0, 5), 1e-6)) << "rows 0 to 4";
  EXPECT_GT(max(abs(a.narrow(1, 5, 1) - b.narrow(1, 5, 1))).item(), 1e-3) << "row 5 must change";
}

TEST(Exercise3, KnownCounts) {
  EXPECT_EQ(block_parameter_count(128), 197760) << "the course's width: 12 * 128² + 9 * 128";
  EXPECT_EQ(block_parameter_count(1), 21);
}

TEST(Exercise3, MatchesTheModule) {
  for (const int64_t C : {2, 16, 64, 128, 768}) {
    EXPECT_EQ(block_parameter_count(C), TransformerBlock(C).num_parameters()) << "width " << C;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
