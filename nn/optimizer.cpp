#include "nn/optimizer.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>

#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt::nn {
namespace {

// Why `value` cannot be what `field` holds after any number of updates, or nullopt: a counter
// below 1 (state exists only after an update), a value that is not finite, a negative value in
// a mean of squares (a field named "..._sq").
std::optional<std::string> impossible(const Optimizer::Field& field, const Tensor& value) {
  if (field.counter) {
    const int64_t count = value.data<int64_t>()[0];
    if (count < 1) return "is " + std::to_string(count) + ", not a count of at least 1 update";
    return std::nullopt;
  }
  const bool squares = field.name.ends_with("_sq");
  const float* v = value.data<float>();
  for (int64_t k = 0; k < value.numel(); ++k) {
    if (!std::isfinite(v[k]) || (squares && v[k] < 0)) {
      char number[32];
      std::snprintf(number, sizeof number, "%g", static_cast<double>(v[k]));
      return "holds " + std::string(number) + " (element " + std::to_string(k) + ")" +
             (std::isfinite(v[k]) ? ", but it is a mean of squares" : "");
    }
  }
  return std::nullopt;
}

}  // namespace

Optimizer::Optimizer(std::string name, std::vector<ParamGroup> groups, double lr,
                     double weight_decay, std::vector<Field> fields)
    : name_(std::move(name)), groups_(std::move(groups)), fields_(std::move(fields)) {
  size_t count = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    ParamGroup& group = groups_[g];
    if (!group.lr) group.lr = lr;
    if (!group.weight_decay) group.weight_decay = weight_decay;
    if (!(*group.lr >= 0) || !(*group.weight_decay >= 0)) {
      throw std::invalid_argument(name_ + ": group " + std::to_string(g) +
                                  ": lr and weight_decay must be non-negative");
    }
    for (const Tensor& p : group.params) {
      if (!p.defined() || p.dtype() != kFloat32 || !p.is_leaf()) {
        throw std::invalid_argument(name_ + ": group " + std::to_string(g) +
                                    ": parameters must be defined float32 leaves");
      }
    }
    count += group.params.size();
  }
  state_.resize(count);
}

void Optimizer::step() {
  NoGradGuard no_grad;
  size_t index = 0;
  for (ParamGroup& group : groups_) {
    for (Tensor& p : group.params) {
      const Tensor g = p.grad();
      std::vector<Tensor>& state = state_[index++];
      if (!g.defined()) continue;
      if (g.shape() != p.shape()) {
        throw std::invalid_argument(name_ + ": gradient of shape " + shape_str(g.shape()) +
                                    " for a parameter of shape " + shape_str(p.shape()));
      }
      if (state.empty()) {
        for (const Field& f : fields_)
          state.push_back(f.counter ? zeros({}, kInt64) : zeros_like(p));  // counters on the CPU
      }
      update(p, g, state, *group.lr, *group.weight_decay);
    }
  }
}

void Optimizer::zero_grad() {
  for (ParamGroup& group : groups_) {
    for (Tensor& p : group.params) p.zero_grad();
  }
}

void Optimizer::set_lr(double lr) {
  for (ParamGroup& group : groups_) group.lr = lr;
}

StateDict Optimizer::state_dict() const {
  StateDict out;
  for (size_t i = 0; i < state_.size(); ++i) {
    for (size_t f = 0; f < state_[i].size(); ++f) {
      out.emplace_back(std::to_string(i) + "." + fields_[f].name, state_[i][f]);
    }
  }
  return out;
}

void Optimizer::load_state_dict(const StateDict& state) {
  std::vector<const Tensor*> params;
  for (const ParamGroup& group : groups_) {
    for (const Tensor& p : group.params) params.push_back(&p);
  }
  auto fail = [&](const std::string& message) {
    throw std::invalid_argument(name_ + ": load_state_dict: " + message);
  };
  std::map<std::string, Tensor> given;
  for (const auto& [name, t] : state) {
    if (!given.emplace(name, t).second) fail("\"" + name + "\" given twice");
  }
  std::vector<std::vector<Tensor>> loaded(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    for (const Field& f : fields_) {
      const std::string name = std::to_string(i) + "." + f.name;
      auto it = given.find(name);
      if (it == given.end()) continue;
      const Shape shape = f.counter ? Shape{} : params[i]->shape();
      const DType dtype = f.counter ? kInt64 : kFloat32;
      if (!it->second.defined() || it->second.shape() != shape || it->second.dtype() != dtype) {
        fail("\"" + name + "\" should be " + dtype_name(dtype) + " " + shape_str(shape));
      }
      loaded[i].push_back(it->second.detach().to(Device::cpu()).clone().detach());
      given.erase(it);
    }
    if (!loaded[i].empty() && loaded[i].size() != fields_.size()) {
      fail("parameter " + std::to_string(i) + " has only some of its state fields");
    }
  }
  if (!given.empty()) fail("unexpected \"" + given.begin()->first + "\"");
  for (size_t i = 0; i < loaded.size(); ++i) {
    for (size_t f = 0; f < loaded[i].size(); ++f) {
      if (const auto why = impossible(fields_[f], loaded[i][f])) {
        const std::string name = std::to_string(i) + "." + fields_[f].name;
        fail("\"" + name + "\" " + *why);
      }
    }
  }
  // Checked on the host; the moments then go to their parameter's device, the counters stay.
  for (size_t i = 0; i < loaded.size(); ++i) {
    for (size_t f = 0; f < loaded[i].size(); ++f) {
      if (!fields_[f].counter) loaded[i][f] = loaded[i][f].to(params[i]->device());
    }
  }
  state_ = std::move(loaded);
}

}  // namespace buildgpt::nn
