// The Tensor handle: creation, metadata, data access, printing, random generators.
#include <sstream>

#include "autograd/cpu/allocator.h"
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::throws_with;

TEST(Tensor, ZerosOnesFullHaveShapeDtypeAndValues) {
  const Tensor z = zeros({2, 3});
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.numel(), 6);
  EXPECT_EQ(z.dtype(), kFloat32);
  EXPECT_TRUE(z.device().is_cpu());
  for (float v : z.to_vector<float>()) EXPECT_EQ(v, 0.0f);
  for (float v : ones({4}).to_vector<float>()) EXPECT_EQ(v, 1.0f);
  for (int64_t v : full({2, 2}, 7, kInt64).to_vector<int64_t>()) EXPECT_EQ(v, 7);
}

TEST(Tensor, ArangeMatchesPythonRange) {
  EXPECT_EQ(arange(5).to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(arange(2, 11, 3).to_vector<int64_t>(), (std::vector<int64_t>{2, 5, 8}));
  EXPECT_EQ(arange(0, 1, 0.25, kFloat32).to_vector<float>(),
            (std::vector<float>{0, 0.25f, 0.5f, 0.75f}));
  EXPECT_EQ(arange(0).numel(), 0);
}

TEST(Tensor, FromVectorChecksTheCount) {
  const Tensor t = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(t.size(-1), 3);
  EXPECT_FLOAT_EQ(t.data<float>()[4], 5.0f);
  EXPECT_TRUE(throws_with(
      [] {
        tensor({1, 2, 3}, {2, 2});
      },
      {"from_vector", "3 values", "[2, 2]"}));
}

TEST(Tensor, DataOfTheWrongTypeIsRefused) {
  const Tensor t = zeros({2});
  EXPECT_TRUE(throws_with([&] { t.data<int64_t>(); }, {"float32", "int64"}));
}

TEST(Tensor, ItemNeedsOneElement) {
  EXPECT_DOUBLE_EQ(full({1, 1}, 2.5).item(), 2.5);
  EXPECT_TRUE(throws_with([] { zeros({3}).item(); }, {"item", "[3]"}));
}

TEST(Tensor, SizeWithABadDimensionNamesTheRange) {
  EXPECT_TRUE(throws_with([] { zeros({2, 3}).size(2); }, {"dimension 2", "2 dimensions"}));
}

TEST(Tensor, NegativeSizesAreRefused) {
  EXPECT_TRUE(throws_with([] { zeros({2, -1}); }, {"negative size", "[2, -1]"}));
}

TEST(Tensor, MovingToCudaInACpuBuildSaysSo) {
  EXPECT_TRUE(throws_with([] { zeros({2}).to(Device::cuda()); }, {"cuda:0", "not available"}));
}

TEST(Tensor, DtypeConversionRoundsTowardZero) {
  const Tensor t = tensor({1.7f, -2.2f, 0.0f});
  EXPECT_EQ(t.to(kInt64).to_vector<int64_t>(), (std::vector<int64_t>{1, -2, 0}));
  EXPECT_EQ(t.to(kBool).to_vector<bool>(), (std::vector<bool>{true, true, false}));
}

TEST(Tensor, SameSeedSameRandomTensors) {
  Generator g1(42), g2(42), g3(43);
  const Tensor a = randn({100}, &g1), b = randn({100}, &g2), c = randn({100}, &g3);
  EXPECT_EQ(a.to_vector<float>(), b.to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), c.to_vector<float>());
  manual_seed(7);
  const Tensor d = rand({10});
  manual_seed(7);
  EXPECT_EQ(d.to_vector<float>(), rand({10}).to_vector<float>());
}

TEST(Tensor, RandomTensorsHaveTheRequestedMoments) {
  Generator gen(1);
  const std::vector<float> n = normal({20000}, 3.0, 2.0, &gen).to_vector<float>();
  double mean = 0, sq = 0;
  for (float v : n) mean += v;
  mean /= n.size();
  for (float v : n) sq += (v - mean) * (v - mean);
  EXPECT_NEAR(mean, 3.0, 0.05);
  EXPECT_NEAR(std::sqrt(sq / n.size()), 2.0, 0.05);
  for (float v : uniform({1000}, -2, 5, &gen).to_vector<float>()) {
    EXPECT_GE(v, -2.0f);
    EXPECT_LT(v, 5.0f);
  }
  for (int64_t v : randint(3, 6, {1000}, &gen).to_vector<int64_t>()) {
    EXPECT_GE(v, 3);
    EXPECT_LT(v, 6);
  }
}

