// Activation checkpointing: a piece of the forward pass that keeps only its inputs for the
// backward pass, and runs again there to rebuild what its backward needs. Memory of the piece's
// inside is traded for a second forward pass.
#pragma once

#include <functional>
#include <vector>

#include "autograd/generator.h"
#include "autograd/tensor.h"

namespace buildgpt::nn {

using CheckpointFn = std::function<Tensor(const std::vector<Tensor>&)>;

// fn(inputs), computed without recording a graph; one node records it, saving only the inputs.
// Its backward sets each generator in `generators` back to where it stood before the forward,
// runs fn again with the graph on (so dropout draws the same masks), sets the generators back to
// where they were, and runs the backward of that second pass: the parameters fn uses get the
// gradients they get without checkpointing, and so do the inputs. fn must compute the same thing
// both times (the same modules, in the same training mode). When no graph would be recorded
// (grad mode off, or no input requires grad) it is plain fn(inputs).
Tensor checkpoint(const CheckpointFn& fn, const std::vector<Tensor>& inputs,
                  const std::vector<Generator*>& generators = {&default_generator()});

}  // namespace buildgpt::nn
