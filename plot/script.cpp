#include "plot/script.h"

#include <gnuplot-iostream.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <tuple>
#include <vector>

#include "plot/binning.h"
#include "plot/extent.h"
#include "plot/figure.h"
#include "plot/legend.h"

namespace buildgpt::plot {
namespace {

// Colours of the series, in order (the widely used "tab10" set).
constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                    "#9467bd", "#8c564b", "#e377c2", "#17becf"};
constexpr int kColourCount = sizeof kColours / sizeof kColours[0];
constexpr const char* kFont = "DejaVu Sans";
constexpr size_t kManyPoints = 2000;

std::string title_of(const std::string& name) {
  return name.empty() ? " notitle" : " title " + gnuplot_quote(name);
}

bool has_legend(const Plot& plot) {
  auto named = [](const auto& series) { return !series.name.empty(); };
  auto label = [](const RefLine& line) { return !line.label.empty(); };
  return std::any_of(plot.xy_series().begin(), plot.xy_series().end(), named) ||
         std::any_of(plot.histograms().begin(), plot.histograms().end(), named) ||
         std::any_of(plot.bar_series().begin(), plot.bar_series().end(), named) ||
         std::any_of(plot.hlines().begin(), plot.hlines().end(), label);
}

void preamble(Gnuplot& gp, const Figure& figure, const std::filesystem::path& png) {
  const Size size = figure.size();
  const std::string dims = std::to_string(size.width) + "," + std::to_string(size.height);
  gp << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
     << "  set terminal pngcairo size " << dims << " noenhanced font '" << kFont << ",11'\n"
     << "} else {\n"
     << "  set terminal png size " << dims << " noenhanced truecolor font 'DejaVuSans,11'\n"
     << "}\n"
     << "set output " << gnuplot_quote(png.string()) << "\n"
     << "set encoding utf8\n";
  for (int i = 0; i < kColourCount; ++i) {
    gp << "set linetype " << i + 1 << " lc rgb '" << kColours[i] << "' lw 2 pt 7 ps 0.8\n";
  }
  gp << "set linetype cycle " << kColourCount << "\n";
}

void axes(Gnuplot& gp, const Plot& plot, Size size) {
  gp << "set title " << gnuplot_quote(plot.title()) << " font ',13'\n"
     << "set xlabel " << gnuplot_quote(plot.xlabel()) << "\n"
     << "set ylabel " << gnuplot_quote(plot.ylabel()) << "\n";
  // Plain numbers on log axes: 0.001, 1e-05 rather than 0.0010000.
  if (plot.log_x()) gp << "set logscale x\nset format x '%g'\n";
  if (plot.log_y()) gp << "set logscale y\nset format y '%g'\n";
  if (plot.kind() == PanelKind::heatmap) return;
  if (const std::optional<Range> x = x_extent(plot)) {
    gp << "set xrange [" << x->lo << ":" << x->hi << "]\n";
  }
  // The y range with its margins (extent.h): no reference line on the frame.
  if (const std::optional<Range> y = y_extent(plot)) {
    gp << "set yrange [" << y->lo << ":" << y->hi << "]\n";
  }
  gp << "set border 3\nset tics nomirror out\n"
     << "set grid " << (plot.kind() == PanelKind::xy ? "xtics " : "") << "ytics back"
     << " lt 1 lc rgb '#e4e4e4' lw 1\n";
  if (!has_legend(plot)) {
    gp << "unset key\n";
    return;
  }
  const std::optional<std::string> corner = legend_corner(plot, size);
  if (corner) {
    gp << "set key " << *corner << " opaque box lc rgb '#bbbbbb' samplen 2 width 1\n";
  } else {  // data in every corner: below the panel, which keeps its width
    gp << "set key below center horizontal Left reverse samplen 2 height 1\n";
  }
}

// Reference lines, after the panel's own plot elements.
std::string hline_elements(const Plot& plot) {
  std::string out;
  for (const RefLine& line : plot.hlines()) {
    std::ostringstream element;
    element << std::setprecision(10) << ", " << line.y << " with lines dt 2 lw 2 lc rgb '#333333'"
            << title_of(line.label);
    out += element.str();
  }
  return out;
}

// Series i of n on a scale from blue through violet to red: "#rrggbb".
std::string cool_to_warm_colour(size_t i, size_t n) {
  constexpr int kStops[3][3] = {{0x21, 0x66, 0xac}, {0x8e, 0x6b, 0xb1}, {0xb2, 0x18, 0x2b}};
  const double t = n > 1 ? 2.0 * static_cast<double>(i) / static_cast<double>(n - 1) : 0;
  const int from = t < 1 ? 0 : 1;
  const double f = t - from;
  char hex[8];
  int rgb[3];
  for (int c = 0; c < 3; ++c) {
    rgb[c] = static_cast<int>(
        std::lround(kStops[from][c] + f * (kStops[from + 1][c] - kStops[from][c])));
  }
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return hex;
}

void xy_panel(Gnuplot& gp, const Plot& plot) {
  const std::vector<XYSeries>& series = plot.xy_series();
  gp << "plot ";
  for (size_t i = 0; i < series.size(); ++i) {
    const std::string colour =
        plot.cool_to_warm() ? cool_to_warm_colour(i, series.size()) : kColours[i % kColourCount];
    gp << (i ? ", " : "") << "'-' using 1:2 with " << (series[i].points ? "points" : "lines")
       << " lt " << i % kColourCount + 1;
    // Thousands of points: small and see-through ones, so the cloud keeps its shape and what is
    // drawn over it shows (and cairo draws them faster).
    if (series[i].points && series[i].x.size() > kManyPoints) {
      gp << " ps 0.3 lc rgb '#66" << colour.substr(1) << "'";  // see-through
    } else if (plot.cool_to_warm()) {
      gp << " lc rgb '" << colour << "'";
    }
    gp << title_of(series[i].name);
  }
  gp << hline_elements(plot) << "\n";
  for (const XYSeries& s : series) gp.send1d(std::make_tuple(s.x, s.y));
}

void histogram_panel(Gnuplot& gp, const Plot& plot) {
  const Bins bins = bin_histograms(plot.histograms(), plot.bins());
  const double opacity = bins.counts.size() == 1 ? 0.75 : 0.45;
  gp << "set style fill transparent solid " << opacity << " border\n";
  if (!plot.x_range()) {
    gp << "set xrange [" << bins.edges.front() << ":" << bins.edges.back() << "]\n";
  }
  gp << "plot ";
  for (size_t i = 0; i < bins.counts.size(); ++i) {
    gp << (i ? ", " : "") << "'-' using 1:2:3 with boxes lt " << i % kColourCount + 1
       << title_of(plot.histograms()[i].name);
  }
  gp << hline_elements(plot) << "\n";
  for (const std::vector<double>& counts : bins.counts) {
    std::vector<std::tuple<double, double, double>> boxes;
    for (size_t b = 0; b < counts.size(); ++b) {
      const double lo = bins.edges[b], hi = bins.edges[b + 1];
      boxes.emplace_back((lo + hi) / 2, counts[b], hi - lo);
    }
    gp.send1d(boxes);
  }
}

// Tick labels at 0, 1, 2, ... on `axis` ("x" or "y"), turned when they would not fit side by side
// in a panel `width` pixels wide (about 7 pixels a character, 110 for the margins).
void tick_labels(Gnuplot& gp, const char* axis, const std::vector<std::string>& labels, int width) {
  size_t longest = 0;
  for (const std::string& l : labels) longest = std::max(longest, l.size());
  gp << "set " << axis << "tics (";
  for (size_t i = 0; i < labels.size(); ++i) {
    gp << (i ? ", " : "") << gnuplot_quote(labels[i]) << " " << i;
  }
  gp << ")";
  if (labels.size() > 24) gp << " font ',9'";
  const size_t fits = static_cast<size_t>(std::max(width - 110, 70) / 7);
  if (axis[0] == 'x' && labels.size() * (longest + 2) > fits) gp << " rotate by 60 right";
  gp << "\n";
}

void bars_panel(Gnuplot& gp, const Plot& plot, Size size) {
  const std::vector<BarSeries>& series = plot.bar_series();
  gp << "set style data histograms\nset style histogram clustered gap 1\n"
     << "set style fill solid 0.85 border lc rgb '#404040'\n";
  tick_labels(gp, "x", plot.categories(), size.width);
  gp << "set xtics scale 0\n";
  gp << "plot ";
  for (size_t i = 0; i < series.size(); ++i) {
    gp << (i ? ", " : "") << "'-' using 1 lt " << i % kColourCount + 1 << title_of(series[i].name);
  }
  gp << hline_elements(plot) << "\n";
  for (const BarSeries& s : series) gp.send1d(s.heights.vec());
}

void heatmap_panel(Gnuplot& gp, const Plot& plot, Size size) {
  const HeatMap& map = *plot.heat_map();
  const size_t rows = map.values.rows(), cols = map.values.cols();
  const auto [lo_it, hi_it] = std::minmax_element(map.values.vec().begin(), map.values.vec().end());
  double lo = *lo_it, hi = *hi_it;
  if (lo < 0 && hi > 0) {  // signed values: a diverging scale centred on zero
    hi = std::max(-lo, hi);
    lo = -hi;
    gp << "set palette defined (0 '#2166ac', 0.5 '#f7f7f7', 1 '#b2182b')\n";
  } else {  // viridis
    gp << "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', "
          "1 '#fde725')\n";
  }
  if (lo == hi) hi = lo + 1;
  gp << "set cbrange [" << lo << ":" << hi << "]\n"
     << "set border 15\nset tics out nomirror\nunset key\nset colorbox\n"
     << "set xrange [-0.5:" << cols - 0.5 << "]\n"
     << "set yrange [" << rows - 0.5 << ":-0.5]\n";  // row 0 at the top
  if (!plot.colorbar_label().empty())
    gp << "set cblabel " << gnuplot_quote(plot.colorbar_label()) << "\n";
  const double aspect = static_cast<double>(rows) / cols;
  if (aspect >= 0.5 && aspect <= 2) gp << "set size ratio " << aspect << "\n";  // square cells
  if (!map.col_labels.empty()) tick_labels(gp, "x", map.col_labels, size.width);
  if (!map.row_labels.empty()) tick_labels(gp, "y", map.row_labels, size.width);
  if (map.col_labels.empty() && cols <= 12) gp << "set xtics 1\n";
  if (map.row_labels.empty() && rows <= 12) gp << "set ytics 1\n";
  gp << "plot '-' matrix with image notitle\n";
  std::vector<std::vector<double>> matrix(rows, std::vector<double>(cols));
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) matrix[r][c] = map.values.at(r, c);
  }
  gp.send1d(matrix);
}

