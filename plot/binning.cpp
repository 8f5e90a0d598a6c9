#include "plot/binning.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

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

std::vector<double> density_in_bins(const Values& samples, const std::vector<double>& edges) {
  if (edges.size() < 2 || !std::is_sorted(edges.begin(), edges.end(), std::less_equal<>())) {
    throw std::invalid_argument("density_in_bins: needs at least 2 edges, each above the last");
  }
  std::vector<double> density(edges.size() - 1, 0.0);
  double inside = 0;
  for (const double v : samples.vec()) {
    if (!(v >= edges.front() && v <= edges.back())) continue;  // NaN fails both
    const auto next = std::upper_bound(edges.begin(), edges.end() - 1, v);
    density[next - edges.begin() - 1] += 1;
    inside += 1;
  }
  if (inside == 0) return density;
  for (size_t i = 0; i < density.size(); ++i) density[i] /= inside * (edges[i + 1] - edges[i]);
  return density;
}

}  // namespace buildgpt::plot
