// Lesson 08's exercises: the statistics layer norm uses, layer norm itself from primitives, and
// (a stretch) its gradients by hand.
#pragma once

#include "autograd/autograd.h"

namespace buildgpt::lessons {

struct RowMoments {
  Tensor mean;  // [..., 1]
  Tensor var;   // [..., 1]
};

// Exercise 1: the mean and the biased variance (divided by n, not n - 1) of each row, over the
// last dimension, keeping it as size 1 so they broadcast against x.
RowMoments row_moments(const Tensor& x);

// Exercise 2: layer norm over the last dimension, from primitives:
//   (x - mean) / sqrt(var + eps) * gamma + beta    (biased variance)
// gamma and beta have the last dimension's size; an undefined one (Tensor()) is left out.
Tensor layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          double eps = 1e-5);

// Exercise 3 (stretch): the gradients of layer_norm_forward(x, gamma, beta, eps) by hand, given
// the gradient of the loss with respect to its output (grad_out, x's shape). gamma is defined.
struct LayerNormGrads {
  Tensor x;      // x's shape
  Tensor gamma;  // [C]
  Tensor beta;   // [C]
};
LayerNormGrads layer_norm_backward(const Tensor& x, const Tensor& gamma, const Tensor& grad_out,
                                   double eps = 1e-5);

}  // namespace buildgpt::lessons
