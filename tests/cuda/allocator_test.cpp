// The caching device allocator: freed blocks come back for the next tensor of their size class,
// the statistics add up, and running out of memory says how much was asked and how much is used.
#include "cuda/check.h"
#include "cuda_test_util.h"

namespace buildgpt {
namespace {

using testing::CudaTest;

TEST_F(CudaTest, FreedBlocksAreReusedBySizeClass) {
  { const Tensor warm = empty({1000, 1000}, kFloat32, gpu); }
  const CudaAllocatorStats before = cuda_allocator_stats();
  for (int i = 0; i < 10; ++i) {
    const Tensor t = empty({1000, 999}, kFloat32, gpu);  // a little smaller: the same class
  }
  const CudaAllocatorStats after = cuda_allocator_stats();
  EXPECT_EQ(after.device_mallocs, before.device_mallocs);
  EXPECT_EQ(after.hits, before.hits + 10);
  EXPECT_EQ(after.allocated_bytes, before.allocated_bytes);
}

TEST_F(CudaTest, StatisticsCountAllocatedCachedAndPeakBytes) {
  cuda_allocator_release_cache();
  cuda_allocator_reset_peak();
  const CudaAllocatorStats start = cuda_allocator_stats();
  EXPECT_EQ(start.cached_bytes, 0u);
  {
    const Tensor a = empty({1 << 20}, kFloat32, gpu), b = empty({1 << 20}, kFloat32, gpu);
    const CudaAllocatorStats held = cuda_allocator_stats();
    EXPECT_EQ(held.allocated_bytes, start.allocated_bytes + (8u << 20));
    EXPECT_EQ(held.peak_allocated_bytes, held.allocated_bytes);
  }
  const CudaAllocatorStats freed = cuda_allocator_stats();
  EXPECT_EQ(freed.allocated_bytes, start.allocated_bytes);
  EXPECT_EQ(freed.cached_bytes, 8u << 20);
  EXPECT_EQ(freed.peak_allocated_bytes, start.allocated_bytes + (8u << 20));
  cuda_allocator_release_cache();
  EXPECT_EQ(cuda_allocator_stats().cached_bytes, 0u);
  EXPECT_EQ(cuda_allocator_stats().device_frees, freed.device_frees + 2);
}

TEST_F(CudaTest, OutOfMemorySaysHowMuchWasAskedAndHowMuchIsInUse) {
  const Tensor held = empty({1 << 20}, kFloat32, gpu);
  try {
    empty({int64_t{1} << 40}, kFloat32, gpu);  // 4 TiB
    FAIL() << "no exception";
  } catch (const cuda::CudaOutOfMemory& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("out of memory"), std::string::npos) << what;
    EXPECT_NE(what.find("asked for 4194304.0 MiB"), std::string::npos) << what;
    EXPECT_NE(what.find("in use by tensors"), std::string::npos) << what;
  }
  // The device still works afterwards.
  EXPECT_EQ(ones({3}, kFloat32, gpu).sum().item(), 3.0);
}

}  // namespace
}  // namespace buildgpt
