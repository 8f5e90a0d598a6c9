// Evenly spaced values, as the course makes them with linspace.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// n values from `start` to `end`, both included, evenly spaced (n >= 2).
inline std::vector<double> linspace_values(double start, double end, int64_t n) {
  std::vector<double> values(n);
  for (int64_t i = 0; i < n; ++i) {
    values[i] = start + (end - start) * static_cast<double>(i) / static_cast<double>(n - 1);
  }
  return values;
}

// The same as a float32 tensor [n].
inline Tensor linspace(double start, double end, int64_t n) {
  const std::vector<double> values = linspace_values(start, end, n);
  return from_vector(std::vector<float>(values.begin(), values.end()));
}

}  // namespace buildgpt::lessons
