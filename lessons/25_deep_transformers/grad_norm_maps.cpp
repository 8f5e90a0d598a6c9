#include "grad_norm_maps.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/read_file.h"
#include "plot/figure.h"

namespace buildgpt::lessons {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

// log10 of each block's norm [block][step] from a gradient-norm log.
std::vector<std::vector<double>> block_norms(const std::filesystem::path& csv) {
  std::istringstream lines(read_file(csv));
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> header = split(line);
  std::vector<size_t> columns;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].starts_with("transformer.h.")) columns.push_back(i);
  }
  std::vector<std::vector<double>> norms(columns.size());
  double largest = -INFINITY;
  while (std::getline(lines, line)) {
    const std::vector<std::string> row = split(line);
    for (size_t b = 0; b < columns.size(); ++b) {
      const double v = std::log10(std::stod(row.at(columns[b])));
      norms[b].push_back(v);
      if (std::isfinite(v)) largest = std::max(largest, v);
    }
  }
  for (std::vector<double>& block : norms) {
    for (double& v : block) v = std::isfinite(v) ? v : largest;
  }
  return norms;
}

}  // namespace

void save_grad_norm_maps(const std::vector<std::pair<std::string, std::filesystem::path>>& logs,
                         const std::string& title, const std::filesystem::path& png) {
  const int cols = 2, rows = static_cast<int>((logs.size() + 1) / 2);
  plot::Figure fig(rows, cols);
  fig.title(title);
  for (size_t i = 0; i < logs.size(); ++i) {
    const std::vector<std::vector<double>> norms = block_norms(logs[i].second);
    if (norms.empty() || norms.front().empty()) continue;
    std::vector<double> values;
    for (const std::vector<double>& block : norms)
      values.insert(values.end(), block.begin(), block.end());
    fig.panel(static_cast<int>(i) / cols, static_cast<int>(i) % cols)
        .title(logs[i].first)
        .xlabel("step, counted from 0")
        .ylabel("block, counted from 0 (0 = next to the embeddings)")
        .heatmap(plot::Matrix(norms.size(), norms.front().size(), values))
        .colorbar_label("log10 of the block's gradient norm");
  }
  fig.size({1600, 560 * rows});
  fig.save(png);
}

}  // namespace buildgpt::lessons
