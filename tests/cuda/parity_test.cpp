// Every op, forward and backward, on the CPU and on the GPU from the same inputs: the outputs and
// the gradients agree within the tolerances of cuda_test_util.h (integers and booleans exactly).
// One test per case, named after it: the cases of tests/autograd/op_cases.h (every op, small
// shapes) and of kernel_cases.h (the sizes where the GPU's kernels change path).
#include <cctype>
#include <string>

#include "cuda_test_util.h"
#include "device_cases.h"
#include "kernel_cases.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::OpCase;

// Made once per process: listing the tests and running one both need them.
const std::vector<OpCase>& all_cases() {
  static const std::vector<OpCase> cases = [] {
    std::vector<OpCase> all = testing::op_cases();
    for (OpCase& c : testing::kernel_cases()) all.push_back(std::move(c));
    return all;
  }();
  return cases;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const OpCase& c : all_cases()) names.push_back(c.name);
  return names;
}

// Products, and ops made of them, add in another order than OpenBLAS does.
testing::Tolerance tolerance_for(const std::string& name) {
  for (const char* word : {"matmul", "linear", "attention"}) {
    if (name.find(word) != std::string::npos) return testing::kProducts;
  }
  return testing::kPointwise;
}

class OpParity : public CudaTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(OpParity, ForwardAndBackwardMatchTheCpu) {
  for (const OpCase& c : all_cases()) {
    if (c.name != GetParam()) continue;
    const std::vector<Tensor> on_cpu = testing::run_case(c, Device::cpu());
    const std::vector<Tensor> on_gpu = testing::run_case(c, gpu);
    EXPECT_TRUE(testing::results_close(on_gpu, on_cpu, tolerance_for(c.name)));
    return;
  }
  FAIL() << "no case named " << GetParam();
}

// "attention causal" → attention_causal: the name CTest lists.
std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char ch : info.param) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryOp, OpParity, ::testing::ValuesIn(case_names()), test_name);

}  // namespace
}  // namespace buildgpt
