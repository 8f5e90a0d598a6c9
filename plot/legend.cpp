#include "plot/legend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "plot/extent.h"

namespace buildgpt::plot {

std::optional<std::string> legend_corner(const Plot& plot) {
  const std::vector<Point> points = drawn_points(plot);
  auto axis = [](double v, bool log) { return log ? std::log10(v) : v; };
  // The panel's frame on each axis's own scale: the x axis spans the drawing (or its fixed
  // range), the y axis the range it is drawn with.
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  if (plot.x_range()) {
    x_lo = axis(plot.x_range()->lo, plot.log_x());
    x_hi = axis(plot.x_range()->hi, plot.log_x());
  } else {
    for (const Point& p : points) {
      x_lo = std::min(x_lo, axis(p.first, plot.log_x()));
      x_hi = std::max(x_hi, axis(p.first, plot.log_x()));
    }
  }
  const std::optional<Range> y = y_extent(plot);
  const double y_lo = y ? axis(y->lo, plot.log_y()) : 0, y_hi = y ? axis(y->hi, plot.log_y()) : 1;

  // Points in each corner: top right, top left, bottom right, bottom left.
  std::array<int, 4> crowding{};
  for (const Point& p : points) {
    const double sx = axis(p.first, plot.log_x()), sy = axis(p.second, plot.log_y());
    const double u = x_hi > x_lo ? (sx - x_lo) / (x_hi - x_lo) : 0.5;
    const double v = y_hi > y_lo ? (sy - y_lo) / (y_hi - y_lo) : 0.5;
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
