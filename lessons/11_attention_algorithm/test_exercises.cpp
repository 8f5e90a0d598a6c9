// Lesson 11: each exercise against known values and the library's fused
// scaled_dot_product_attention, its output and its gradients (the weights for exercise 3 from
// lessons/common).
#include <gtest/gtest.h>

#include <cmath>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

TEST(Exercise1, KnownScores) {
  // Queries [1, 0] and [1, 1] against keys [1, 0] and [0, 2], width 2: q kᵀ / sqrt(2).
  const Tensor q = tensor({1, 0, 1, 1}, {2, 2}), k = tensor({1, 0, 0, 2}, {2, 2});
  const float r = 1 / std::sqrt(2.0f);
  EXPECT_TRUE(close(attention_scores(q, k), tensor({r, 0, r, 2 * r}, {2, 2})))
      << "divide by sqrt(d), the width of q and k";
}

TEST(Exercise1, BatchedAndRectangular) {
  // Batch dimensions carry through; Tq and Tk may differ.
  const Tensor q = randn({2, 3, 4, 8}), k = randn({2, 3, 6, 8});
  const Tensor got = attention_scores(q, k);
  ASSERT_EQ(got.shape(), (Shape{2, 3, 4, 6}));
  const Tensor want = q.matmul(k.transpose(-2, -1)) / std::sqrt(8.0);
  EXPECT_TRUE(close(got, want, 1e-5));
}

struct Shapes {
  Shape qk, v;
};

TEST(Exercise2, MatchesTheFusedKernel) {
  for (const Shapes& s : {Shapes{{1, 1}, {1, 1}}, Shapes{{8, 10}, {8, 10}},
                          Shapes{{4, 8, 10}, {4, 8, 10}}, Shapes{{2, 4, 16, 32}, {2, 4, 16, 8}}}) {
    const Tensor q = randn(s.qk), k = randn(s.qk), v = randn(s.v);
    EXPECT_TRUE(close(causal_attention(q, k, v), scaled_dot_product_attention(q, k, v, true), 1e-4))
        << "q and k " << shape_str(s.qk) << ", v " << shape_str(s.v);
  }
}

TEST(Exercise2, TheFirstTokenSeesOnlyItself) {
  // Query 0 has one key to look at, so its output is v's first row, whatever the scores.
  const Tensor q = randn({5, 4}) * 10.0, k = randn({5, 4}) * 10.0, v = randn({5, 3});
  EXPECT_TRUE(close(causal_attention(q, k, v).select(0, 0), v.select(0, 0), 1e-5));
}

TEST(Exercise2, GradientsMatchTheFusedKernel) {
  const Tensor q0 = randn({2, 6, 8}), k0 = randn({2, 6, 8}), v0 = randn({2, 6, 5});
  const Tensor g = randn({2, 6, 5});
  Tensor q = q0.clone().requires_grad_(), k = k0.clone().requires_grad_(),
         v = v0.clone().requires_grad_();
  (causal_attention(q, k, v) * g).sum().backward();
  Tensor qf = q0.clone().requires_grad_(), kf = k0.clone().requires_grad_(),
         vf = v0.clone().requires_grad_();
  (scaled_dot_product_attention(qf, kf, vf, true) * g).sum().backward();
  EXPECT_TRUE(close(q.grad(), qf.grad(), 1e-4)) << "gradient of q";
  EXPECT_TRUE(close(k.grad(), kf.grad(), 1e-4)) << "gradient of k";
  EXPECT_TRUE(close(v.grad(), vf.grad(), 1e-4)) << "gradient of v";
}

TEST(Exercise3, KnownGradient) {
  // Two positions: the first sees only itself, the second half each. dL/dv_0 collects
  // 1 * g_0 + 0.5 * g_1, dL/dv_1 only 0.5 * g_1.
  const Tensor p = tensor({1, 0, 0.5f, 0.5f}, {2, 2}), g = tensor({2, 4}, {2, 1});
  EXPECT_TRUE(close(value_gradient(p, g), tensor({4, 2}, {2, 1})));
}

TEST(Exercise3, MatchesTheFusedKernelsBackward) {
  for (const Shape& shape : {Shape{7, 4}, Shape{3, 8, 16}, Shape{2, 2, 5, 6}}) {
    const Tensor q = randn(shape), k = randn(shape), g = randn(shape);
    Tensor v = randn(shape).requires_grad_();
    (scaled_dot_product_attention(q, k, v, true) * g).sum().backward();
    EXPECT_TRUE(close(value_gradient(causal_attention_weights(q, k), g), v.grad(), 1e-4))
        << "shape " << shape_str(shape);
  }
}

}  // namespace
}  // namespace buildgpt::lessons
