#include "plot/plot.h"

#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "plot/figure.h"

namespace buildgpt::plot {
namespace {

std::string count(size_t n) { return std::to_string(n); }

void check_xy(const std::string& name, const Values& x, const Values& y) {
  if (y.empty()) throw std::invalid_argument("plot: series '" + name + "' has no values");
  if (x.size() != y.size()) {
    throw std::invalid_argument("plot: series '" + name + "' has " + count(x.size()) +
                                " x values but " + count(y.size()) + " y values");
  }
}

Range checked_range(double lo, double hi, const char* axis) {
  if (!(lo < hi)) {
    throw std::invalid_argument(std::string("plot: the ") + axis + " range needs lo < hi, got [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return {lo, hi};
}

void check_labels(const std::vector<std::string>& labels, size_t n, const char* what) {
  if (!labels.empty() && labels.size() != n) {
    throw std::invalid_argument(std::string("plot: heat map has ") + count(n) + " " + what +
                                "s but " + count(labels.size()) + " " + what + " labels");
  }
}

const char* kind_name(PanelKind kind) {
  switch (kind) {
    case PanelKind::empty:
      return "nothing";
    case PanelKind::xy:
      return "line/scatter series";
    case PanelKind::histogram:
      return "histograms";
    case PanelKind::bars:
      return "a bar chart";
    case PanelKind::heatmap:
      return "a heat map";
  }
  return "?";
}

}  // namespace

Plot::Plot(std::string title, std::string xlabel, std::string ylabel)
    : title_(std::move(title)), xlabel_(std::move(xlabel)), ylabel_(std::move(ylabel)) {}

Plot& Plot::title(std::string text) {
  title_ = std::move(text);
  return *this;
}

Plot& Plot::xlabel(std::string text) {
  xlabel_ = std::move(text);
  return *this;
}

Plot& Plot::ylabel(std::string text) {
  ylabel_ = std::move(text);
  return *this;
}

Plot& Plot::log_x(bool on) {
  log_x_ = on;
  return *this;
}

Plot& Plot::log_y(bool on) {
  log_y_ = on;
  return *this;
}

Plot& Plot::cool_to_warm(bool on) {
  cool_to_warm_ = on;
  return *this;
}

Plot& Plot::x_range(double lo, double hi) {
  x_range_ = checked_range(lo, hi, "x");
  return *this;
}

Plot& Plot::y_range(double lo, double hi) {
  y_range_ = checked_range(lo, hi, "y");
  return *this;
}

void Plot::set_kind(PanelKind kind, const char* what) {
  if (kind_ != PanelKind::empty && kind_ != kind) {
    throw std::invalid_argument(std::string("plot: cannot add ") + what + " to a panel of " +
                                kind_name(kind_) + " ('" + title_ + "'); use a panel each");
  }
  kind_ = kind;
}

Plot& Plot::line(std::string name, Values x, Values y) {
  check_xy(name, x, y);
  set_kind(PanelKind::xy, "a line");
  xy_.push_back({std::move(name), x.vec(), y.vec(), false});
  return *this;
}

Plot& Plot::line(std::string name, Values y) {
  std::vector<double> x(y.size());
  std::iota(x.begin(), x.end(), 0.0);
  return line(std::move(name), Values(x), std::move(y));
}

Plot& Plot::scatter(std::string name, Values x, Values y) {
  check_xy(name, x, y);
  set_kind(PanelKind::xy, "a scatter");
  xy_.push_back({std::move(name), x.vec(), y.vec(), true});
  return *this;
}

Plot& Plot::histogram(std::string name, Values samples, int bins) {
  if (samples.empty()) throw std::invalid_argument("plot: histogram '" + name + "' has no values");
  if (bins < 1) throw std::invalid_argument("plot: a histogram needs at least 1 bin");
  if (bins_ != 0 && bins != bins_) {
    throw std::invalid_argument("plot: histograms in one panel share their bins (" + count(bins_) +
                                "), got " + count(bins));
  }
  set_kind(PanelKind::histogram, "a histogram");
  bins_ = bins;
  histograms_.push_back({std::move(name), samples.vec()});
  return *this;
}

Plot& Plot::bars(std::vector<std::string> categories, std::vector<BarSeries> series) {
  if (categories.empty() || series.empty()) {
    throw std::invalid_argument("plot: a bar chart needs categories and at least one series");
  }
  for (const BarSeries& s : series) {
    if (s.heights.size() != categories.size()) {
      throw std::invalid_argument("plot: bar series '" + s.name + "' has " +
                                  count(s.heights.size()) + " values for " +
                                  count(categories.size()) + " categories");
    }
  }
  set_kind(PanelKind::bars, "a bar chart");
  if (!bars_.empty()) throw std::invalid_argument("plot: a panel holds one bar chart");
  categories_ = std::move(categories);
  bars_ = std::move(series);
  return *this;
}

Plot& Plot::heatmap(Matrix values, std::vector<std::string> row_labels,
                    std::vector<std::string> col_labels) {
  if (values.rows() == 0 || values.cols() == 0) {
    throw std::invalid_argument("plot: a heat map needs a non-empty matrix");
  }
  check_labels(row_labels, values.rows(), "row");
  check_labels(col_labels, values.cols(), "column");
  if (!hlines_.empty()) throw std::invalid_argument("plot: a heat map takes no reference lines");
  set_kind(PanelKind::heatmap, "a heat map");
  if (heatmap_) throw std::invalid_argument("plot: a panel holds one heat map");
  heatmap_ = HeatMap{std::move(values), std::move(row_labels), std::move(col_labels)};
  return *this;
}

Plot& Plot::colorbar_label(std::string text) {
  colorbar_label_ = std::move(text);
  return *this;
}

Plot& Plot::hline(double y, std::string label) {
  if (kind_ == PanelKind::heatmap) {
    throw std::invalid_argument("plot: a heat map takes no reference lines");
  }
  hlines_.push_back({y, std::move(label)});
  return *this;
}

Saved Plot::save(const std::filesystem::path& png, std::optional<Size> size) const {
  Figure figure;
  figure.panel(0, 0) = *this;
  if (size) figure.size(*size);
  return figure.save(png);
}

std::vector<std::string> Plot::missing() const {
  std::vector<std::string> missing;
  if (title_.empty()) missing.push_back("title");
  if (xlabel_.empty()) missing.push_back("x label");
  if (ylabel_.empty()) missing.push_back("y label");
  if (kind_ == PanelKind::empty) missing.push_back("data");
  return missing;
}

}  // namespace buildgpt::plot
