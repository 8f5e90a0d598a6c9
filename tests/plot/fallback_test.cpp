// Without gnuplot the data still lands in a CSV; a failing gnuplot is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

#include "plot/figure.h"
#include "plot/gnuplot.h"
#include "plot_fixture.h"

namespace buildgpt::plot {
namespace {

using testing::EnvOverride;
using testing::read_file;

class FallbackTest : public testing::PlotTest {
 protected:
  // A folder with no programs in it: as PATH, gnuplot cannot be found.
  std::string empty_bin() {
    std::filesystem::create_directories(dir_ / "empty-bin");
    return (dir_ / "empty-bin").string();
  }
};

TEST_F(FallbackTest, LinesGoToCsvWithSeriesNamesInTheHeader) {
  EnvOverride path("PATH", empty_bin());
  EXPECT_FALSE(find_gnuplot().has_value());
  Plot plot("Loss", "step", "loss");
  plot.line("train", {0, 1, 2}, {3.5, 2.25, 2}).line("val, held out", {0, 2}, {3.6, 2.1});
  plot.hline(3.3, "uniform");
  ::testing::internal::CaptureStderr();
  const Saved saved = plot.save(dir_ / "out" / "loss.png");
  const std::string message = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(saved.png.has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "loss.png"));
  EXPECT_EQ(saved.csv, dir_ / "out" / "loss.csv");
  EXPECT_EQ(read_file(saved.csv),
            "train: step,train: loss,\"val, held out: step\",\"val, held out: loss\",uniform\n"
            "0,3.5,0,3.6,3.3\n"
            "1,2.25,2,2.1,\n"
            "2,2,,,\n");
  EXPECT_NE(message.find("apt-get install gnuplot-nox"), std::string::npos);
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1);
}

TEST_F(FallbackTest, HistogramBarsHeatMapAndGridTables) {
  EnvOverride path("PATH", empty_bin());
  Figure figure(1, 3);
  figure.panel(0, 0) = Plot("h", "v", "count").histogram("a", {0, 1, 1, 4}, 2);
  figure.panel(0, 1) =
      Plot("b", "letter", "count").bars({"x", "y"}, {{"e", {1, 1}}, {"o", {2, 0}}});
  figure.panel(0, 2) = Plot("m", "key", "query").heatmap(Matrix{{0.5, 0.5}, {1, 0}}, {"q0", "q1"});
  ::testing::internal::CaptureStderr();
  figure.save(dir_ / "grid.png");
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(read_file(dir_ / "grid.csv"),
            "h\n"
            "bin start,bin end,a\n"
            "0,2,3\n"
            "2,4,1\n"
            "\n"
            "b\n"
            "letter,e,o\n"
            "x,1,2\n"
            "y,1,0\n"
            "\n"
            "m\n"
            "query \\ key,0,1\n"
            "q0,0.5,0.5\n"
            "q1,1,0\n");
}

TEST_F(FallbackTest, AStalePictureIsRemoved) {
  std::ofstream(dir_ / "old.png") << "from an earlier run";
  EnvOverride path("PATH", empty_bin());
  ::testing::internal::CaptureStderr();
  Plot("t", "x", "y").line("a", {1, 2}).save(dir_ / "old.png");
  ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "old.png"));
}

TEST_F(FallbackTest, AFailingGnuplotIsReported) {
  EnvOverride gnuplot("BUILDGPT_GNUPLOT", "false");  // found on PATH, exits with status 1
  ASSERT_TRUE(find_gnuplot().has_value());
  try {
    Plot("t", "x", "y").line("a", {1, 2}).save(dir_ / "a.png");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("exit status 1"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "a.csv"));  // the data is still there
}

TEST_F(FallbackTest, GnuplotMessagesAreInTheError) {
  require_gnuplot();
  std::ofstream(dir_ / "bad.gp") << "plot sin(x) with nonsense\n";
  try {
    run_gnuplot(*find_gnuplot(), dir_ / "bad.gp", dir_ / "bad.png");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("unrecognized plot type"), std::string::npos) << e.what();
  }
}

TEST_F(FallbackTest, GnuplotCanBeNamedByPath) {
  EnvOverride gnuplot("BUILDGPT_GNUPLOT", (dir_ / "no-such-gnuplot").string());
  EXPECT_FALSE(find_gnuplot().has_value());
}

}  // namespace
}  // namespace buildgpt::plot
