#include "plot/figure.h"

#include <iostream>
#include <stdexcept>
#include <utility>

#include "plot/csv.h"
#include "plot/gnuplot.h"
#include "plot/script.h"
#include "plot/temp_file.h"

namespace buildgpt::plot {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

Figure::Figure(int rows, int cols) : rows_(rows), cols_(cols) {
  if (rows < 1 || cols < 1) {
    throw std::invalid_argument("plot: a figure needs at least one row and one column, got " +
                                std::to_string(rows) + " x " + std::to_string(cols));
  }
  panels_.resize(static_cast<size_t>(rows) * cols);
}

Plot& Figure::panel(int row, int col) {
  return const_cast<Plot&>(std::as_const(*this).panel(row, col));
}

const Plot& Figure::panel(int row, int col) const {
  if (row < 0 || row >= rows_ || col < 0 || col >= cols_) {
    throw std::out_of_range("plot: panel (" + std::to_string(row) + ", " + std::to_string(col) +
                            ") is outside a " + std::to_string(rows_) + " x " +
                            std::to_string(cols_) + " figure");
  }
  return panels_[static_cast<size_t>(row) * cols_ + col];
}

Figure& Figure::title(std::string text) {
  title_ = std::move(text);
  return *this;
}

Figure& Figure::size(Size size) {
  if (size.width < 100 || size.height < 100) {
    throw std::invalid_argument("plot: a figure needs at least 100 x 100 pixels");
  }
  size_ = size;
  return *this;
}

Size Figure::size() const {
  if (size_) return *size_;
  if (rows_ == 1 && cols_ == 1) return {900, 560};
  return {cols_ * 560, rows_ * 420 + (title_.empty() ? 0 : 40)};
}

void Figure::check_complete(const std::filesystem::path& png) const {
  bool any = false;
  for (int r = 0; r < rows_; ++r) {
    for (int c = 0; c < cols_; ++c) {
      const Plot& p = panel(r, c);
      const bool blank = p.kind() == PanelKind::empty && p.title().empty();
      if (blank && panels_.size() > 1) continue;
      any = true;
      const std::vector<std::string> missing = p.missing();
      if (missing.empty()) continue;
      const std::string which =
          panels_.size() == 1 ? "the plot"
                              : "panel (" + std::to_string(r) + ", " + std::to_string(c) + ")";
      throw std::invalid_argument("plot: cannot write " + png.string() + ": " + which + " has no " +
                                  join(missing) +
                                  " (every plot needs a title, axis labels and data)");
    }
  }
  if (!any)
    throw std::invalid_argument("plot: cannot write " + png.string() + ": no panel has data");
}

Saved Figure::save(const std::filesystem::path& png) const {
  check_complete(png);
  if (png.has_parent_path()) std::filesystem::create_directories(png.parent_path());
  Saved saved{std::filesystem::path(png).replace_extension(".csv"), std::nullopt};
  write_csv(*this, saved.csv);
  std::filesystem::remove(png);  // a picture from an earlier run must not pass for this one

  const std::optional<std::filesystem::path> gnuplot = find_gnuplot();
  if (!gnuplot) {
    std::cerr << "plot: " << gnuplot_program() << " not found on PATH, so " << png.string()
              << " was not drawn (its data is in " << saved.csv.string()
              << "); to get it: apt-get install gnuplot-nox, then re-run\n";
    return saved;
  }
  const TempFile script("buildgpt-plot-", ".gp");
  write_script(*this, png, script.path());
  run_gnuplot(*gnuplot, script.path(), png);
  saved.png = png;
  return saved;
}

}  // namespace buildgpt::plot
