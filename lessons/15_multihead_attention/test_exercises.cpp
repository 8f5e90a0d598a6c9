// Lesson 15: each exercise against known placements, slices made with narrow, the lesson's
// MultiHeadAttention module and lesson 13's single head.
#include <gtest/gtest.h>

#include <stdexcept>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "multihead_attention.h"
#include "transformer_block.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, KnownPlacement) {
  // One token of 4 features, 2 heads: head 0 gets [0, 1], head 1 gets [2, 3].
  const Tensor x = tensor({0, 1, 2, 3}, {1, 1, 4});
  EXPECT_TRUE(close(split_heads(x, 2), tensor({0, 1, 2, 3}, {1, 2, 1, 2}), 0));
}

TEST(Exercise1, EachHeadIsASliceOfTheFeatures) {
  const Tensor x = randn({3, 5, 12});
  for (const int64_t heads : {1, 2, 3, 4, 6, 12}) {
    const Tensor split = split_heads(x, heads);
    const int64_t d = 12 / heads;
    ASSERT_EQ(split.shape(), (Shape{3, heads, 5, d})) << heads << " heads";
    for (int64_t h = 0; h < heads; ++h) {
      EXPECT_TRUE(close(split.select(1, h), x.narrow(2, h * d, d), 0))
          << "head " << h << " of " << heads;
    }
  }
}

TEST(Exercise1, RefusesAWidthThatDoesNotDivide) {
  EXPECT_THROW(split_heads(randn({1, 2, 10}), 4), std::invalid_argument)
      << "10 features cannot be split into 4 equal heads";
}

TEST(Exercise2, KnownPlacement) {
  const Tensor heads = tensor({0, 1, 2, 3}, {1, 2, 1, 2});
  EXPECT_TRUE(close(merge_heads(heads), tensor({0, 1, 2, 3}, {1, 1, 4}), 0));
}

TEST(Exercise2, UndoesTheSplit) {
  const Tensor x = randn({2, 7, 16});
  for (const int64_t heads : {1, 2, 4, 8}) {
    const Tensor split = x.view({2, 7, heads, 16 / heads}).transpose(1, 2);
    EXPECT_TRUE(close(merge_heads(split), x, 0)) << heads << " heads";
  }
}

TEST(Exercise3, MatchesTheModule) {
  for (const auto& [heads, C] : {std::pair<int64_t, int64_t>{1, 8}, {2, 8}, {4, 128}, {8, 64}}) {
    MultiHeadAttention mha(heads, C);
    const Tensor x = randn({3, 6, C});
    EXPECT_TRUE(close(multihead_attention(x, mha.query->weight, mha.key->weight, mha.value->weight,
                                          mha.W0->weight, heads),
                      mha(x), 1e-4))
        << heads << " heads of width " << C / heads;
  }
}

TEST(Exercise3, OneHeadIsTheSingleHeadOfLesson13) {
  OneAttentionHead head(32);
  const Tensor x = randn({2, 8, 32});
  EXPECT_TRUE(close(multihead_attention(x, head.query->weight, head.key->weight, head.value->weight,
                                        head.W0->weight, 1),
                    head(x), 1e-5));
}

TEST(Exercise3, HeadsDiffer) {
  // Four heads of width 32 are not one head of width 128: each scales by 1/sqrt(32) and softmaxes
  // on its own.
  MultiHeadAttention mha(4, 128);
  const Tensor x = randn({1, 8, 128}) * 3.0;
  const Tensor four = multihead_attention(x, mha.query->weight, mha.key->weight, mha.value->weight,
                                          mha.W0->weight, 4);
  const Tensor one = multihead_attention(x, mha.query->weight, mha.key->weight, mha.value->weight,
                                         mha.W0->weight, 1);
  EXPECT_GT(max(abs(four - one)).item(), 1e-3);
  EXPECT_TRUE(close(four, mha(x), 1e-4));
}

}  // namespace
}  // namespace buildgpt::lessons
