// Gradient clipping by global norm.
#pragma once

#include <vector>

#include "autograd/tensor.h"

namespace buildgpt::nn {

// The L2 norm of all gradients together (parameters without one are skipped; 0 when none has
// one), as a one-element tensor on their device: nothing is read on the host. Each gradient's sum
// of squares is accumulated in double and rounded once to float32.
Tensor grad_norm_on_device(const std::vector<Tensor>& params);
// The same, read back to the host.
double grad_norm(const std::vector<Tensor>& params);

// grad_norm_on_device(params), and when it exceeds max_norm every gradient is scaled in place by
// max_norm / (norm + 1e-6), as torch.nn.utils.clip_grad_norm_ does. The factor is worked out on
// the device (min(1, max_norm / (norm + 1e-6)); gradients below the limit are multiplied by
// exactly 1), so a step on a GPU reads nothing back here. An infinite max_norm only measures.
// Returns the norm before clipping.
Tensor clip_grad_norm_(const std::vector<Tensor>& params, double max_norm);
// The same, with the norm read back to the host.
double clip_grad_norm(const std::vector<Tensor>& params, double max_norm);

}  // namespace buildgpt::nn
