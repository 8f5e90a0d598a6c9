// In-place updates outside the graph, for the optimizers and gradient clipping (updates.cpp).
// Every tensor involved must be float32 on the parameter's device, of the parameter's shape.
#pragma once

#include "autograd/backend.h"
#include "autograd/tensor.h"

namespace buildgpt {

// One AdamW step of param from grad, updating its two moment estimates.
void adamw_update_(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                   const AdamWStep& step);
// One SGD step; momentum_buffer is undefined without momentum.
void sgd_update_(Tensor& param, const Tensor& grad, Tensor& momentum_buffer, const SGDStep& step);
// Σ x² in double, read back to the host.
double squared_norm(const Tensor& x);
// x ← x · factor.
void mul_(Tensor& x, double factor);

}  // namespace buildgpt
