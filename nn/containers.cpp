#include "nn/containers.h"

#include <stdexcept>

namespace buildgpt::nn {

const std::shared_ptr<Module>& ModuleList::operator[](size_t index) const {
  if (index >= size()) {
    throw std::out_of_range(type_name() + ": index " + std::to_string(index) + " past the end (" +
                            std::to_string(size()) + " modules)");
  }
  return children()[index].second;
}

Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> modules)
    : ModuleList("Sequential") {
  for (const auto& m : modules) push_back(m);
}

Tensor Sequential::forward(const Tensor& x) {
  Tensor y = x;
  for (const auto& [name, module] : children()) y = module->forward(y);
  return y;
}

}  // namespace buildgpt::nn
