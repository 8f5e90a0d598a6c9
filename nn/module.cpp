#include "nn/module.h"

#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "autograd/graph.h"

namespace buildgpt::nn {

Tensor Module::forward(const Tensor&) {
  throw std::invalid_argument(type_name_ + ": this module has no one-tensor forward");
}

void Module::check_new_name(const std::string& name) const {
  if (name.empty() || name.find('.') != std::string::npos) {
    throw std::invalid_argument(type_name_ + ": name \"" + name +
                                "\" must be non-empty and contain no '.'");
  }
  for (const auto* names : {&param_names_, &buffer_names_}) {
    for (const std::string& n : *names) {
      if (n == name) {
        throw std::invalid_argument(type_name_ + ": \"" + name + "\" registered twice");
      }
    }
  }
  for (const auto& [n, m] : children_) {
    if (n == name) throw std::invalid_argument(type_name_ + ": \"" + name + "\" registered twice");
  }
}

Tensor& Module::register_parameter(const std::string& name, Tensor value) {
  check_new_name(name);
  if (value.defined()) {
    value = value.detach();
    value.requires_grad_(true);
  }
  param_names_.push_back(name);
  return param_slots_.emplace_back(std::move(value));
}

Tensor& Module::register_buffer(const std::string& name, Tensor value, bool persistent) {
  check_new_name(name);
  buffer_names_.push_back(name);
  buffer_persistent_.push_back(persistent);
  return buffer_slots_.emplace_back(value.defined() ? value.detach() : value);
}

void Module::add_child(const std::string& name, std::shared_ptr<Module> module) {
  check_new_name(name);
  if (!module) throw std::invalid_argument(type_name_ + ": submodule \"" + name + "\" is null");
  children_.emplace_back(name, std::move(module));
}

template <typename Visit>
void Module::visit_tensors(const std::string& prefix, bool parameters, Buffers buffers,
                           Visit& visit) const {
  for (size_t i = 0; parameters && i < param_names_.size(); ++i) {
    if (param_slots_[i].defined()) visit(prefix + param_names_[i], param_slots_[i]);
  }
  for (size_t i = 0; i < buffer_names_.size(); ++i) {
    const bool wanted =
        buffers == Buffers::All || (buffers == Buffers::Persistent && buffer_persistent_[i]);
    if (wanted && buffer_slots_[i].defined()) visit(prefix + buffer_names_[i], buffer_slots_[i]);
  }
  for (const auto& [name, child] : children_) {
    child->visit_tensors(prefix + name + ".", parameters, buffers, visit);
  }
}

std::vector<std::pair<std::string, Tensor>> Module::named_once(bool parameters,
                                                               Buffers buffers) const {
  std::vector<std::pair<std::string, Tensor>> out;
  std::set<const TensorImpl*> seen;
  auto visit = [&](const std::string& name, const Tensor& t) {
    if (seen.insert(t.impl().get()).second) out.emplace_back(name, t);
  };
  visit_tensors("", parameters, buffers, visit);
  return out;
}

std::vector<std::pair<std::string, Tensor>> Module::named_parameters() const {
  return named_once(true, Buffers::None);
}

std::vector<std::pair<std::string, Tensor>> Module::named_buffers() const {
  return named_once(false, Buffers::All);
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (auto& [name, t] : named_parameters()) out.push_back(t);
  return out;
}

int64_t Module::num_parameters() const {
  int64_t n = 0;
  for (const Tensor& t : parameters()) n += t.numel();
  return n;
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Module::zero_grad() {
  for (Tensor& t : parameters()) t.zero_grad();
}

void Module::to(Device device) {
  NoGradGuard no_grad;
  std::set<const TensorImpl*> moved;
  auto move = [&](const std::string&, const Tensor& t) {
    if (!moved.insert(t.impl().get()).second) return;  // a tied tensor, already moved
    Tensor handle = t;
    handle.set_data(t.detach().to(device));
  };
  visit_tensors("", true, Buffers::All, move);
}

Device Module::device() const {
  std::optional<std::pair<std::string, Device>> seen;
  auto visit = [&](const std::string& name, const Tensor& t) {
    if (!seen) {
      seen.emplace(name, t.device());
    } else if (t.device() != seen->second) {
      throw std::invalid_argument(type_name_ + ": \"" + seen->first + "\" is on " +
                                  seen->second.str() + " but \"" + name + "\" is on " +
                                  t.device().str());
    }
  };
  visit_tensors("", true, Buffers::All, visit);
  return seen ? seen->second : Device::cpu();
}

StateDict Module::state_dict() const {
  StateDict out;
  auto visit = [&](const std::string& name, const Tensor& t) { out.emplace_back(name, t); };
  visit_tensors("", true, Buffers::Persistent, visit);
  return out;
}

void Module::load_state_dict(const StateDict& state) {
  std::map<std::string, Tensor> given;
  std::string problems;
  auto problem = [&](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
  for (const auto& [name, t] : state) {
    if (!given.emplace(name, t).second) problem("\"" + name + "\" given twice");
  }
  StateDict own = state_dict();
  std::set<std::string> used;
  for (const auto& [name, param] : own) {
    auto it = given.find(name);
    used.insert(name);
    if (it == given.end()) {
      problem("missing \"" + name + "\"");
      continue;
    }
    const Tensor& t = it->second;
    if (!t.defined()) {
      problem("\"" + name + "\" is undefined");
    } else if (t.shape() != param.shape()) {
      problem("\"" + name + "\": shape " + shape_str(t.shape()) + " in the state dict, " +
              shape_str(param.shape()) + " in the model");
    } else if (t.dtype() != param.dtype()) {
      problem("\"" + name + "\": dtype " + dtype_name(t.dtype()) + " in the state dict, " +
              dtype_name(param.dtype()) + " in the model");
    }
  }
  for (const auto& [name, t] : given) {
    if (!used.contains(name)) problem("unexpected \"" + name + "\"");
  }
  if (!problems.empty()) throw std::invalid_argument("load_state_dict: " + problems);
  NoGradGuard no_grad;
  for (auto& [name, param] : own) param.copy_(given.at(name));
}

}  // namespace buildgpt::nn
