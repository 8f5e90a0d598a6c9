// The TF32 switch: off by default (products match the CPU's to float32 rounding); on, a product
// still lands within TF32's rounding of the float32 one.
#include "cuda_test_util.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::random_leaf;
using testing::tensors_close;

TEST_F(CudaTest, Tf32IsOffByDefaultAndOnGivesProductsWithinItsRounding) {
  EXPECT_FALSE(cuda_tf32());
  const Tensor a = random_leaf({256, 512}, 1).detach(), b = random_leaf({512, 128}, 2).detach();
  const Tensor exact = matmul(a, b);
  EXPECT_TRUE(tensors_close(matmul(a.to(gpu), b.to(gpu)), exact, 1e-4, 1e-4));
  set_cuda_tf32(true);
  EXPECT_TRUE(cuda_tf32());
  const Tensor fast = matmul(a.to(gpu), b.to(gpu));
  set_cuda_tf32(false);
  // 10-bit mantissas: each product's relative error is up to 2⁻¹⁰; over 512 terms of size ~1
  // the sums (size ~23) move by ~0.1 at most.
  EXPECT_TRUE(tensors_close(fast, exact, 0.25, 1e-2));
}

}  // namespace
}  // namespace buildgpt
