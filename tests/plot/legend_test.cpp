// The legend goes to an empty corner, or beside the panel when there is none.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace buildgpt::plot
