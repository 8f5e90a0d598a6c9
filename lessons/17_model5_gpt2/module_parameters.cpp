#include "module_parameters.h"

namespace buildgpt::lessons {

std::vector<ModuleParameters> parameters_by_module(const nn::Module& model) {
  std::vector<ModuleParameters> modules;
  for (const auto& [name, p] : model.named_parameters()) {
    const std::string module = name.substr(0, name.rfind('.'));
    if (modules.empty() || modules.back().module != module) modules.push_back({module, {}, 0});
    modules.back().shapes.push_back(p.shape());
    modules.back().count += p.numel();
  }
  return modules;
}

}  // namespace buildgpt::lessons
