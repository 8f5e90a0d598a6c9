// The arithmetic of the GPU's kernels that also runs on the host, checked against the CPU on any
// machine (these tests need no GPU): the counter-addressed PCG32 and the random draws and dropout
// mask built on it, the keys of sort and topk, and the offsets of broadcasting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>

#include "autograd/autograd.h"
#include "cuda/layouts.cuh"
#include "cuda/random_draws.cuh"
#include "cuda/sort_keys.cuh"

namespace buildgpt {
namespace {

using cuda::Pcg32;

Pcg32 state_of(const Generator& gen) {
  const Generator::State s = gen.get_state();
  return {s.state, s.inc};
}

TEST(CudaHostLogic, Pcg32IsTheGeneratorAndJumpsAhead) {
  for (uint64_t seed : {0ull, 1ull, 42ull, 0xdeadbeefcafeull}) {
    Generator gen(seed);
    Pcg32 g = Pcg32::seeded(seed);
    EXPECT_EQ(g.state, state_of(gen).state);
    EXPECT_EQ(g.inc, state_of(gen).inc);
    for (int i = 0; i < 100; ++i) ASSERT_EQ(g.next_u32(), gen.next_u32()) << "draw " << i;
    EXPECT_EQ(g.next_float(), gen.next_float());
    EXPECT_EQ(g.next_double(), gen.next_double());
  }
  for (uint64_t delta : {0ull, 1ull, 2ull, 7ull, 4096ull, 123457ull}) {
    Pcg32 stepped = Pcg32::seeded(9), jumped = stepped;
    for (uint64_t i = 0; i < delta; ++i) stepped.next_u32();
    jumped.advance(delta);
    EXPECT_EQ(jumped.state, stepped.state) << "delta " << delta;
  }
}

// Element i of a fill computed as a GPU thread computes it: a jump to its first draw, then the
// draw; the CPU's tensor from a generator in the same state.
TEST(CudaHostLogic, RandomFillsByCounterAreTheCpus) {
  const int64_t n = 999;
  struct Fill {
    Distribution kind;
    double a, b;
  };
  for (const Fill f : {Fill{Distribution::UnitFloat, 0, 0}, Fill{Distribution::Uniform, -2, 3},
                       Fill{Distribution::Normal, 0.5, 2}, Fill{Distribution::Integer, -7, 1000}}) {
    Generator gen(31);
    const Pcg32 start = state_of(gen);
    Tensor cpu;
    switch (f.kind) {
      case Distribution::UnitFloat:
        cpu = rand({n}, &gen);
        break;
      case Distribution::Uniform:
        cpu = uniform({n}, f.a, f.b, &gen);
        break;
      case Distribution::Normal:
        cpu = normal({n}, f.a, f.b, &gen);
        break;
      case Distribution::Integer:
        cpu = randint(static_cast<int64_t>(f.a), static_cast<int64_t>(f.b), {n}, &gen);
        break;
    }
    for (int64_t i = n - 1; i >= 0; --i) {  // in any order
      Pcg32 g = start;
      g.advance(static_cast<uint64_t>(i) * cuda::draws_per_element(f.kind));
      if (f.kind == Distribution::Integer) {
        ASSERT_EQ(cuda::draw_integer(g, f.a, f.b), cpu.data<int64_t>()[i]) << "element " << i;
      } else {
        ASSERT_EQ(cuda::draw_float(f.kind, g, f.a, f.b), cpu.data<float>()[i]) << "element " << i;
      }
    }
    Pcg32 end = start;
    end.advance(n * cuda::draws_per_element(f.kind));
    EXPECT_EQ(end.state, state_of(gen).state);  // where the host generator is moved to
  }
}

TEST(CudaHostLogic, DropoutMaskByCounterIsTheCpus) {
  const Tensor x = ones({3, 5000});
  Generator gen(8), copy(8);
  const Tensor y = dropout(x, 0.3, true, &gen);
  const uint64_t seed = (static_cast<uint64_t>(copy.next_u32()) << 32) | copy.next_u32();
  const float* py = y.data<float>();
  for (int64_t i = 0; i < x.numel(); ++i) {
    ASSERT_EQ(cuda::dropout_stream(seed, i).next_float() >= 0.3f, py[i] != 0) << "element " << i;
  }
}

// Positions ordered by (key, position), as the stable radix sort orders them.
template <typename T>
std::vector<int64_t> order_by_keys(const std::vector<T>& values, bool descending) {
  std::vector<int64_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return cuda::sort_key(values[a], descending) < cuda::sort_key(values[b], descending);
  });
  return order;
}

template <typename T>
void expect_cpu_order(const std::vector<T>& values) {
  const Tensor t = from_vector(values);
  for (bool descending : {false, true}) {
    EXPECT_EQ(order_by_keys(values, descending), sort(t, 0, descending).second.to_vector<int64_t>())
        << (descending ? "descending" : "ascending");
  }
}

