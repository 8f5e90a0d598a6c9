// A model's parameters summed by module, the way the lesson lists GPT-2's: the module
// "transformer.h.0.attn.c_attn" holds "transformer.h.0.attn.c_attn.weight" and ".bias".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/module.h"

namespace buildgpt::lessons {

struct ModuleParameters {
  std::string module;         // the parameters' names without their last part
  std::vector<Shape> shapes;  // each parameter's, in order (weight, then bias)
  int64_t count = 0;          // elements in all of them
};

// In the order of named_parameters, a tied tensor under the first name that reaches it.
std::vector<ModuleParameters> parameters_by_module(const nn::Module& model);

}  // namespace buildgpt::lessons
