// Lesson 10: each exercise against known values and the library's tril, cumsum, masked_fill and
// softmax.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

const double kInf = std::numeric_limits<double>::infinity();

TEST(Exercise1, KnownMask) {
  const Tensor mask = causal_additive_mask(3);
  ASSERT_EQ(mask.dtype(), kFloat32);
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(close(mask, tensor({0, -inf, -inf, 0, 0, -inf, 0, 0, 0}, {3, 3}), 0))
      << "row i: 0 for the present and the past (j <= i), -inf for the future";
}

TEST(Exercise1, IsTheLogOfTheLowerTriangle) {
  // log 1 = 0 and log 0 = -inf: the additive mask is the log of tril(ones).
  for (const int64_t T : {1, 2, 9, 64}) {
    EXPECT_TRUE(close(causal_additive_mask(T), ones({T, T}).tril().log(), 0)) << "T = " << T;
  }
}

TEST(Exercise2, KnownAverages) {
  // The course's past [4, 1, -2, -3] as one column: the running means 4, 2.5, 1, 0.
  const Tensor x = tensor({4, 1, -2, -3}, {4, 1});
  EXPECT_TRUE(close(past_average(x), tensor({4, 2.5f, 1, 0}, {4, 1})));
}

TEST(Exercise2, MatchesCumulativeSums) {
  for (const Shape& shape : {Shape{1, 3}, Shape{7, 5}, Shape{2, 8, 16}, Shape{3, 2, 6, 4}}) {
    const Tensor x = randn(shape);
    const int64_t T = x.size(-2);
    const Tensor counts = arange(1.0, static_cast<double>(T) + 1, 1.0, kFloat32).unsqueeze(-1);
    EXPECT_TRUE(close(past_average(x), cumsum(x, -2) / counts, 1e-5))
        << "shape " << shape_str(shape) << ": row t is the mean of rows 0..t";
  }
}

TEST(Exercise2, GradientIsTheTransposedAverage) {
  // d sum(W x * g) / dx = Wᵀ g: row s of the gradient collects g_t / (t + 1) for every t >= s.
  const Tensor x = randn({5, 3}).requires_grad_(), g = randn({5, 3});
  (past_average(x) * g).sum().backward();
  const Tensor lower = ones({5, 5}).tril();
  const Tensor want = (lower / lower.sum({-1}, true)).t().matmul(g);
  EXPECT_TRUE(close(x.grad(), want, 1e-5));
}

TEST(Exercise3, ZeroScoresAverageThePast) {
  // Equal scores: row i gives each of its i + 1 visible columns 1 / (i + 1), the future 0.
  const Tensor w = causal_softmax(zeros({4, 4}));
  const Tensor lower = ones({4, 4}).tril();
  EXPECT_TRUE(close(w, lower / lower.sum({-1}, true), 1e-6));
}

TEST(Exercise3, MatchesMaskedFillThenSoftmax) {
  for (const Shape& shape : {Shape{1, 1}, Shape{7, 7}, Shape{4, 8, 8}, Shape{2, 3, 5, 5}}) {
    const Tensor scores = randn(shape) * 3.0;
    const int64_t T = shape.back();
    const Tensor future = ones({T, T}).triu(1) == 1.0;
    const Tensor want = softmax(scores.masked_fill(future, -kInf), -1);
    const Tensor got = causal_softmax(scores);
    EXPECT_TRUE(close(got, want, 1e-5)) << "shape " << shape_str(shape);
    EXPECT_TRUE(close(got.sum({-1}), ones(Shape(shape.begin(), shape.end() - 1)), 1e-5))
        << "every row sums to 1";
  }
}

TEST(Exercise3, TheFutureGetsExactlyZero) {
  // Large future scores must still get weight 0: not a small weight, none.
  const Tensor scores = ones({6, 6}).triu(1) * 50.0;
  const std::vector<float> w = causal_softmax(scores).to_vector<float>();
  for (int64_t i = 0; i < 6; ++i) {
    for (int64_t j = i + 1; j < 6; ++j)
      EXPECT_EQ(w[i * 6 + j], 0.0f) << "row " << i << ", col " << j;
  }
}

}  // namespace
}  // namespace buildgpt::lessons
