// Histogram bins: equal-width bins over the range of every sample of a panel's histograms.
#pragma once

#include <vector>

#include "plot/plot.h"

namespace buildgpt::plot {

struct Bins {
  std::vector<double> edges;                // bins + 1 edges, increasing
  std::vector<std::vector<double>> counts;  // per series, per bin
};

// The last bin is closed (it holds the maximum); a range of one value is widened by 0.5 each
// way so its bins have a width. Non-finite samples are left out.
Bins bin_histograms(const std::vector<HistogramSeries>& series, int bins);

}  // namespace buildgpt::plot
