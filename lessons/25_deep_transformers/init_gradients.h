// Lesson 25's first experiment: the gradient that reaches each block of a freshly initialised
// model, for each recipe and depth.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "text/dataset.h"

namespace buildgpt::lessons {

struct InitGradients {
  std::string recipe;
  double init_std;
  int64_t layers;
  std::vector<double> norms;  // block i's gradient norm (all its parameters together)
};

// For each initial standard deviation, each depth and each recipe: a model of that width
// initialised from seed 1, the loss of `batch`, and each block's gradient norm.
std::vector<InitGradients> init_gradients(int64_t vocab, int64_t width,
                                          const std::vector<double>& init_stds,
                                          const std::vector<int64_t>& depths, const Batch& batch);

// A row of panels per initial standard deviation, a column per depth: block on x, gradient norm
// on a log scale, a line per recipe.
void save_init_figure(const std::vector<InitGradients>& results, int64_t width,
                      const std::filesystem::path& png);

// Per depth and recipe: the first, middle and last block's norm, and first / last.
void print_init_table(const std::vector<InitGradients>& results);

}  // namespace buildgpt::lessons
