#include "nn/activation_checkpoint.h"

#include "autograd/graph.h"

namespace buildgpt::nn {
namespace {

std::vector<Generator::State> states_of(const std::vector<Generator*>& generators) {
  std::vector<Generator::State> states;
  for (const Generator* g : generators) states.push_back(g->get_state());
  return states;
}

void restore(const std::vector<Generator*>& generators,
             const std::vector<Generator::State>& states) {
  for (size_t i = 0; i < generators.size(); ++i) generators[i]->set_state(states[i]);
}

std::vector<Tensor> detached(const std::vector<Tensor>& tensors) {
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(t.defined() ? t.detach() : Tensor());
  return out;
}

}  // namespace

Tensor checkpoint(const CheckpointFn& fn, const std::vector<Tensor>& inputs,
                  const std::vector<Generator*>& generators) {
  bool records = false;
  for (const Tensor& t : inputs) records = records || (t.defined() && t.requires_grad());
  if (!grad_mode_enabled() || !records) return fn(inputs);
  const std::vector<Generator::State> before = states_of(generators);
  Tensor out;
  {
    NoGradGuard no_grad;
    out = fn(detached(inputs));
  }
  // d inputs = the backward of fn run again from the saved inputs, the generators rewound
  return record("checkpoint", out, inputs,
                [fn, saved = detached(inputs), generators, before](
                    const Tensor& g, const NeedsGrad& needs) -> Grads {
                  std::vector<Tensor> leaves = detached(saved);
                  for (size_t i = 0; i < leaves.size(); ++i) {
                    if (needs[i]) leaves[i].requires_grad_(true);
                  }
                  const std::vector<Generator::State> now = states_of(generators);
                  restore(generators, before);
                  Tensor again;
                  {
                    GradModeGuard grad(true);
                    again = fn(leaves);
                  }
                  restore(generators, now);
                  if (again.requires_grad()) run_backward(again, g, /*retain_graph=*/false);
                  Grads grads;
                  for (size_t i = 0; i < leaves.size(); ++i) {
                    grads.push_back(needs[i] ? leaves[i].grad() : Tensor());
                  }
                  return grads;
                });
}

}  // namespace buildgpt::nn
