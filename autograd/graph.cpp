#include "autograd/graph.h"

#include <ostream>
#include <stdexcept>
#include <unordered_map>

#include "autograd/creation.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/profile.h"

namespace buildgpt {
namespace {

thread_local bool grad_mode = true;

// Names under which the profile counts the backward pass's own work.
const std::string kAccumulateGrad = "accumulate_grad", kSumGrads = "sum_grads";

// The nodes reachable from `root` in an order where every node comes before the nodes it feeds
// gradients to (Kahn's algorithm on the number of consumers of each node).
std::vector<Node*> topological_order(Node* root) {
  std::unordered_map<Node*, int> consumers;
  std::vector<Node*> stack{root};
  consumers[root] = 0;
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (const Edge& e : n->next) {
      if (!e.node) continue;
      auto [it, fresh] = consumers.try_emplace(e.node.get(), 0);
      ++it->second;
      if (fresh) stack.push_back(e.node.get());
    }
  }
  std::vector<Node*> order, ready{root};
  while (!ready.empty()) {
    Node* n = ready.back();
    ready.pop_back();
    order.push_back(n);
    for (const Edge& e : n->next) {
      if (e.node && --consumers[e.node.get()] == 0) ready.push_back(e.node.get());
    }
  }
  return order;
}

void accumulate_into_leaf(TensorImpl& leaf, const Tensor& grad) {
  if (grad.shape() != leaf.shape) {
    throw std::logic_error("backward: gradient of shape " + shape_str(grad.shape()) +
                           " for a leaf of shape " + shape_str(leaf.shape));
  }
  if (!leaf.grad) {
    // The incoming gradient itself when nothing else holds it; a copy when it may be shared.
    leaf.grad = grad.owned_alone() ? grad.impl() : grad.clone().impl();
  } else {
    Tensor acc(leaf.grad);
    add_(acc, grad);
  }
}

}  // namespace

Node::~Node() {
  std::vector<std::shared_ptr<Node>> orphans;
  for (Edge& e : next) {
    if (e.node) orphans.push_back(std::move(e.node));
  }
  while (!orphans.empty()) {
    std::shared_ptr<Node> n = std::move(orphans.back());
    orphans.pop_back();
    if (n.use_count() == 1) {  // we hold the last reference: adopt its inputs before it dies
      for (Edge& e : n->next) {
        if (e.node) orphans.push_back(std::move(e.node));
      }
    }
  }
}

bool grad_mode_enabled() { return grad_mode; }
GradModeGuard::GradModeGuard(bool enabled) : previous_(grad_mode) { grad_mode = enabled; }
GradModeGuard::~GradModeGuard() { grad_mode = previous_; }

Tensor record(const char* op, Tensor out, const std::vector<Tensor>& inputs, BackwardFn backward) {
  if (!grad_mode) return out;
  bool any = false;
  for (const Tensor& t : inputs) any = any || (t.defined() && t.requires_grad());
  if (!any) return out;
  profile_forward(op);
  auto node = std::make_shared<Node>();
  node->op = op;
  node->shape = out.shape();
  node->backward = std::move(backward);
  node->next.reserve(inputs.size());
  for (const Tensor& t : inputs) {
    Edge e;
    if (t.defined() && t.requires_grad()) {
      if (t.grad_fn()) {
        e.node = t.grad_fn();
      } else {
        e.leaf = t.impl();
      }
    }
    node->next.push_back(std::move(e));
  }
  TensorImpl& impl = *out.impl();
  impl.grad_fn = std::move(node);
  impl.requires_grad = true;
  return out;
}

