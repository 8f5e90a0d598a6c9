// The data of a figure as CSV: one table per panel, with a header row naming the columns.
//
// Line and scatter panels get an x and a y column per series ("train: step", "train: loss"),
// histograms their bin edges and one count column per series, bar charts a category column and
// one column per series, heat maps the matrix with its row and column labels. A reference line is
// a column holding its one value. In a grid each panel's table follows a row holding the panel's
// title, and tables are separated by an empty line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace buildgpt::plot {

class Figure;
class Plot;

struct Column {
  std::string header;
  std::vector<std::string> cells;
};

std::vector<Column> panel_table(const Plot& plot);
void write_csv(const Figure& figure, const std::filesystem::path& csv);

}  // namespace buildgpt::plot
