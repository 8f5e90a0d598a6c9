#include "nn/clip_grad.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/updates.h"

namespace buildgpt::nn {
namespace {

std::vector<Tensor> defined_grads(const std::vector<Tensor>& params) {
  std::vector<Tensor> grads;
  for (const Tensor& p : params) {
    if (p.grad().defined()) grads.push_back(p.grad());
  }
  return grads;
}

Tensor norm_of(const std::vector<Tensor>& grads, const std::vector<Tensor>& params) {
  if (grads.empty())
    return zeros({}, kFloat32, params.empty() ? Device::cpu() : params[0].device());
  return sqrt(sum(squared_norms(grads)));
}

}  // namespace

Tensor grad_norm_on_device(const std::vector<Tensor>& params) {
  NoGradGuard no_grad;
  return norm_of(defined_grads(params), params);
}

double grad_norm(const std::vector<Tensor>& params) { return grad_norm_on_device(params).item(); }

Tensor clip_grad_norm_(const std::vector<Tensor>& params, double max_norm) {
  if (!(max_norm > 0)) {
    throw std::invalid_argument("clip_grad_norm: max_norm must be positive, got " +
                                std::to_string(max_norm));
  }
  NoGradGuard no_grad;
  std::vector<Tensor> grads = defined_grads(params);
  const Tensor norm = norm_of(grads, params);
  if (grads.empty() || std::isinf(max_norm)) return norm;
  const Tensor factor = clamp(max_norm / (norm + 1e-6), 0, 1);
  for (Tensor& g : grads) mul_(g, factor);
  return norm;
}

double clip_grad_norm(const std::vector<Tensor>& params, double max_norm) {
  return clip_grad_norm_(params, max_norm).item();
}

}  // namespace buildgpt::nn
