// The CPU's vector math (autograd/cpu/vector_math.h): exp, log, tanh and erf over arrays of every
// length (whole vectors and a partial last one) within 1.5 ulps of the exact values, and their
// special values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "autograd/cpu/vector_math.h"

namespace buildgpt {
namespace {

using ArrayFn = void (*)(const float*, float*, int64_t);

// The largest error of f over n points spread over [lo, hi], in units of the float spacing at
// the exact value.
double worst_ulps(ArrayFn f, double (*exact)(double), double lo, double hi, int64_t n) {
  std::vector<float> x(n), y(n);
  for (int64_t i = 0; i < n; ++i) x[i] = static_cast<float>(lo + (hi - lo) * i / (n - 1));
  f(x.data(), y.data(), n);
  double worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double want = exact(x[i]);
    const auto w = static_cast<float>(want);
    const double ulp =
        std::nextafter(std::fabs(w), std::numeric_limits<float>::infinity()) - std::fabs(w);
    worst = std::max(worst, std::fabs(y[i] - want) / ulp);
  }
  return worst;
}

TEST(VectorMath, WithinOneAndAHalfUlpsAtEveryLength) {
  const std::string isa = cpu::vector_math_isa();
  EXPECT_TRUE(isa == "avx512" || isa == "avx2" || isa == "sse2" || isa == "scalar") << isa;
  for (int64_t n : {1, 3, 8, 17, 1037}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    EXPECT_LE(worst_ulps(cpu::vector_exp, std::exp, -87, 88, n + 1), 1.5);
    EXPECT_LE(worst_ulps(cpu::vector_log, std::log, 1e-30, 1e30, n + 1), 1.5);
    EXPECT_LE(worst_ulps(cpu::vector_tanh, std::tanh, -12, 12, n + 1), 1.5);
    EXPECT_LE(worst_ulps(cpu::vector_erf, std::erf, -5, 5, n + 1), 1.5);
  }
}

TEST(VectorMath, SpecialValues) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {-inf, inf, 0.0f, -1.0f, NAN, 100.0f, -200.0f};
  std::vector<float> y(x.size());
  cpu::vector_exp(x.data(), y.data(), 7);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], inf);
  EXPECT_EQ(y[2], 1.0f);
  EXPECT_TRUE(std::isnan(y[4]));
  EXPECT_EQ(y[5], inf);
  EXPECT_EQ(y[6], 0.0f);
  cpu::vector_log(x.data(), y.data(), 7);
  EXPECT_EQ(y[1], inf);
  EXPECT_EQ(y[2], -inf);
  EXPECT_TRUE(std::isnan(y[3]));
  cpu::vector_tanh(x.data(), y.data(), 7);
  EXPECT_EQ(y[0], -1.0f);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(y[2], 0.0f);
  cpu::vector_erf(x.data(), y.data(), 7);
  EXPECT_EQ(y[0], -1.0f);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(y[2], 0.0f);
}

TEST(VectorMath, InPlace) {
  std::vector<float> x = {0.5f, -2.0f, 3.0f};
  cpu::vector_exp(x.data(), x.data(), 3);
  EXPECT_FLOAT_EQ(x[0], std::exp(0.5f));
  EXPECT_FLOAT_EQ(x[1], std::exp(-2.0f));
  EXPECT_FLOAT_EQ(x[2], std::exp(3.0f));
}

}  // namespace
}  // namespace buildgpt
