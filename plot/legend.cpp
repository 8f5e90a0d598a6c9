#include "plot/legend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "plot/binning.h"

namespace buildgpt::plot {
namespace {

using Point = std::pair<double, double>;

// Points along a segment, so a line with few vertices still marks the corners it crosses.
void add_segment(std::vector<Point>& points, Point a, Point b) {
  constexpr int kSteps = 16;
  for (int k = 0; k <= kSteps; ++k) {
    const double t = static_cast<double>(k) / kSteps;
    points.push_back({a.first + t * (b.first - a.first), a.second + t * (b.second - a.second)});
  }
}

std::vector<Point> drawn_points(const Plot& plot) {
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
    case PanelKind::bars:
      for (const BarSeries& s : plot.bar_series()) {
        for (size_t i = 0; i < s.heights.size(); ++i) {
          add_segment(points, {static_cast<double>(i), 0}, {static_cast<double>(i), s.heights[i]});
        }
      }
      break;
    case PanelKind::empty:
    case PanelKind::heatmap:
      break;
  }
  return points;
}

}  // namespace

std::optional<std::string> legend_corner(const Plot& plot) {
  std::vector<Point> points = drawn_points(plot);
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  for (const Point& p : points) {
    x_lo = std::min(x_lo, p.first);
    x_hi = std::max(x_hi, p.first);
  }
  for (const RefLine& line : plot.hlines()) add_segment(points, {x_lo, line.y}, {x_hi, line.y});

  auto axis = [](double v, bool log) { return log ? (v > 0 ? std::log10(v) : NAN) : v; };
  std::vector<Point> scaled;
  Point lo{INFINITY, INFINITY}, hi{-INFINITY, -INFINITY};
  for (const Point& p : points) {
    const Point s{axis(p.first, plot.log_x()), axis(p.second, plot.log_y())};
    if (!std::isfinite(s.first) || !std::isfinite(s.second)) continue;
    scaled.push_back(s);
    lo = {std::min(lo.first, s.first), std::min(lo.second, s.second)};
    hi = {std::max(hi.first, s.first), std::max(hi.second, s.second)};
  }
  // Points in each corner: top right, top left, bottom right, bottom left.
  std::array<int, 4> crowding{};
  for (const Point& s : scaled) {
    const double u = hi.first > lo.first ? (s.first - lo.first) / (hi.first - lo.first) : 0.5;
    const double v = hi.second > lo.second ? (s.second - lo.second) / (hi.second - lo.second) : 0.5;
    const bool right = u >= 0.6, left = u <= 0.4, top = v >= 0.7, bottom = v <= 0.3;
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
