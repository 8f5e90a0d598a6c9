// Lesson 25's exercises: RMSNorm's forward pass, DeepNorm's two constants, and the gradient norm
// the figures plot.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: RMSNorm over the last dimension of x [..., C] with weight [C], from elementwise ops
// and reductions (no rms_norm):  y = x / sqrt(mean(x², over the last dimension) + eps) · weight
Tensor rms_norm_rows(const Tensor& x, const Tensor& weight, double eps);

// Exercise 2: DeepNorm's constants for a decoder of L blocks: the residual stream is multiplied by
// alpha = (2L)^(1/4) before the branch is added; the branches' weights start scaled by
// beta = (8L)^(-1/4).
struct DeepNormConstants {
  double alpha, beta;
};
DeepNormConstants deepnorm_constants(int64_t layers);

// Exercise 3: the L2 norm of the gradients of `params` together, sqrt(Σ over every element of
// every gradient of g²), skipping parameters that have no gradient (grad() undefined).
double gradient_norm(const std::vector<Tensor>& params);

}  // namespace buildgpt::lessons
