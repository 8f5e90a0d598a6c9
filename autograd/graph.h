// The autograd graph: nodes made by differentiable ops, and the backward pass that walks them.
//
// A node knows the op's name, the edges to its inputs' producers, and a backward function that
// turns the output's gradient into one gradient per input. It saves only what that function
// needs (input tensors or detached output values) and never its own output, so a graph has no
// reference cycles and is freed as soon as the last tensor that reaches it goes away.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "autograd/tensor.h"

namespace buildgpt {

using Grads = std::vector<Tensor>;
// needs[i] tells whether input i wants a gradient; a backward may leave the others undefined.
using NeedsGrad = std::vector<bool>;
using BackwardFn = std::function<Grads(const Tensor& grad_output, const NeedsGrad& needs)>;

// Where an input's gradient goes: to the node that produced it, or into a leaf's .grad.
struct Edge {
  std::shared_ptr<Node> node;
  std::shared_ptr<TensorImpl> leaf;
  bool active() const { return node || leaf; }
};

struct Node {
  std::string op;
  Shape shape;             // the shape of the output, for messages and printed graphs
  std::vector<Edge> next;  // one per input, in the op's argument order
  BackwardFn backward;     // empty once the graph has been freed by a backward pass

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Frees a long chain of nodes with a loop instead of nested destructor calls.
  ~Node();
};

// Attaches a node to `out` when grad mode is on and any input requires grad; returns `out`.
Tensor record(const char* op, Tensor out, const std::vector<Tensor>& inputs, BackwardFn backward);

// The backward pass behind Tensor::backward: gradients of `root` flow to every leaf that
// requires grad, visiting nodes in reverse topological order (iteratively, no recursion).
void run_backward(const Tensor& root, const Tensor& grad, bool retain_graph);

// Sums `grad` over the dimensions that broadcasting added or stretched, giving `shape`.
Tensor sum_to(const Tensor& grad, const Shape& shape);

// Whether ops record the graph (thread-local; on by default).
bool grad_mode_enabled();
// Sets grad mode for a scope and restores the previous mode at its end.
class GradModeGuard {
 public:
  explicit GradModeGuard(bool enabled);
  ~GradModeGuard();
  GradModeGuard(const GradModeGuard&) = delete;
  GradModeGuard& operator=(const GradModeGuard&) = delete;

 private:
  bool previous_;
};
// Turns recording off: evaluation, sampling, optimizer steps.
class NoGradGuard : public GradModeGuard {
 public:
  NoGradGuard() : GradModeGuard(false) {}
};

// Prints the graph that produced `t`: each node with its op, output shape and inputs, in the
// order backward will visit them.
void print_graph(std::ostream& os, const Tensor& t);

}  // namespace buildgpt
