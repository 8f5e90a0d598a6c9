// Figure: a grid of panels (one by default) written as a PNG through gnuplot.
//
// save() always writes the data as CSV beside the PNG (same stem, .csv), so the numbers behind
// every picture can be read or re-plotted. When gnuplot is not on PATH the CSV is all that is
// written and one line on stderr says how to get the picture. The program running gnuplot can
// be changed with $BUILDGPT_GNUPLOT (a name looked up on PATH, or a path).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot.h"

namespace buildgpt::plot {

class Figure {
 public:
  explicit Figure(int rows = 1, int cols = 1);

  // Panels are counted from the top left; a panel left empty is left blank.
  Plot& panel(int row, int col);
  const Plot& panel(int row, int col) const;
  Figure& title(std::string text);  // over the whole grid; optional
  Figure& size(Size size);          // default: 900 x 560 per panel, scaled down for grids

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const std::string& title() const { return title_; }
  Size size() const;

  // Writes `png` (and its .csv), creating parent folders. Throws std::invalid_argument when a
  // panel lacks a title, an axis label or data (naming what), std::runtime_error when gnuplot
  // fails (with its messages).
  Saved save(const std::filesystem::path& png) const;

 private:
  void check_complete(const std::filesystem::path& png) const;

  int rows_, cols_;
  std::string title_;
  std::optional<Size> size_;
  std::vector<Plot> panels_;
};

}  // namespace buildgpt::plot
