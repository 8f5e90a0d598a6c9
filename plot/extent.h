// Where a panel's drawing lies: the points its lines, markers, bars and reference lines cover, and
// the y range it is drawn with.
//
// The rule for the y axis: unless the panel fixes its range, the range holds every drawn value and
// every reference line with a margin on both sides (kMargin of the span; of the span of the
// logarithms on a log axis), so a reference line is never drawn on the frame, where it cannot be
// told from it. Bars and histograms keep their base, 0, on the frame.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "plot/plot.h"

namespace buildgpt::plot {

using Point = std::pair<double, double>;

constexpr double kMargin = 0.05;

// Points along what the panel draws: every point of a scatter, points along every segment of a
// line (so a line with few vertices still marks the region it crosses), along every bar from 0 to
// its height, and along every reference line across the data's x extent. Non-finite values and,
// with a fixed range, points outside it are left out.
std::vector<Point> drawn_points(const Plot& plot);

// The y range the panel is drawn with (see the rule above); nothing for a heat map or an empty
// panel.
std::optional<Range> y_extent(const Plot& plot);

// The x range of a panel with scatter points, padded the same way so no point is cut in half by
// the frame; a bar chart's categories, each a unit wide, from -0.6 to n - 0.4; its fixed range if
// it has one; nothing otherwise (gnuplot fits lines).
std::optional<Range> x_extent(const Plot& plot);

}  // namespace buildgpt::plot
