// Bad input and failures on the GPU: mixing devices names the op and both devices; asking for
// CUDA without a GPU is a clear error; a failed CUDA or cuBLAS call becomes an exception naming
// the call and the op. (The last two run on machines without a GPU too.)
#include "cuda/check.h"
#include "cuda_test_util.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::throws_with;

TEST_F(CudaTest, MixingDevicesNamesTheOpAndBothDevices) {
  const Tensor c = ones({2, 3}), g = ones({2, 3}, kFloat32, gpu);
  EXPECT_TRUE(throws_with([&] { add(c, g); }, {"add", "cpu", "cuda:0"}));
  EXPECT_TRUE(throws_with([&] { matmul(g, c.t()); }, {"matmul", "cuda:0", "cpu"}));
  EXPECT_TRUE(throws_with(
      [&] {
        cross_entropy(g, int_tensor({0, 1}));
      },
      {"cross_entropy", "cuda:0", "cpu"}));
}

TEST_F(CudaTest, AnotherGpuIndexIsAClearError) {
  EXPECT_TRUE(throws_with([] { ones({2}, kFloat32, Device::cuda(1)); },
                          {"cuda:1", "not available", "cuda:0"}));
}

TEST(CudaWithoutGpu, AskingForCudaIsAClearError) {
  if (cuda_available()) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_TRUE(throws_with([] { zeros({2}, kFloat32, Device::cuda()); },
                          {"cuda:0", "not available", "no CUDA device"}));
  EXPECT_TRUE(throws_with([] { ones({2}).to(Device::cuda()); }, {"cuda:0", "no CUDA device"}));
  EXPECT_TRUE(throws_with([] { cuda_synchronize(); }, {"cuda_synchronize", "no CUDA device"}));
  EXPECT_TRUE(throws_with([] { set_cuda_tf32(true); }, {"set_cuda_tf32", "no CUDA device"}));
}

TEST(CudaErrors, NameTheCallAndTheOp) {
  try {
    BUILDGPT_CUDA_CHECK("softmax", cudaErrorInvalidValue);
    FAIL() << "no exception";
  } catch (const cuda::CudaError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("softmax: cudaErrorInvalidValue failed", 0), 0u) << what;
    EXPECT_NE(what.find("invalid argument"), std::string::npos) << what;
  }
  try {
    BUILDGPT_CUBLAS_CHECK("matmul", CUBLAS_STATUS_INVALID_VALUE);
    FAIL() << "no exception";
  } catch (const cuda::CudaError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("matmul"), std::string::npos) << what;
    EXPECT_NE(what.find("CUBLAS_STATUS_INVALID_VALUE"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace buildgpt
