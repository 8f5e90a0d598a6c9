#include "plot/csv.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "plot/binning.h"
#include "plot/figure.h"

namespace buildgpt::plot {
namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

std::vector<std::string> numbers(const std::vector<double>& values) {
  std::vector<std::string> cells;
  for (double v : values) cells.push_back(number(v));
  return cells;
}

std::vector<std::string> labels_or_indices(const std::vector<std::string>& labels, size_t n) {
  if (!labels.empty()) return labels;
  std::vector<std::string> cells;
  for (size_t i = 0; i < n; ++i) cells.push_back(std::to_string(i));
  return cells;
}

std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void write_row(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << quoted(cells[i]);
  out << '\n';
}

void write_table(std::ostream& out, const std::vector<Column>& table) {
  std::vector<std::string> row;
  size_t rows = 0;
  for (const Column& c : table) {
    row.push_back(c.header);
    rows = std::max(rows, c.cells.size());
  }
  write_row(out, row);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < table.size(); ++c) {
      row[c] = r < table[c].cells.size() ? table[c].cells[r] : "";
    }
    write_row(out, row);
  }
}

std::vector<Column> heatmap_table(const Plot& plot) {
  const HeatMap& map = *plot.heat_map();
  std::vector<Column> table{{plot.ylabel() + " \\ " + plot.xlabel(),
                             labels_or_indices(map.row_labels, map.values.rows())}};
  const std::vector<std::string> col_names = labels_or_indices(map.col_labels, map.values.cols());
  for (size_t c = 0; c < map.values.cols(); ++c) {
    Column column{col_names[c], {}};
    for (size_t r = 0; r < map.values.rows(); ++r)
      column.cells.push_back(number(map.values.at(r, c)));
    table.push_back(std::move(column));
  }
  return table;
}

}  // namespace

std::vector<Column> panel_table(const Plot& plot) {
  std::vector<Column> table;
  switch (plot.kind()) {
    case PanelKind::empty:
      break;
    case PanelKind::xy:
      for (const XYSeries& s : plot.xy_series()) {
        const std::string prefix = s.name.empty() ? "" : s.name + ": ";
        table.push_back({prefix + plot.xlabel(), numbers(s.x)});
        table.push_back({prefix + plot.ylabel(), numbers(s.y)});
      }
      break;
    case PanelKind::histogram: {
      const Bins bins = bin_histograms(plot.histograms(), plot.bins());
      const std::vector<double> starts(bins.edges.begin(), bins.edges.end() - 1);
      const std::vector<double> ends(bins.edges.begin() + 1, bins.edges.end());
      table.push_back({"bin start", numbers(starts)});
      table.push_back({"bin end", numbers(ends)});
      for (size_t i = 0; i < bins.counts.size(); ++i) {
        table.push_back({plot.histograms()[i].name, numbers(bins.counts[i])});
      }
      break;
    }
    case PanelKind::bars:
      table.push_back({plot.xlabel(), plot.categories()});
      for (const BarSeries& s : plot.bar_series())
        table.push_back({s.name, numbers(s.heights.vec())});
      break;
    case PanelKind::heatmap:
      return heatmap_table(plot);
  }
  for (const RefLine& line : plot.hlines()) table.push_back({line.label, {number(line.y)}});
  return table;
}

void write_csv(const Figure& figure, const std::filesystem::path& csv) {
  std::ofstream out(csv);
  if (!out) throw std::runtime_error("plot: cannot write " + csv.string());
  const bool grid = figure.rows() * figure.cols() > 1;
  bool first = true;
  for (int r = 0; r < figure.rows(); ++r) {
    for (int c = 0; c < figure.cols(); ++c) {
      const Plot& plot = figure.panel(r, c);
      if (plot.kind() == PanelKind::empty) continue;
      if (grid) {
        if (!first) out << '\n';
        write_row(out, {plot.title()});
      }
      write_table(out, panel_table(plot));
      first = false;
    }
  }
  if (!out.flush()) throw std::runtime_error("plot: cannot write " + csv.string());
}

}  // namespace buildgpt::plot
