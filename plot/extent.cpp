#include "plot/extent.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plot/binning.h"

namespace buildgpt::plot {
namespace {

// Points along a segment, so a line with few vertices still marks the region it crosses.
void add_segment(std::vector<Point>& points, Point a, Point b) {
  constexpr int kSteps = 16;
  for (int k = 0; k <= kSteps; ++k) {
    const double t = static_cast<double>(k) / kSteps;
    points.push_back({a.first + t * (b.first - a.first), a.second + t * (b.second - a.second)});
  }
}

// The points of the panel's data, before reference lines and before any clipping.
std::vector<Point> data_points(const Plot& plot) {
  std::vector<Point> points;
  switch (plot.kind()) {
    case PanelKind::xy:
      for (const XYSeries& s : plot.xy_series()) {
        for (size_t i = 0; i < s.x.size(); ++i) {
          if (s.points || i + 1 == s.x.size()) points.push_back({s.x[i], s.y[i]});
          if (!s.points && i + 1 < s.x.size())
            add_segment(points, {s.x[i], s.y[i]}, {s.x[i + 1], s.y[i + 1]});
        }
      }
      break;
    case PanelKind::histogram: {
      const Bins bins = bin_histograms(plot.histograms(), plot.bins());
      for (const std::vector<double>& counts : bins.counts) {
        for (size_t i = 0; i < counts.size(); ++i) {
          const double x = (bins.edges[i] + bins.edges[i + 1]) / 2;
          if (counts[i] > 0) add_segment(points, {x, 0}, {x, counts[i]});
        }
      }
      break;
    }
    case PanelKind::bars: {
      // Clustered as gnuplot draws them (gap 1): k series share a category's unit width in bars
      // of 1 / (k + 1), series j's centred at i + (j - (k - 1) / 2) / (k + 1). Both edges of a bar
      // and its middle are drawn.
      const std::vector<BarSeries>& series = plot.bar_series();
      const double k = static_cast<double>(series.size()), width = 1 / (k + 1);
      for (size_t j = 0; j < series.size(); ++j) {
        const std::vector<double>& heights = series[j].heights.vec();
        for (size_t i = 0; i < heights.size(); ++i) {
          const double mid =
              static_cast<double>(i) + (static_cast<double>(j) - (k - 1) / 2) * width;
          for (const double x : {mid - width / 2, mid, mid + width / 2})
            add_segment(points, {x, 0}, {x, heights[i]});
        }
      }
      break;
    }
    case PanelKind::empty:
    case PanelKind::heatmap:
      break;
  }
  return points;
}

bool inside(double v, const std::optional<Range>& range, bool log) {
  if (!std::isfinite(v) || (log && v <= 0)) return false;
  return !range || (v >= range->lo && v <= range->hi);
}

// A value on the axis's own scale: its logarithm on a log axis.
double scaled(double v, bool log) { return log ? std::log10(v) : v; }
double unscaled(double v, bool log) { return log ? std::pow(10.0, v) : v; }

}  // namespace

std::vector<Point> drawn_points(const Plot& plot) {
  std::vector<Point> points;
  for (const Point& p : data_points(plot)) {
    if (inside(p.first, plot.x_range(), plot.log_x()) &&
        inside(p.second, plot.y_range(), plot.log_y()))
      points.push_back(p);
  }
  // Reference lines run across the whole x axis: its fixed range, or the data's extent.
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  if (plot.x_range()) {
    x_lo = plot.x_range()->lo;
    x_hi = plot.x_range()->hi;
  }
  for (const Point& p : points) {
    x_lo = std::min(x_lo, p.first);
    x_hi = std::max(x_hi, p.first);
  }
  if (x_lo > x_hi) x_lo = x_hi = 0;  // reference lines alone
  for (const RefLine& line : plot.hlines()) {
    if (inside(line.y, plot.y_range(), plot.log_y()))
      add_segment(points, {x_lo, line.y}, {x_hi, line.y});
  }
  return points;
}

namespace {

// [lo, hi] widened by kMargin of its span on each side (on the axis's scale), or by kMargin of
// floor-to-top but not below `floor` when floor_is_base.
Range padded(double lo, double hi, bool log, bool floor_is_base = false) {
  double span = hi - lo;
  if (span == 0) span = log || lo == 0 ? 1 : std::fabs(lo);  // one value: a range around it
  const double margin = kMargin * span;
  return Range{unscaled(floor_is_base ? lo : lo - margin, log), unscaled(hi + margin, log)};
}

}  // namespace

std::optional<Range> x_extent(const Plot& plot) {
  if (plot.x_range()) return plot.x_range();
  if (plot.kind() == PanelKind::bars) {  // each category a unit wide, with room at both ends
    return Range{-0.6, static_cast<double>(plot.categories().size()) - 0.4};
  }
  const auto& series = plot.xy_series();
  if (std::none_of(series.begin(), series.end(), [](const XYSeries& s) { return s.points; })) {
    return std::nullopt;
  }
  const bool log = plot.log_x();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Point& p : data_points(plot)) {
    if (!inside(p.first, std::nullopt, log) || !inside(p.second, plot.y_range(), plot.log_y()))
      continue;
    lo = std::min(lo, scaled(p.first, log));
    hi = std::max(hi, scaled(p.first, log));
  }
  if (lo > hi) return std::nullopt;
  return padded(lo, hi, log);
}

std::optional<Range> y_extent(const Plot& plot) {
  if (plot.y_range()) return plot.y_range();
  if (plot.kind() == PanelKind::empty || plot.kind() == PanelKind::heatmap) return std::nullopt;
  const bool log = plot.log_y();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Point& p : drawn_points(plot)) {
    lo = std::min(lo, scaled(p.second, log));
    hi = std::max(hi, scaled(p.second, log));
  }
  if (lo > hi) return std::nullopt;  // nothing drawable
  // Bars and histograms stand on 0: their base may be the frame, unless a reference line is there.
  const bool bars = plot.kind() == PanelKind::bars || plot.kind() == PanelKind::histogram;
  const bool line_at_floor = std::any_of(plot.hlines().begin(), plot.hlines().end(),
                                         [&](const RefLine& l) { return l.y <= lo; });
  return padded(lo, hi, log, bars && !log && lo == 0 && !line_at_floor);
}

}  // namespace buildgpt::plot
