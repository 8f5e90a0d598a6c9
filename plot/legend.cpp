#include "plot/legend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "plot/extent.h"

namespace buildgpt::plot {
namespace {

// The legend's entries: named series and labelled reference lines.
std::vector<std::string> entries(const Plot& plot) {
  std::vector<std::string> names;
  for (const XYSeries& s : plot.xy_series()) names.push_back(s.name);
  for (const HistogramSeries& s : plot.histograms()) names.push_back(s.name);
  for (const BarSeries& s : plot.bar_series()) names.push_back(s.name);
  for (const RefLine& l : plot.hlines()) names.push_back(l.label);
  std::erase_if(names, [](const std::string& n) { return n.empty(); });
  return names;
}

// The share of the plot area's width and height the legend box takes, estimated from the font
// (about 7 by 17 pixels a character at 11 points) and the frame and labels around the plot area.
std::pair<double, double> legend_share(const Plot& plot, Size panel) {
  const std::vector<std::string> names = entries(plot);
  size_t longest = 0;
  for (const std::string& n : names) longest = std::max(longest, n.size());
  const double area_w = std::max(100, panel.width - 110), area_h = std::max(100, panel.height - 90);
  const double w = 7.0 * static_cast<double>(longest) + 50, h = 17.0 * names.size() + 12;
  return {std::max(0.4, w / area_w), std::max(0.3, h / area_h)};
}

}  // namespace

std::optional<std::string> legend_corner(const Plot& plot, Size panel) {
  const std::vector<Point> points = drawn_points(plot);
  auto axis = [](double v, bool log) { return log ? std::log10(v) : v; };
  // The panel's frame on each axis's own scale: the x axis spans the drawing (or its fixed
  // range), the y axis the range it is drawn with.
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  if (const std::optional<Range> x = x_extent(plot)) {
    x_lo = axis(x->lo, plot.log_x());
    x_hi = axis(x->hi, plot.log_x());
  } else {
    for (const Point& p : points) {
      x_lo = std::min(x_lo, axis(p.first, plot.log_x()));
      x_hi = std::max(x_hi, axis(p.first, plot.log_x()));
    }
  }
  const std::optional<Range> y = y_extent(plot);
  const double y_lo = y ? axis(y->lo, plot.log_y()) : 0, y_hi = y ? axis(y->hi, plot.log_y()) : 1;

  // Points in each corner: top right, top left, bottom right, bottom left.
  const auto [share_w, share_h] = legend_share(plot, panel);
  std::array<int, 4> crowding{};
  for (const Point& p : points) {
    const double sx = axis(p.first, plot.log_x()), sy = axis(p.second, plot.log_y());
    const double u = x_hi > x_lo ? (sx - x_lo) / (x_hi - x_lo) : 0.5;
    const double v = y_hi > y_lo ? (sy - y_lo) / (y_hi - y_lo) : 0.5;
    const bool right = u >= 1 - share_w, left = u <= share_w;
    const bool top = v >= 1 - share_h, bottom = v <= share_h;
    crowding[0] += top && right;
    crowding[1] += top && left;
    crowding[2] += bottom && right;
    crowding[3] += bottom && left;
  }
  static const std::array<const char*, 4> kCorners{"top right", "top left", "bottom right",
                                                   "bottom left"};
  for (size_t i = 0; i < kCorners.size(); ++i) {
    if (crowding[i] == 0) return kCorners[i];
  }
  return std::nullopt;
}

}  // namespace buildgpt::plot
