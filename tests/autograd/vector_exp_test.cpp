// The CPU's vectorisable exponential for non-positive arguments (autograd/cpu/vector_exp.h),
// which attention uses: within one float ulp of exp over [-87, 0], and exactly 0 below it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "autograd/cpu/vector_exp.h"

namespace buildgpt {
namespace {

TEST(VectorExp, MatchesExpWithinOneUlpAndIsZeroBelowTheNormalRange) {
  double worst = 0;
  for (float x = 0; x > -87.0f; x -= 1e-4f * (1 + std::fabs(x))) {
    const double exact = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::fabs(cpu::exp_nonpositive(x) - exact) / exact);
  }
  EXPECT_LT(worst, std::numeric_limits<float>::epsilon());
  EXPECT_EQ(cpu::exp_nonpositive(0.0f), 1.0f);
  EXPECT_EQ(cpu::exp_nonpositive(-0.0f), 1.0f);
  EXPECT_EQ(cpu::exp_nonpositive(-87.5f), 0.0f);
  EXPECT_EQ(cpu::exp_nonpositive(-std::numeric_limits<float>::infinity()), 0.0f);
}

}  // namespace
}  // namespace buildgpt
