// Module: the base of every layer and model. It owns named parameters and named submodules, so
// a model can list its parameters with dotted names ("h.0.attn.c_attn.weight"), switch between
// training and evaluation, and save and load its weights as a state dict.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autograd/tensor.h"

namespace buildgpt::nn {

// Named tensors in a fixed order: a model's weights, an optimizer's state, a file's contents.
using StateDict = std::vector<std::pair<std::string, Tensor>>;

class Module {
 public:
  explicit Module(std::string type_name) : type_name_(std::move(type_name)) {}
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  const std::string& type_name() const { return type_name_; }

  // The forward pass of modules that map one tensor to one tensor (layers, Sequential). Others
  // define their own call signature; calling this one on them throws.
  virtual Tensor forward(const Tensor& x);
  Tensor operator()(const Tensor& x) { return forward(x); }

  // Every parameter once, as "child.grandchild.name": this module's own in registration order,
  // then each submodule's in registration order. A tensor shared by two modules (tied weights)
  // appears once, under the first name that reaches it.
  std::vector<std::pair<std::string, Tensor>> named_parameters() const;
  std::vector<Tensor> parameters() const;
  // Elements in all parameters, shared tensors counted once.
  int64_t num_parameters() const;
  // The direct submodules, in registration order.
  const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& children() const {
    return children_;
  }

  // Training mode (dropout active) or evaluation mode, for this module and all below it.
  void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }

  // Drops the accumulated gradient of every parameter.
  void zero_grad();

  // Moves every parameter (with its gradient) and buffer to `device`, in place: handles to them
  // stay valid and tied parameters stay tied.
  void to(Device device);
  // The device of the parameters and buffers (the CPU for a module without any). Throws
  // std::invalid_argument naming two of them and their devices when they are on different ones.
  Device device() const;
  // Every buffer once, named as parameters are.
  std::vector<std::pair<std::string, Tensor>> named_buffers() const;

  // Every parameter under every name, tied ones included, then each module's persistent buffers
  // after its own parameters: what a checkpoint stores.
  StateDict state_dict() const;
  // Copies `state`'s values into the parameters. Every name must match, with the same shape and
  // dtype; otherwise std::invalid_argument lists each missing, unexpected and mismatched name and
  // no parameter is changed.
  void load_state_dict(const StateDict& state);

 protected:
  // Registers a parameter (marked as requiring grad) and returns its slot, which stays valid
  // for the module's lifetime: a layer keeps it as a `Tensor&` member, and assigning another
  // tensor to that member ties the two parameters. An undefined tensor registers an absent
  // optional parameter (a Linear without bias), skipped everywhere.
  Tensor& register_parameter(const std::string& name, Tensor value);
  // Registers a tensor that is part of the module's state but not trained (a mask, running
  // statistics): it moves with to(), and a persistent one is saved in the state dict. Returns its
  // slot, as register_parameter does.
  Tensor& register_buffer(const std::string& name, Tensor value, bool persistent = true);
  template <typename M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    add_child(name, module);
    return module;
  }

 private:
  void add_child(const std::string& name, std::shared_ptr<Module> module);
  void check_new_name(const std::string& name) const;
  // Calls visit(full_name, tensor) for every defined parameter (when `parameters`) and every
  // buffer that `buffers` selects, each module's buffers after its own parameters, duplicates
  // included.
  enum class Buffers { None, Persistent, All };
  template <typename Visit>
  void visit_tensors(const std::string& prefix, bool parameters, Buffers buffers,
                     Visit& visit) const;
  // The visited tensors, each once under the first name that reaches it.
  std::vector<std::pair<std::string, Tensor>> named_once(bool parameters, Buffers buffers) const;

  std::string type_name_;
  bool training_ = true;
  std::vector<std::string> param_names_;
  std::deque<Tensor> param_slots_;  // a deque: growing it never moves the slots
  std::vector<std::string> buffer_names_;
  std::vector<bool> buffer_persistent_;
  std::deque<Tensor> buffer_slots_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
};

}  // namespace buildgpt::nn