// `size`: the panel's pixels.
void panel(Gnuplot& gp, const Plot& plot, Size size) {
  axes(gp, plot, size);
  switch (plot.kind()) {
    case PanelKind::xy:
      return xy_panel(gp, plot);
    case PanelKind::histogram:
      return histogram_panel(gp, plot);
    case PanelKind::bars:
      return bars_panel(gp, plot, size);
    case PanelKind::heatmap:
      return heatmap_panel(gp, plot, size);
    case PanelKind::empty:
      return;
  }
}

}  // namespace

std::string gnuplot_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "'";
}

void write_script(const Figure& figure, const std::filesystem::path& png,
                  const std::filesystem::path& script) {
  Gnuplot gp(std::string(">").append(script.string()));  // '>': write to a file, not a pipe
  gp << std::defaultfloat << std::setprecision(10);
  preamble(gp, figure, png);
  const bool grid = figure.rows() * figure.cols() > 1;
  const Size size{figure.size().width / figure.cols(),
                  (figure.size().height - (figure.title().empty() ? 0 : 40)) / figure.rows()};
  if (!grid) return panel(gp, figure.panel(0, 0), size);
  gp << "set multiplot layout " << figure.rows() << "," << figure.cols();
  if (!figure.title().empty()) gp << " title " << gnuplot_quote(figure.title()) << " font ',14'";
  gp << "\n";
  for (int r = 0; r < figure.rows(); ++r) {
    for (int c = 0; c < figure.cols(); ++c) {
      const Plot& plot = figure.panel(r, c);
      gp << "reset\n";
      if (plot.kind() == PanelKind::empty) {
        gp << "set multiplot next\n";
      } else {
        panel(gp, plot, size);
      }
    }
  }
  gp << "unset multiplot\n";
}

}  // namespace buildgpt::plot
