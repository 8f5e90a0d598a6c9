// Gradient norms layer by layer: how strongly each layer of a deep model is being trained.
#pragma once

#include <string>
#include <vector>

#include "autograd/tensor.h"
#include "nn/module.h"

namespace buildgpt::nn {

struct LayerParameters {
  std::string name;  // "transformer.h.3", "transformer.wte", ...
  std::vector<Tensor> parameters;
};

// The model's parameters grouped by layer, in the order named_parameters lists them: a
// parameter's layer is its name up to its first numeric part ("transformer.h.3.attn.c_attn.weight"
// is in "transformer.h.3"), or without a numeric part its module ("transformer.ln_f.bias" is in
// "transformer.ln_f").
std::vector<LayerParameters> parameters_by_layer(const Module& model);

// The L2 norm of each layer's gradients together (parameters without a gradient add nothing).
std::vector<double> layer_grad_norms(const std::vector<LayerParameters>& layers);

}  // namespace buildgpt::nn
