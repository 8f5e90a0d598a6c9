// The y axis holds every reference line and data point with a margin: none sits on the frame.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "plot/extent.h"
#include "plot/figure.h"
#include "plot/script.h"
#include "plot_fixture.h"

namespace buildgpt::plot {
namespace {

// y lies inside the range with at least `margin` of its span (on the axis's scale) either side.
::testing::AssertionResult well_inside(double y, const Range& r, bool log = false,
                                       double margin = 0.9 * kMargin) {
  auto s = [log](double v) { return log ? std::log10(v) : v; };
  const double room = margin * (s(r.hi) - s(r.lo));
  if (s(y) - s(r.lo) >= room && s(r.hi) - s(y) >= room) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << y << " is within " << margin << " of the span of the frame [" << r.lo << ", " << r.hi
         << "]";
}

TEST(YExtent, AReferenceLineAtTheLowestValueIsAboveTheFrame) {
  // Lesson 01's case: probabilities x V never below the uniform guess's 1.
  Plot plot;
  plot.line("", {1.0, 1.2, 3.5, 2.0}).hline(1, "uniform guess");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_TRUE(well_inside(1, *r));
  EXPECT_TRUE(well_inside(3.5, *r, false, 0.9 * kMargin / (1 + 2 * kMargin)));
}

TEST(YExtent, AReferenceLineAboveEveryBarIsBelowTheFrame) {
  // Lesson 06's case: the count of distinct samples, at most 50, with a line at 50.
  Plot plot;
  plot.bars({"a", "b", "c"}, {{"s", {1, 38, 50}}}).hline(50, "every sample different");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_TRUE(well_inside(50, *r));
  EXPECT_EQ(r->lo, 0) << "bars stand on the frame";
}

TEST(YExtent, LinesBelowNegativeBarsAreAboveTheFrame) {
  // Lesson 05's case: residuals with dashed lines at +-2.
  Plot plot;
  plot.bars({"a", "b", "c"}, {{"", {0.5, -1.2, 1.9}}}).hline(2, "").hline(-2, "");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_TRUE(well_inside(-2, *r));
  EXPECT_TRUE(well_inside(2, *r));
}

TEST(YExtent, LogAxesArePaddedInDecades) {
  Plot plot;
  plot.line("", {1, 10, 1000}).log_y().hline(1000, "top");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_NEAR(std::log10(r->lo), -3 * kMargin, 1e-9);
  EXPECT_NEAR(std::log10(r->hi), 3 + 3 * kMargin, 1e-9);
  EXPECT_TRUE(well_inside(1000, *r, true));
}

TEST(YExtent, OneValueGetsARangeAroundIt) {
  Plot plot;
  plot.line("", {5, 5, 5}).hline(5, "");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_TRUE(well_inside(5, *r));
}

TEST(YExtent, AFixedRangeIsKeptAndCutsWhatLiesOutside) {
  Plot plot;
  plot.scatter("", {0, 1, 2}, {0.001, 0.002, 0.9}).y_range(0, 0.01).hline(1, "");
  const std::optional<Range> r = y_extent(plot);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->lo, 0);
  EXPECT_EQ(r->hi, 0.01);
  for (const Point& p : drawn_points(plot)) EXPECT_LE(p.second, 0.01);
}

TEST(XExtent, ScatterPointsAreNotCutByTheFrame) {
  Plot points;
  points.scatter("", {0, 0.5, 1}, {1, 2, 3});
  const std::optional<Range> r = x_extent(points);
  ASSERT_TRUE(r);
  EXPECT_TRUE(well_inside(0, *r));
  EXPECT_TRUE(well_inside(1, *r));
  EXPECT_FALSE(x_extent(Plot().line("", {1, 2, 3}))) << "lines may end on the frame";
  EXPECT_EQ(x_extent(Plot(points).x_range(-1, 2))->lo, -1) << "a fixed range is kept";
}

TEST(YExtent, HeatMapsAndEmptyPanelsHaveNone) {
  EXPECT_FALSE(y_extent(Plot()));
  EXPECT_FALSE(y_extent(Plot().heatmap({{1, 2}, {3, 4}})));
}

class ScriptTest : public testing::PlotTest {
 protected:
  std::string script_of(const Plot& plot) {
    Figure figure;
    figure.panel(0, 0) = plot;
    const auto path = dir_ / "f.gp";
    write_script(figure, dir_ / "f.png", path);
    return testing::read_file(path);
  }
};

TEST_F(ScriptTest, TheDrawnRangeHoldsEveryReferenceLine) {
  Plot plot("p", "x", "y");
  plot.line("", {1.0, 1.5, 4.0}).hline(1, "floor").hline(4, "ceiling");
  const std::string script = script_of(plot);
  const size_t at = script.find("set yrange [");
  ASSERT_NE(at, std::string::npos) << script;
  Range drawn{};
  ASSERT_EQ(std::sscanf(script.c_str() + at, "set yrange [%lf:%lf]", &drawn.lo, &drawn.hi), 2)
      << script;
  EXPECT_TRUE(well_inside(1, drawn));
  EXPECT_TRUE(well_inside(4, drawn));
}

TEST_F(ScriptTest, ALegendWithNoFreeCornerGoesBelowThePanel) {
  Plot plot("p", "x", "y");
  plot.bars({"a", "b", "c", "d"}, {{"s", {5, 1, 1, 5}}}).hline(5, "line");
  const std::string script = script_of(plot);
  EXPECT_NE(script.find("set key below"), std::string::npos) << script;
  EXPECT_EQ(script.find("outside"), std::string::npos) << "a legend beside the panel squeezes it";
}

TEST_F(ScriptTest, FixedRangesAreDrawnAsGiven) {
  Plot plot("p", "x", "y");
  plot.line("", {0.1, 0.5, 0.9}).x_range(-0.02, 1.02).y_range(-0.02, 1.02);
  const std::string script = script_of(plot);
  EXPECT_NE(script.find("set xrange [-0.02:1.02]"), std::string::npos) << script;
  EXPECT_NE(script.find("set yrange [-0.02:1.02]"), std::string::npos) << script;
}

TEST(Ranges, AreRefusedUnlessLoIsBelowHi) {
  EXPECT_THROW(Plot().y_range(1, 1), std::invalid_argument);
  EXPECT_THROW(Plot().x_range(2, 1), std::invalid_argument);
}

TEST_F(ScriptTest, CoolToWarmColoursRunFromBlueToRed) {
  Plot plot("p", "x", "y");
  for (int i = 0; i < 13; ++i) plot.line("layer " + std::to_string(i), {1.0, 2.0 + i});
  EXPECT_EQ(script_of(plot).find("'#2166ac'"), std::string::npos) << "only when asked for";
  const std::string script = script_of(plot.cool_to_warm());
  EXPECT_NE(script.find("lc rgb '#2166ac' title 'layer 0'"), std::string::npos) << script;
  EXPECT_NE(script.find("lc rgb '#8e6bb1'"), std::string::npos) << "violet in the middle" << script;
  EXPECT_NE(script.find("lc rgb '#b2182b' title 'layer 12'"), std::string::npos) << script;
}

}  // namespace
}  // namespace buildgpt::plot
