// Histogram bins: equal-width bins over the range of every sample of a panel's histograms, or
// bins fixed in advance.
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

// NumPy's histogram(samples, bins=edges, density=True), for curves of distributions on fixed bins:
// bin i is [edges[i], edges[i + 1]), the last one also holds edges.back(); samples outside the
// edges and non-finite ones are left out; a bin's density is its count / (the samples inside *
// its width), so the densities times the widths sum to 1 (all are 0 when no sample is inside).
// Throws std::invalid_argument unless there are at least 2 edges, increasing.
std::vector<double> density_in_bins(const Values& samples, const std::vector<double>& edges);

}  // namespace buildgpt::plot
