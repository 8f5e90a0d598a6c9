// Lesson 08: each exercise against the library's mean, var and layer_norm, and its autograd.
#include <gtest/gtest.h>

#include "exercises.h"
#include "lessons/common/tensor_close.h"

namespace buildgpt::lessons {
namespace {

// Rows of several shapes and scales, one with a row of equal values (variance 0).
const std::vector<Tensor>& inputs() {
  static const std::vector<Tensor> all = {tensor({1, 2, 3, 4}), randn({4, 16}) * 3.0 + 5.0,
                                          randn({2, 3, 32}), randn({3, 8}) * 1000.0,
                                          tensor({2, 2, 2, 1, -1, 4}, {2, 3})};
  return all;
}

TEST(Exercise1, MomentsOfAKnownRow) {
  const RowMoments m = row_moments(tensor({1, 2, 3, 4}));
  EXPECT_TRUE(close(m.mean, tensor({2.5f})));
  EXPECT_TRUE(close(m.var, tensor({1.25f}))) << "the biased variance divides by n = 4: 5 / 4";
}

TEST(Exercise1, MomentsMatchTheLibraryPerRow) {
  for (const Tensor& x : inputs()) {
    const RowMoments m = row_moments(x);
    EXPECT_TRUE(close(m.mean, mean(x, {-1}, true), 1e-4)) << "mean of " << x;
    EXPECT_TRUE(close(m.var, var(x, {-1}, true, /*correction=*/0), 1e-4)) << "variance of " << x;
  }
}

TEST(Exercise2, LayerNormWithoutAffineMatchesTheLibrary) {
  for (const Tensor& x : inputs()) {
    EXPECT_TRUE(close(layer_norm_forward(x, Tensor(), Tensor()), layer_norm(x, {x.size(-1)}), 1e-4))
        << "x " << x;
  }
}

TEST(Exercise2, LayerNormWithGammaAndBetaMatchesTheLibrary) {
  for (const Tensor& x : inputs()) {
    const Shape c = {x.size(-1)};
    const Tensor gamma = randn(c) + 1.0, beta = randn(c);
    EXPECT_TRUE(close(layer_norm_forward(x, gamma, beta), layer_norm(x, c, gamma, beta), 1e-4))
        << "x " << x << "\n gamma " << gamma << "\n beta " << beta;
    EXPECT_TRUE(close(layer_norm_forward(x, gamma, Tensor()), layer_norm(x, c, gamma), 1e-4))
        << "gamma only, x " << x;
    EXPECT_TRUE(
        close(layer_norm_forward(x, Tensor(), beta), layer_norm(x, c, Tensor(), beta), 1e-4))
        << "beta only, x " << x;
  }
}

TEST(Exercise2, EpsGoesInsideTheSquareRoot) {
  // Rows whose variance (about 1e-6) is smaller than eps: where eps goes changes the answer.
  const Tensor x = randn({4, 8}) * 1e-3;
  for (double eps : {1e-5, 1e-3}) {
    EXPECT_TRUE(close(layer_norm_forward(x, Tensor(), Tensor(), eps),
                      layer_norm(x, {8}, Tensor(), Tensor(), eps), 1e-4))
        << "eps " << eps << ": (x - mean) / sqrt(var + eps)";
  }
}

// The library's gradients of sum(layer_norm(x, gamma, beta) * grad_out), through autograd.
LayerNormGrads autograd_grads(const Tensor& x, const Tensor& gamma, const Tensor& grad_out) {
  Tensor xl = x.clone().requires_grad_(), gl = gamma.clone().requires_grad_();
  Tensor bl = zeros(gamma.shape()).requires_grad_();
  layer_norm(xl, gamma.shape(), gl, bl).backward(grad_out);
  return {xl.grad(), gl.grad(), bl.grad()};
}

TEST(Exercise3, GradientsMatchAutograd) {
  for (const Tensor& x : inputs()) {
    const Tensor gamma = randn({x.size(-1)}) + 1.0, grad_out = randn(x.shape());
    const LayerNormGrads mine = layer_norm_backward(x, gamma, grad_out);
    const LayerNormGrads want = autograd_grads(x, gamma, grad_out);
    EXPECT_TRUE(close(mine.x, want.x, 1e-3)) << "gradient of x, x " << x;
    EXPECT_TRUE(close(mine.gamma, want.gamma, 1e-3)) << "gradient of gamma, x " << x;
    EXPECT_TRUE(close(mine.beta, want.beta, 1e-4)) << "gradient of beta, x " << x;
  }
}

TEST(Exercise3, AShiftOfEveryInputChangesNothing) {
  // Adding the same number to a whole row leaves layer norm's output unchanged, so the gradient
  // of x sums to zero along each row.
  const Tensor x = randn({5, 12}), gamma = ones({12}), grad_out = randn({5, 12});
  const Tensor row_sums = layer_norm_backward(x, gamma, grad_out).x.sum({-1});
  EXPECT_TRUE(close(row_sums, zeros({5}), 1e-4)) << "row sums of the gradient of x";
}

}  // namespace
}  // namespace buildgpt::lessons
