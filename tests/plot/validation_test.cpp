// A figure is refused without a title, axis labels or data, and bad data is refused on entry.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "plot/figure.h"
#include "plot_fixture.h"

namespace buildgpt::plot {
namespace {

class ValidationTest : public testing::PlotTest {
 protected:
  // The message of the std::invalid_argument that saving `figure` throws, or "" when none.
  std::string refusal(const Figure& figure) {
    try {
      figure.save(dir_ / "f.png");
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  }
  std::string refusal(const Plot& plot) {
    Figure figure;
    figure.panel(0, 0) = plot;
    return refusal(figure);
  }
};

TEST_F(ValidationTest, MissingTitleAndLabelsAreNamed) {
  EXPECT_NE(refusal(Plot("", "step", "loss").line("a", {1, 2})).find("has no title ("),
            std::string::npos);
  EXPECT_NE(refusal(Plot("t", "", "").line("a", {1, 2})).find("has no x label and y label"),
            std::string::npos);
  EXPECT_NE(refusal(Plot().line("a", {1, 2})).find("has no title, x label and y label"),
            std::string::npos);
  EXPECT_NE(refusal(Plot("t", "x", "y")).find("has no data"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "f.png"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "f.csv"));
}

TEST_F(ValidationTest, GridNamesThePanelAndAllowsBlankOnes) {
  Figure figure(1, 3);
  figure.panel(0, 0) = Plot("a", "x", "y").line("s", {1, 2});
  figure.panel(0, 1).line("s", {1, 2}).xlabel("x").ylabel("y");  // no title
  EXPECT_NE(refusal(figure).find("panel (0, 1) has no title"), std::string::npos);
  figure.panel(0, 1).title("b");
  EXPECT_EQ(refusal(figure), "");  // panel (0, 2) is left blank
  EXPECT_NE(refusal(Figure(2, 2)).find("no panel has data"), std::string::npos);
  EXPECT_THROW(figure.panel(1, 0), std::out_of_range);
  EXPECT_THROW(Figure(0, 1), std::invalid_argument);
}

TEST(PlotData, BadDataIsRefusedOnEntry) {
  Plot plot("t", "x", "y");
  EXPECT_THROW(plot.line("a", {1, 2}, {1, 2, 3}), std::invalid_argument);
  EXPECT_THROW(plot.line("a", Values{}), std::invalid_argument);
  EXPECT_THROW(plot.histogram("h", {1, 2}, 0), std::invalid_argument);
  EXPECT_THROW(plot.bars({"a", "b"}, {{"s", {1}}}), std::invalid_argument);
  EXPECT_THROW(plot.heatmap(Matrix{{1, 2}, {3, 4}}, {"only one row label"}), std::invalid_argument);
  EXPECT_THROW(Matrix({{1, 2}, {3}}), std::invalid_argument);
}

TEST(PlotData, OneKindOfDataPerPanel) {
  Plot plot("t", "x", "y");
  plot.line("a", {1, 2}).scatter("b", {1, 2}, {3, 4});  // lines and points mix
  EXPECT_THROW(plot.histogram("h", {1, 2}, 5), std::invalid_argument);
  EXPECT_THROW(plot.heatmap(Matrix{{1}}), std::invalid_argument);
  Plot hist("t", "x", "y");
  hist.histogram("a", {1, 2}, 5);
  EXPECT_THROW(hist.histogram("b", {1, 2}, 6), std::invalid_argument);  // bins are shared
  Plot map("t", "x", "y");
  map.heatmap(Matrix{{1}});
  EXPECT_THROW(map.hline(1, "r"), std::invalid_argument);
}

}  // namespace
}  // namespace buildgpt::plot
