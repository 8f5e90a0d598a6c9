// Shapes whose element count or byte size does not fit in 64 bits are errors naming the shape,
// not tensors with a wrapped-around size.
#include <gtest/gtest.h>

#include "autograd/autograd.h"
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::throws_with;

TEST(ShapeOverflow, ElementCountsThatOverflowAreErrors) {
  EXPECT_TRUE(throws_with(
      [] {
        shape_numel({int64_t{1} << 40, int64_t{1} << 40});
      },
      {"[1099511627776, 1099511627776]"}));
  EXPECT_TRUE(throws_with(
      [] {
        zeros({int64_t{1} << 40, int64_t{1} << 40});
      },
      {"[1099511627776, 1099511627776]"}));
  EXPECT_EQ(shape_numel({int64_t{1} << 31, int64_t{1} << 31}), int64_t{1} << 62);
  EXPECT_EQ(shape_numel({3, 0, 5}), 0);
}

TEST(ShapeOverflow, ByteSizesThatOverflowAreErrors) {
  // 2^62 elements fit in int64; their 2^64 bytes do not.
  EXPECT_TRUE(throws_with(
      [] {
        ones({int64_t{1} << 31, int64_t{1} << 31});
      },
      {"[2147483648, 2147483648]", "bytes"}));
  EXPECT_TRUE(throws_with(
      [] {
        empty({int64_t{1} << 61, 4}, kInt64);
      },
      {"[2305843009213693952, 4]"}));
}

TEST(ShapeOverflow, AnEmptyShapeMayNotHideAnOverflow) {
  // Products of the other sizes (strides, the rows of a reduction) would still overflow.
  EXPECT_TRUE(throws_with(
      [] {
        zeros({0, int64_t{1} << 40, int64_t{1} << 40});
      },
      {"[0, 1099511627776, 1099511627776]"}));
}

TEST(ShapeOverflow, ViewsCheckTheirShapesToo) {
  const Tensor t = zeros({0});
  EXPECT_TRUE(throws_with(
      [&] {
        t.view({0, int64_t{1} << 62, 4});
      },
      {"[0, 4611686018427387904, 4]"}));
  // The known sizes beside a -1 overflow before the -1 is solved for.
  EXPECT_TRUE(throws_with(
      [&] {
        t.view({-1, int64_t{1} << 62, 4});
      },
      {"view", "[-1, 4611686018427387904, 4]", "64-bit"}));
}

}  // namespace
}  // namespace buildgpt
