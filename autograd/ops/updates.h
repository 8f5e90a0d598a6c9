// In-place updates outside the graph, for the optimizers and gradient clipping (updates.cpp).
// Every tensor involved must be float32 on the parameter's device, of the parameter's shape.
#pragma once

#include <vector>

#include "autograd/backend.h"
#include "autograd/tensor.h"

namespace buildgpt {

// One AdamW step of param from grad, updating its two moment estimates.
void adamw_update_(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                   const AdamWStep& step);
// One SGD step; momentum_buffer is undefined without momentum.
void sgd_update_(Tensor& param, const Tensor& grad, Tensor& momentum_buffer, const SGDStep& step);
// [n] float32 on the tensors' device: element i = Σ xs[i]², each summed in double and rounded
// once, nothing read on the host (the gradient norm of clipping).
Tensor squared_norms(const std::vector<Tensor>& xs);
// x ← x · factor, the factor a one-element tensor on x's device (read there, not on the host).
void mul_(Tensor& x, const Tensor& factor);

}  // namespace buildgpt
