// Random numbers on the GPU are the CPU's: a random fill draws from the same PCG32 stream by
// counter (uniform and integer draws exactly, normal ones within one float rounding of glibc's
// log and cos), leaves the generator where the CPU's would be, and dropout's mask and
// multinomial's draws are the CPU's, the same on every run.
#include <algorithm>

#include "cuda_test_util.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::tensors_close;

TEST_F(CudaTest, RandomFillsGiveTheCpuValuesAndLeaveTheGeneratorWhereTheCpuDoes) {
  Generator a(1234), b(1234);
  const Shape shape{1000, 37};  // not a multiple of the GPU's runs of draws
  EXPECT_EQ(rand(shape, &a, gpu).to_vector<float>(), rand(shape, &b).to_vector<float>());
  EXPECT_EQ(uniform(shape, -3, 5, &a, gpu).to_vector<float>(),
            uniform(shape, -3, 5, &b).to_vector<float>());
  EXPECT_EQ(randint(-7, 1000003, shape, &a, gpu).to_vector<int64_t>(),
            randint(-7, 1000003, shape, &b).to_vector<int64_t>());
  EXPECT_TRUE(tensors_close(normal(shape, 0.5, 2, &a, gpu), normal(shape, 0.5, 2, &b), 1e-6, 2e-7));
  EXPECT_EQ(a.next_u32(), b.next_u32());  // both generators stand at the same draw
}

TEST_F(CudaTest, DropoutsMaskIsTheCpusAndTheSameOnEveryRun) {
  const Tensor x = ones({3, 10000});  // several of the mask's blocks of 4,096
  auto mask_on = [&](Device device) {
    Generator gen(77);
    return ne(dropout(x.to(device), 0.25, true, &gen), 0.0).to(Device::cpu()).to_vector<bool>();
  };
  const std::vector<bool> first = mask_on(gpu);
  EXPECT_EQ(first, mask_on(gpu));
  EXPECT_EQ(first, mask_on(Device::cpu()));
  const auto kept = std::count(first.begin(), first.end(), true);
  EXPECT_NEAR(static_cast<double>(kept) / first.size(), 0.75, 0.01);
}

TEST_F(CudaTest, MultinomialDrawsAreTheCpus) {
  Generator w(5);
  const Tensor weights = rand({4, 300}, &w);
  for (bool replacement : {true, false}) {
    Generator a(9), b(9);
    EXPECT_EQ(multinomial(weights.to(gpu), 25, replacement, &a).to_vector<int64_t>(),
              multinomial(weights, 25, replacement, &b).to_vector<int64_t>())
        << "replacement " << replacement;
    EXPECT_EQ(a.next_u32(), b.next_u32());
  }
}

}  // namespace
}  // namespace buildgpt