void run_backward(const Tensor& root, const Tensor& grad, bool retain_graph) {
  check_defined("backward", root, "tensor");
  if (!root.requires_grad()) {
    fail("backward",
         "the tensor does not require grad and has no grad_fn (did any input call "
         "requires_grad_()? was it computed under NoGradGuard?)");
  }
  Tensor seed = grad;
  if (!seed.defined()) {
    if (root.numel() != 1) {
      fail("backward", "grad can be left out only for a scalar output; this one has shape " +
                           shape_str(root.shape()) + ", so pass a gradient of that shape");
    }
    seed = ones_like(root);
  } else if (seed.shape() != root.shape() || seed.dtype() != kFloat32) {
    fail("backward", "gradient " + std::string(dtype_name(seed.dtype())) + " " +
                         shape_str(seed.shape()) + " does not match the output float32 " +
                         shape_str(root.shape()));
  } else {
    check_same_device("backward", root, seed);
  }
  NoGradGuard no_grad;
  if (root.is_leaf()) {
    accumulate_into_leaf(*root.impl(), seed);
    return;
  }
  Node* root_node = root.grad_fn().get();
  std::unordered_map<Node*, Tensor> pending{{root_node, seed}};
  for (Node* node : topological_order(root_node)) {
    auto it = pending.find(node);
    if (it == pending.end()) continue;  // no gradient reached this node
    const Tensor g = std::move(it->second);
    pending.erase(it);
    if (!node->backward) {
      fail("backward", "trying to go through the graph a second time at '" + node->op +
                           "': its saved values were freed by the first backward(); pass "
                           "retain_graph=true to that call to run backward twice");
    }
    NeedsGrad needs(node->next.size());
    for (size_t i = 0; i < needs.size(); ++i) needs[i] = node->next[i].active();
    const Grads grads = [&] {
      const BackwardTimer timer(node->op);
      return node->backward(g, needs);
    }();
    if (!retain_graph) node->backward = nullptr;
    if (grads.size() != node->next.size()) {
      throw std::logic_error("backward of '" + node->op + "' returned " +
                             std::to_string(grads.size()) + " gradients for " +
                             std::to_string(node->next.size()) + " inputs");
    }
    for (size_t i = 0; i < grads.size(); ++i) {
      const Edge& e = node->next[i];
      if (!e.active() || !grads[i].defined()) continue;
      if (e.leaf) {
        const BackwardTimer timer(kAccumulateGrad);
        accumulate_into_leaf(*e.leaf, grads[i]);
        continue;
      }
      if (grads[i].shape() != e.node->shape) {
        throw std::logic_error("backward of '" + node->op + "' gave input " + std::to_string(i) +
                               " a gradient of shape " + shape_str(grads[i].shape()) + " where '" +
                               e.node->op + "' made " + shape_str(e.node->shape));
      }
      auto [slot, fresh] = pending.try_emplace(e.node.get(), grads[i]);
      if (!fresh) {
        const BackwardTimer timer(kSumGrads);
        if (slot->second.owned_alone()) {
          add_(slot->second, grads[i]);
        } else {
          slot->second = add(slot->second, grads[i]);
        }
      }
    }
  }
}

Tensor sum_to(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) return grad;
  const int64_t lead = grad.dim() - static_cast<int64_t>(shape.size());
  Dims dims;
  for (int64_t i = 0; i < grad.dim(); ++i) {
    if (i < lead || (shape[i - lead] == 1 && grad.shape()[i] != 1)) dims.push_back(i);
  }
  return view(sum(grad, dims, /*keepdim=*/true), shape);
}

void print_graph(std::ostream& os, const Tensor& t) {
  if (!t.defined() || !t.grad_fn()) {
    os << "(no graph: " << (t.defined() && t.requires_grad() ? "a leaf" : "a constant") << ")\n";
    return;
  }
  const std::vector<Node*> order = topological_order(t.grad_fn().get());
  std::unordered_map<const Node*, size_t> id;
  for (size_t i = 0; i < order.size(); ++i) id[order[i]] = i + 1;
  for (const Node* n : order) {
    os << "#" << id[n] << " " << n->op << " -> " << shape_str(n->shape) << "   inputs:";
    for (const Edge& e : n->next) {
      if (e.node) {
        os << " #" << id[e.node.get()] << " " << e.node->op;
      } else if (e.leaf) {
        os << " leaf" << (e.leaf->name.empty() ? "" : " '" + e.leaf->name + "'") << " "
           << shape_str(e.leaf->shape);
      } else {
        os << " constant";
      }
      if (&e != &n->next.back()) os << ",";
    }
    os << "\n";
  }
}

}  // namespace buildgpt
