// Containers of modules: ModuleList (indexed, registered as "0", "1", ...) and Sequential (a
// ModuleList whose forward runs its modules one after another).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>

#include "nn/module.h"

namespace buildgpt::nn {

class ModuleList : public Module {
 public:
  ModuleList() : Module("ModuleList") {}
  // Appends a module under the name of its index and returns it.
  template <typename M>
  std::shared_ptr<M> push_back(std::shared_ptr<M> module) {
    return register_module(std::to_string(size()), std::move(module));
  }
  size_t size() const { return children().size(); }
  // The module at `index`; throws std::out_of_range past the end.
  const std::shared_ptr<Module>& operator[](size_t index) const;

 protected:
  explicit ModuleList(std::string type_name) : Module(std::move(type_name)) {}
};

class Sequential : public ModuleList {
 public:
  Sequential() : ModuleList("Sequential") {}
  Sequential(std::initializer_list<std::shared_ptr<Module>> modules);
  Tensor forward(const Tensor& x) override;
};

}  // namespace buildgpt::nn
