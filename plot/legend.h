// Where a panel's legend covers no data: one of its four inside corners, when one is empty, and
// otherwise below the panel (which keeps the panel's width).
#pragma once

#include <optional>
#include <string>

#include "plot/plot.h"

namespace buildgpt::plot {

// "top right", "top left", "bottom right" or "bottom left" (gnuplot's `set key` words): the first
// of these whose corner holds none of the drawn lines, points, bars or reference lines; nothing
// when every corner holds some. A corner is the room the legend takes in a panel of `panel`
// pixels (from the number and length of its entries), and at least its outer 40% x 30%, on the
// axes as drawn (with the y axis's margins and fixed ranges).
std::optional<std::string> legend_corner(const Plot& plot, Size panel = {900, 560});

}  // namespace buildgpt::plot
