// Every kind of figure comes out as a PNG, with its CSV beside it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "plot/figure.h"
#include "plot/loss_curve.h"
#include "plot/output.h"
#include "plot_fixture.h"

namespace buildgpt::plot {
namespace {

using testing::is_png;
using testing::PlotTest;

class FigureTest : public PlotTest {
 protected:
  void expect_drawn(const Saved& saved, const std::filesystem::path& png) {
    ASSERT_TRUE(saved.png.has_value());
    EXPECT_EQ(*saved.png, png);
    EXPECT_TRUE(is_png(png));
    EXPECT_EQ(saved.csv, std::filesystem::path(png).replace_extension(".csv"));
    EXPECT_TRUE(std::filesystem::exists(saved.csv));
  }
};

TEST_F(FigureTest, LinesWithLegendLogScaleAndReferenceLine) {
  require_gnuplot();
  std::vector<float> loss;
  for (int i = 0; i < 200; ++i) loss.push_back(4.0f * std::exp(-i / 50.0f) + 1.0f);
  Plot plot("Loss", "step", "loss (nats)");
  plot.line("train", loss)
      .line("val", {0, 100, 199}, {4.5, 1.3, 1.1})
      .log_y()
      .hline(4.17, "uniform");
  const auto png = dir_ / "nested" / "folder" / "lines.png";  // parent folders are created
  expect_drawn(plot.save(png), png);
}

TEST_F(FigureTest, Scatter) {
  require_gnuplot();
  Generator gen(1);
  Plot plot("Embeddings", "dimension 0", "dimension 1");
  plot.scatter("tokens", randn({100}, &gen), randn({100}, &gen));
  expect_drawn(plot.save(dir_ / "scatter.png"), dir_ / "scatter.png");
}

TEST_F(FigureTest, HistogramsOfTwoSeries) {
  require_gnuplot();
  Generator gen(2);
  Plot plot("Activations", "value", "count");
  plot.histogram("before", randn({1000}, &gen), 30)
      .histogram("after", randn({1000}, &gen).tanh(), 30);
  expect_drawn(plot.save(dir_ / "hist.png"), dir_ / "hist.png");
}

TEST_F(FigureTest, GroupedBars) {
  require_gnuplot();
  Plot plot("Frequencies", "letter", "count");
  plot.bars({"a", "b", "c"}, {{"expected", {10, 10, 10}}, {"observed", {12, 7, 11}}});
  plot.hline(10, "uniform");
  expect_drawn(plot.save(dir_ / "bars.png"), dir_ / "bars.png");
}

TEST_F(FigureTest, HeatMapWithLabelsAndSize) {
  require_gnuplot();
  Generator gen(3);
  Plot plot("Attention", "key", "query");
  Tensor e = randn({4, 4}, &gen).exp();
  plot.heatmap(e / e.sum({1}, true), {"a", "b", "c", "d"}, {"a", "b", "c", "d"})
      .colorbar_label("weight");
  const auto png = dir_ / "heat.png";
  expect_drawn(plot.save(png, Size{400, 400}), png);
  // The IHDR chunk holds the width and height, big-endian, at bytes 16 and 20.
  const std::string bytes = testing::read_file(png);
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) |
           (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) |
           static_cast<unsigned char>(bytes[at + 3]);
  };
  EXPECT_EQ(be32(16), 400u);
  EXPECT_EQ(be32(20), 400u);
}

TEST_F(FigureTest, GridWithABlankPanel) {
  require_gnuplot();
  Figure figure(2, 3);
  figure.title("Per layer");
  for (int i = 0; i < 5; ++i) {
    figure.panel(i / 3, i % 3)
        .title("layer " + std::to_string(i))
        .xlabel("x")
        .ylabel("y")
        .line("", {1.0, 2.0, 3.0 + i});
  }
  expect_drawn(figure.save(dir_ / "grid.png"), dir_ / "grid.png");
}

TEST_F(FigureTest, LossCurve) {
  require_gnuplot();
  const auto png = dir_ / "loss.png";
  expect_drawn(loss_curve(png, {0, 1, 2, 3}, {4, 3, 2.5, 2.2}, {0, 3}, {4.1, 2.4},
                          Reference{std::log(27.0), "uniform guess"}),
               png);
  EXPECT_EQ(testing::read_file(dir_ / "loss.csv"),
            "train: step,train: cross-entropy loss (nats),validation: step,"
            "validation: cross-entropy loss (nats),uniform guess\n"
            "0,4,0,4.1,3.29583687\n"
            "1,3,3,2.4,\n"
            "2,2.5,,,\n"
            "3,2.2,,,\n");
}

TEST_F(FigureTest, NoTemporaryFileIsLeftBehind) {
  require_gnuplot();
  // A private temporary folder, so plots drawn by tests running in parallel do not count.
  const std::filesystem::path tmp = dir_ / "tmp";
  std::filesystem::create_directories(tmp);
  const char* old_tmpdir = std::getenv("TMPDIR");
  const std::string saved = old_tmpdir ? old_tmpdir : "";
  setenv("TMPDIR", tmp.c_str(), 1);
  Plot("t", "x", "y").line("a", {1, 2}).save(dir_ / "a.png");
  if (old_tmpdir) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "a.png"));
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "a temporary file was left in " << tmp;
}

TEST_F(FigureTest, OutputDirIsCreatedUnderOut) {
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir_);
  const auto dir = output_dir("01_model1");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(dir, std::filesystem::path("out") / "01_model1");
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "out" / "01_model1"));
  EXPECT_THROW(output_dir("../elsewhere"), std::invalid_argument);
  EXPECT_THROW(output_dir(""), std::invalid_argument);
}

}  // namespace
}  // namespace buildgpt::plot
