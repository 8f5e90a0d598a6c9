// Fixed bins: the densities NumPy's histogram(..., density=True) gives.
#include "plot/binning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace buildgpt::plot {
namespace {

TEST(DensityInBins, CountsPerSampleInsidePerUnitWidth) {
  // 0.1 and 0.2 in [0, 0.5); 0.5 and 1.0 in [0.5, 1] (the last bin is closed); 1.5, -3 and NaN
  // are left out: 4 samples inside, bins 0.5 wide.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(density_in_bins({0.1, 0.2, 0.5, 1.0, 1.5, -3, nan}, {0, 0.5, 1}),
            (std::vector<double>{1.0, 1.0}));
  // Bins of unequal width: 3 samples, bin widths 1 and 3.
  EXPECT_EQ(density_in_bins({0.5, 2, 3.9}, {0, 1, 4}), (std::vector<double>{1.0 / 3, 2.0 / 9}));
}

TEST(DensityInBins, IntegratesToOne) {
  std::vector<double> samples;
  for (int i = 0; i < 1000; ++i) samples.push_back(std::sin(i * 0.37) * 1.2);
  const std::vector<double> edges = {-1, -0.4, 0, 0.1, 0.7, 1};
  const std::vector<double> d = density_in_bins(samples, edges);
  double area = 0;
  for (size_t i = 0; i < d.size(); ++i) area += d[i] * (edges[i + 1] - edges[i]);
  EXPECT_NEAR(area, 1, 1e-12);
}

TEST(DensityInBins, NothingInsideGivesZeros) {
  EXPECT_EQ(density_in_bins({5, 6}, {0, 1, 2}), (std::vector<double>{0, 0}));
}

TEST(DensityInBins, RefusesEdgesThatDoNotIncrease) {
  EXPECT_THROW(density_in_bins({1}, {0}), std::invalid_argument);
  EXPECT_THROW(density_in_bins({1}, {0, 1, 1}), std::invalid_argument);
  EXPECT_THROW(density_in_bins({1}, {2, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace buildgpt::plot
