// The optimizer interface shared by SGD and AdamW: parameter groups, zero_grad, step, and a
// per-parameter state that can be saved and restored as named tensors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nn/module.h"

namespace buildgpt::nn {

// Parameters that share a learning rate and weight decay (for instance: matrices decayed,
// biases and LayerNorm weights not). Unset values take the optimizer's defaults.
struct ParamGroup {
  std::vector<Tensor> params;
  std::optional<double> lr;
  std::optional<double> weight_decay;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update of every parameter that has a gradient, in place and outside the graph.
  void step();
  // Drops every parameter's gradient.
  void zero_grad();

  // The groups, every option filled in; change lr here (or with set_lr) to schedule it.
  std::vector<ParamGroup>& param_groups() { return groups_; }
  void set_lr(double lr);

  // The state as "<index>.<field>" tensors, parameters numbered across groups in order; only
  // parameters updated at least once have state. Learning rates are not part of it.
  StateDict state_dict() const;
  // Restores what state_dict() returned. Throws std::invalid_argument naming the entry when a
  // name is unknown, a parameter's fields are incomplete, a shape or dtype does not fit, or a
  // value no run can reach: a counter below 1, a value that is not finite, a negative value in a
  // field of squares; nothing changes then.
  void load_state_dict(const StateDict& state);
  // Whether step() keeps state (AdamW's moments, SGD's momentum); without it, resuming an
  // optimizer that kept state would silently restart it.
  bool keeps_state() const { return !fields_.empty(); }

  // A field of the per-parameter state: a float32 tensor of the parameter's shape, or an int64
  // counter (shape []). A field whose name ends in "_sq" holds a mean of squares, never negative.
  struct Field {
    std::string name;
    bool counter;
  };

 protected:
  Optimizer(std::string name, std::vector<ParamGroup> groups, double lr, double weight_decay,
            std::vector<Field> fields);
  // Updates one parameter in place; `state` holds one tensor per field, zero-filled at the
  // first update.
  virtual void update(Tensor& param, const Tensor& grad, std::vector<Tensor>& state, double lr,
                      double weight_decay) = 0;

 private:
  const std::string name_;
  std::vector<ParamGroup> groups_;
  std::vector<Field> fields_;
  std::vector<std::vector<Tensor>> state_;  // [parameter][field], empty until the first update
};

}  // namespace buildgpt::nn