TEST(CudaHostLogic, SortKeysOrderAsTheCpuSorts) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = INFINITY;
  expect_cpu_order(std::vector<float>{2, nan, -0.0f, 1, 0, 2, -inf, -nan, inf, -1e-30f, 1e30f, -3,
                                      1, nan, 0, -0.0f});
  expect_cpu_order(std::vector<int32_t>{5, -3, 0, 2147483647, -2147483647 - 1, 5, -3, 7});
  expect_cpu_order(std::vector<int64_t>{5, -3, 0, INT64_MAX, INT64_MIN, 5, -3, 7});
}

// Copying arange(n) puts each element's source offset where it lands: the layouts of permute and
// gather against the CPU's copies.
TEST(CudaHostLogic, PermuteLayoutsWalkAsTheCpusPermute) {
  struct Case {
    Shape shape;
    Dims perm;
  };
  for (const Case& c : {Case{{2, 3, 4}, {2, 0, 1}}, Case{{2, 1, 3, 1, 5}, {4, 1, 0, 3, 2}},
                        Case{{3, 70, 12, 8}, {0, 2, 1, 3}}, Case{{2, 3, 4, 5}, {0, 1, 3, 2}},
                        Case{{3, 1}, {1, 0}}, Case{{5}, {0}}, Case{{}, {}}}) {
    const Tensor source = arange(shape_numel(c.shape), kInt64).view(c.shape);
    const std::vector<int64_t> want = permute(source, c.perm).to_vector<int64_t>();
    const cuda::Strided layout = cuda::permute_layout(c.shape, c.perm);
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(layout.offset(static_cast<int64_t>(i)), want[i])
          << shape_str(c.shape) << " element " << i;
    }
  }
}

TEST(CudaHostLogic, IndexLayoutsPickAsTheCpusGather) {
  const Shape shape{4, 5, 6};
  const Tensor source = arange(shape_numel(shape), kInt64).view(shape);
  Generator gen(2);
  for (int64_t dim = 0; dim < 3; ++dim) {
    Shape picks{3, 2, 4};
    const Tensor index = randint(0, shape[dim], picks, &gen);
    const std::vector<int64_t> want = gather(source, dim, index).to_vector<int64_t>();
    const std::vector<int64_t> idx = index.to_vector<int64_t>();
    const cuda::IndexLayout layout = cuda::index_layout(picks, shape, dim, "test");
    for (size_t k = 0; k < want.size(); ++k) {
      ASSERT_EQ(layout.offset(static_cast<int64_t>(k), idx[k]), want[k]) << "dim " << dim;
    }
  }
}

// The offsets a naive walk over the broadcast index gives.
void expect_numpy_offsets(const Shape& a, const Shape& b) {
  const Shape out = broadcast_shapes(a, b, "test");
  const cuda::Broadcast layout = cuda::broadcast_layout(a, b, out, "test");
  const std::vector<int64_t> sa = contiguous_strides(a), sb = contiguous_strides(b);
  for (int64_t i = 0; i < shape_numel(out); ++i) {
    int64_t rem = i, want_a = 0, want_b = 0;
    for (int64_t d = static_cast<int64_t>(out.size()) - 1; d >= 0; --d) {
      const int64_t c = rem % out[d];
      rem /= out[d];
      const int64_t da = d - static_cast<int64_t>(out.size() - a.size());
      const int64_t db = d - static_cast<int64_t>(out.size() - b.size());
      if (da >= 0 && a[da] != 1) want_a += c * sa[da];
      if (db >= 0 && b[db] != 1) want_b += c * sb[db];
    }
    int64_t got_a = -1, got_b = -1;
    layout.offsets(i, got_a, got_b);
    ASSERT_EQ(got_a, want_a) << shape_str(a) << " with " << shape_str(b) << " at " << i;
    ASSERT_EQ(got_b, want_b) << shape_str(a) << " with " << shape_str(b) << " at " << i;
  }
}

TEST(CudaHostLogic, BroadcastLayoutsGiveNumpysOffsets) {
  expect_numpy_offsets({2, 3, 4}, {2, 3, 4});
  expect_numpy_offsets({2, 3, 4}, {});
  expect_numpy_offsets({}, {5});
  expect_numpy_offsets({2, 3, 4}, {4});
  expect_numpy_offsets({2, 1, 4}, {3, 1});
  expect_numpy_offsets({2, 1, 3, 1, 5}, {4, 1, 6, 5});
  expect_numpy_offsets({1, 1, 7}, {7});
  expect_numpy_offsets({3, 1}, {1, 1});
  std::mt19937 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const auto nd = static_cast<size_t>(rng() % 6);
    Shape a, b;
    for (size_t d = 0; d < nd; ++d) {
      const int64_t size = 1 + static_cast<int64_t>(rng() % 4);
      a.push_back(rng() % 3 == 0 ? 1 : size);
      b.push_back(rng() % 3 == 0 ? 1 : size);
    }
    b.erase(b.begin(), b.begin() + static_cast<int64_t>(rng() % (nd + 1)));
    expect_numpy_offsets(a, b);
  }
}

}  // namespace
}  // namespace buildgpt
