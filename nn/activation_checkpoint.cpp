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

// Runs fn again from `saved` with the graph on and the generators where `before` has them, then
// its backward with `g`; returns the gradients of the inputs that need one.
Grads replay_backward(const CheckpointFn& fn, const std::vector<Tensor>& saved,
                      const std::vector<Generator*>& generators,
                      const std::vector<Generator::State>& before, const Tensor& g,
                      const NeedsGrad& needs) {
  std::vector<Tensor> leaves = detached(saved);
  for (size_t i = 0; i < leaves.size(); ++i) {
    if (needs[i]) leaves[i].requires_grad_(true);
  }
  Tensor again;
  {
    // Sets the generators forward again to where they are now when the second pass ends, or
    // throws.
    struct Rewind {
      const std::vector<Generator*>& generators;
      const std::vector<Generator::State> now;
      ~Rewind() { restore(generators, now); }
    } rewind{generators, states_of(generators)};
    restore(generators, before);
    GradModeGuard grad(true);
    again = fn(leaves);
  }
  if (again.requires_grad()) run_backward(again, g, /*retain_graph=*/false);
  Grads grads;
  for (size_t i = 0; i < leaves.size(); ++i) {
    grads.push_back(needs[i] ? leaves[i].grad() : Tensor());
  }
  return grads;
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
                  return replay_backward(fn, saved, generators, before, g, needs);
                });
}

}  // namespace buildgpt::nn
