// Gradient clipping by global norm.
#pragma once

#include <vector>

#include "autograd/tensor.h"

namespace buildgpt::nn {

// The L2 norm of all gradients together (parameters without one are skipped).
double grad_norm(const std::vector<Tensor>& params);

// grad_norm(params), and when it exceeds
// max_norm every gradient is scaled in place by max_norm / (norm + 1e-6), as
// torch.nn.utils.clip_grad_norm_ does. Returns the norm before clipping.
double clip_grad_norm(const std::vector<Tensor>& params, double max_norm);

}  // namespace buildgpt::nn
