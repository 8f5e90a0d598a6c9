#include "plot/binning.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace buildgpt::plot {

Bins bin_histograms(const std::vector<HistogramSeries>& series, int bins) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const HistogramSeries& s : series) {
    for (double v : s.values) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (lo > hi) lo = hi = 0;  // no finite sample at all
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  Bins out;
  const double width = (hi - lo) / bins;
  for (int i = 0; i <= bins; ++i) out.edges.push_back(i == bins ? hi : lo + i * width);
  for (const HistogramSeries& s : series) {
    std::vector<double> counts(bins, 0.0);
    for (double v : s.values) {
      if (!std::isfinite(v)) continue;
      const int bin = std::min(bins - 1, static_cast<int>((v - lo) / width));
      counts[bin] += 1;
    }
    out.counts.push_back(std::move(counts));
  }
  return out;
}

}  // namespace buildgpt::plot
