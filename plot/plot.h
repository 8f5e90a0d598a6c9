// Plot: one panel of a figure — a title, axis labels, scales and the data drawn in it.
//
// A panel holds one kind of data: line and scatter series (mixed freely), histograms, a grouped
// bar chart, or a heat map. Horizontal reference lines go with every kind but heat maps. Setters
// return the Plot so calls chain; data is checked as it is added (std::invalid_argument), the
// title and labels when the figure is saved. The axes fit the data unless a range is given; the
// y axis is padded so that no reference line and no data point sits on the frame (extent.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/values.h"

namespace buildgpt::plot {

struct Size {
  int width;  // pixels
  int height;
};

// What a save wrote: always the CSV, the PNG unless gnuplot is missing.
struct Saved {
  std::filesystem::path csv;
  std::optional<std::filesystem::path> png;
};

enum class PanelKind { empty, xy, histogram, bars, heatmap };

struct XYSeries {
  std::string name;  // the legend entry; empty for none
  std::vector<double> x;
  std::vector<double> y;
  bool points = false;  // scatter (points) or line
};

struct HistogramSeries {
  std::string name;
  std::vector<double> values;  // raw samples, binned when drawn
};

struct BarSeries {
  std::string name;
  Values heights;  // one per category
};

struct HeatMap {
  Matrix values;
  std::vector<std::string> row_labels;  // empty, or one per row
  std::vector<std::string> col_labels;  // empty, or one per column
};

struct RefLine {
  double y;
  std::string label;
};

// An axis range, lo < hi (both > 0 on a log axis).
struct Range {
  double lo;
  double hi;
};

class Plot {
 public:
  Plot() = default;
  Plot(std::string title, std::string xlabel, std::string ylabel);

  Plot& title(std::string text);
  Plot& xlabel(std::string text);  // with units, e.g. "step" or "time (s)"
  Plot& ylabel(std::string text);
  Plot& log_x(bool on = true);
  Plot& log_y(bool on = true);
  // Line and scatter series coloured from cool blue (the first) to warm red (the last), for
  // series that are steps of one sequence (the layers of a model, say), where the default
  // colours would repeat after eight.
  Plot& cool_to_warm(bool on = true);
  // Fixed axis ranges, for zooming in or for equal axes across panels; what lies outside is cut.
  Plot& x_range(double lo, double hi);
  Plot& y_range(double lo, double hi);

  Plot& line(std::string name, Values x, Values y);
  Plot& line(std::string name, Values y);  // x = 0, 1, 2, ...
  Plot& scatter(std::string name, Values x, Values y);
  // The samples binned into `bins` equal bins over the range of every histogram in the panel.
  Plot& histogram(std::string name, Values samples, int bins);
  // Bars grouped by category: one bar per series in each group.
  Plot& bars(std::vector<std::string> categories, std::vector<BarSeries> series);
  // Row 0 at the top, like a printed matrix; a colour box maps values to colours.
  Plot& heatmap(Matrix values, std::vector<std::string> row_labels = {},
                std::vector<std::string> col_labels = {});
  Plot& colorbar_label(std::string text);
  Plot& hline(double y, std::string label);

  // Writes this panel as a figure of its own (see Figure::save).
  Saved save(const std::filesystem::path& png, std::optional<Size> size = {}) const;

  const std::string& title() const { return title_; }
  const std::string& xlabel() const { return xlabel_; }
  const std::string& ylabel() const { return ylabel_; }
  bool log_x() const { return log_x_; }
  bool log_y() const { return log_y_; }
  bool cool_to_warm() const { return cool_to_warm_; }
  const std::optional<Range>& x_range() const { return x_range_; }
  const std::optional<Range>& y_range() const { return y_range_; }
  PanelKind kind() const { return kind_; }
  const std::vector<XYSeries>& xy_series() const { return xy_; }
  const std::vector<HistogramSeries>& histograms() const { return histograms_; }
  int bins() const { return bins_; }
  const std::vector<std::string>& categories() const { return categories_; }
  const std::vector<BarSeries>& bar_series() const { return bars_; }
  const std::optional<HeatMap>& heat_map() const { return heatmap_; }
  const std::string& colorbar_label() const { return colorbar_label_; }
  const std::vector<RefLine>& hlines() const { return hlines_; }

  // What a saved panel lacks: "title", "x label", "y label" or "data"; empty when complete.
  std::vector<std::string> missing() const;

 private:
  void set_kind(PanelKind kind, const char* what);

  std::string title_, xlabel_, ylabel_, colorbar_label_;
  bool log_x_ = false, log_y_ = false, cool_to_warm_ = false;
  std::optional<Range> x_range_, y_range_;
  PanelKind kind_ = PanelKind::empty;
  std::vector<XYSeries> xy_;
  std::vector<HistogramSeries> histograms_;
  int bins_ = 0;
  std::vector<std::string> categories_;
  std::vector<BarSeries> bars_;
  std::optional<HeatMap> heatmap_;
  std::vector<RefLine> hlines_;
};

}  // namespace buildgpt::plot
