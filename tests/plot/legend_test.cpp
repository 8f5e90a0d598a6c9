// The legend goes to an empty corner, or below the panel when there is none.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plot/legend.h"

namespace buildgpt::plot {
namespace {

TEST(LegendCorner, FallingCurveLeavesTheTopRightFree) {
  EXPECT_EQ(legend_corner(Plot().line("loss", {4, 3, 2.5, 2.2, 2.1, 2.05})), "top right");
}

TEST(LegendCorner, RisingCurveLeavesTheTopLeftFree) {
  EXPECT_EQ(legend_corner(Plot().line("accuracy", {0.1, 0.5, 0.8, 0.9, 0.95})), "top left");
}

TEST(LegendCorner, LogScaleDecidesWhereDataLies) {
  // The last point is low on a linear y axis and high on a log one.
  const Plot plot = Plot().scatter("", {0, 0.5, 1}, {1, 1000, 200});
  EXPECT_EQ(legend_corner(plot), "top right");
  EXPECT_EQ(legend_corner(Plot(plot).log_y()), "top left");
}

TEST(LegendCorner, AReferenceLineAcrossTheTopCrowdsBothTopCorners) {
  Plot plot;
  plot.line("loss", {4, 3, 2.5, 2.2, 2.1, 2.05}).hline(4.2, "uniform");
  EXPECT_EQ(legend_corner(plot), std::nullopt);
}

TEST(LegendCorner, BarsCrowdTheCornersTheyReach) {
  Plot tall_first;
  tall_first.bars({"a", "b", "c", "d"}, {{"s", {5, 1, 1, 1}}});
  EXPECT_EQ(legend_corner(tall_first), "top right");
  Plot tall_ends;
  tall_ends.bars({"a", "b", "c", "d"}, {{"s", {5, 1, 1, 5}}});
  EXPECT_EQ(legend_corner(tall_ends), std::nullopt);
}

TEST(LegendCorner, ABarIsAsWideAsItIsDrawn) {
  // One bar takes the middle half of the frame and reaches the top: it is in all four corners.
  Plot one;
  one.bars({"a"}, {{"wall time", {1.5}}});
  EXPECT_EQ(legend_corner(one), std::nullopt);
  // Two series side by side: the second's bar in the last category reaches the right corners.
  Plot pairs;
  pairs.bars({"a", "b", "c"}, {{"s", {1, 1, 0.1}}, {"t", {0.1, 0.1, 5}}});
  EXPECT_EQ(legend_corner(pairs), "top left");
}

TEST(LegendCorner, ALongLegendNeedsARoomierCorner) {
  // A peak in the middle: a short legend fits in a top corner, a long one would cover the peak.
  const std::vector<double> x = {-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4};
  const std::vector<double> y = {0, 1, 5, 9, 10, 9, 5, 1, 0};
  EXPECT_EQ(legend_corner(Plot().line("a", x, y)), "top right");
  const std::string long_name(60, 'x');
  EXPECT_EQ(legend_corner(Plot().line(long_name, x, y)), std::nullopt);
  EXPECT_EQ(legend_corner(Plot().line(long_name, x, y), Size{2400, 560}), "top right")
      << "in a wide panel the same legend fits";
}

}  // namespace
}  // namespace buildgpt::plot
