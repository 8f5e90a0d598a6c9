// The course's network of this lesson: an MLP 20 → 100 → 500 → 30 → 2, a ReLU after each hidden
// layer and none after the last (Linear, ReLU, Linear, ReLU, Linear, ReLU, Linear).
#pragma once

#include <memory>

#include "autograd/generator.h"
#include "nn/containers.h"

namespace buildgpt::lessons {

std::shared_ptr<nn::Sequential> course_mlp(Generator* gen);

}  // namespace buildgpt::lessons