TEST(Tensor, PrintsLikePytorch) {
  std::ostringstream os;
  os << tensor({1, 2.5f, -3, 4}, {2, 2});
  EXPECT_EQ(os.str(), "tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]], shape=[2, 2])");
  EXPECT_EQ(int_tensor({3, 10}).str(), "tensor([ 3, 10], shape=[2], dtype=int64)");
  Tensor leaf = zeros({1});
  leaf.requires_grad_();
  EXPECT_EQ(leaf.str(), "tensor([0.0000], shape=[1], requires_grad=True)");
}

TEST(Tensor, PrintingALargeTensorSummarises) {
  const std::string s = arange(2000).str();
  EXPECT_NE(s.find("[   0,    1,    2, ..., 1997, 1998, 1999]"), std::string::npos) << s;
  EXPECT_LT(s.size(), 200u);
}

TEST(Tensor, AllocatorReusesFreedBlocks) {
  { Tensor warm = zeros({1000}); }
  const size_t hits = cpu_allocator_stats().hits;
  { Tensor again = zeros({1000}); }
  EXPECT_GT(cpu_allocator_stats().hits, hits);
}

TEST(Tensor, AllocatorTracksItsPeak) {
  cpu_allocator_reset_peak();
  const size_t before = cpu_allocator_stats().allocated_bytes;
  EXPECT_EQ(cpu_allocator_stats().peak_allocated_bytes, before);
  { Tensor big = zeros({1 << 20}); }  // 4 MiB, returned at once
  EXPECT_EQ(cpu_allocator_stats().allocated_bytes, before);
  EXPECT_EQ(cpu_allocator_stats().peak_allocated_bytes, before + (size_t{4} << 20));
}

TEST(Tensor, MemoryInUseIsTheDevicesAllocator) {
  reset_memory_peak(Device::cpu());
  const MemoryInUse start = memory_in_use(Device::cpu());
  EXPECT_EQ(start.allocated_bytes, cpu_allocator_stats().allocated_bytes);
  EXPECT_EQ(start.peak_allocated_bytes, start.allocated_bytes);
  {
    const Tensor big = zeros({1 << 20});
    EXPECT_EQ(memory_in_use(Device::cpu()).allocated_bytes, start.allocated_bytes + (4u << 20));
  }
  const MemoryInUse end = memory_in_use(Device::cpu());
  EXPECT_EQ(end.allocated_bytes, start.allocated_bytes);
  EXPECT_EQ(end.peak_allocated_bytes, start.allocated_bytes + (4u << 20));
}

TEST(Tensor, WriteSliceOverwritesOnlyItsPositions) {
  Tensor cache = zeros({2, 4, 3});
  const Tensor before = cache;
  cache.write_slice_(1, 1, tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {2, 2, 3}));
  cache.write_slice_(-2, 3, tensor({-1, -2, -3, -4, -5, -6}, {2, 1, 3}));
  EXPECT_TRUE(cache.same_storage(before));
  EXPECT_EQ(cache.to_vector<float>(),
            (std::vector<float>{0, 0, 0, 1, 2, 3, 4,  5,  6,  -1, -2, -3,  //
                                0, 0, 0, 7, 8, 9, 10, 11, 12, -4, -5, -6}));
  Tensor ids = zeros({1, 3}, kInt64);
  ids.write_slice_(1, 2, int_tensor({7}, {1, 1}));
  EXPECT_EQ(ids.to_vector<int64_t>(), (std::vector<int64_t>{0, 0, 7}));
}

TEST(Tensor, WriteSliceRefusesWhatDoesNotFitAndGradients) {
  Tensor cache = zeros({2, 4, 3});
  EXPECT_TRUE(testing::throws_with(
      [&] {
        cache.write_slice_(1, 3, zeros({2, 2, 3}));
      },
      {"write_slice_", "[2, 2, 3]", "at 3", "[2, 4, 3]"}));
  EXPECT_TRUE(testing::throws_with(
      [&] {
        cache.write_slice_(1, 0, zeros({2, 1, 2}));
      },
      {"write_slice_", "[2, 1, 2]"}));
  EXPECT_TRUE(testing::throws_with(
      [&] {
        cache.write_slice_(1, 0, zeros({2, 1, 3}, kInt64));
      },
      {"write_slice_", "int64"}));
  const Tensor leaf = testing::random_leaf({2, 1, 3}, 1);
  EXPECT_TRUE(testing::throws_with([&] { cache.write_slice_(1, 0, leaf); },
                                   {"write_slice_", "not differentiable", "NoGradGuard"}));
  NoGradGuard no_grad;
  cache.write_slice_(1, 0, leaf);
  EXPECT_TRUE(testing::tensors_close(cache.narrow(1, 0, 1), leaf));
}

}  // namespace
}  // namespace buildgpt
