#include "mlp.h"

#include "nn/layers.h"

namespace buildgpt::lessons {

std::shared_ptr<nn::Sequential> course_mlp(Generator* gen) {
  auto mlp = std::make_shared<nn::Sequential>();
  mlp->push_back(std::make_shared<nn::Linear>(20, 100, true, gen));
  mlp->push_back(std::make_shared<nn::ReLU>());
  mlp->push_back(std::make_shared<nn::Linear>(100, 500, true, gen));
  mlp->push_back(std::make_shared<nn::ReLU>());
  mlp->push_back(std::make_shared<nn::Linear>(500, 30, true, gen));
  mlp->push_back(std::make_shared<nn::ReLU>());
  mlp->push_back(std::make_shared<nn::Linear>(30, 2, true, gen));
  return mlp;
}

}  // namespace buildgpt::lessons
