// Evenly spaced values, as the course makes them with linspace.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// n float32 values from `start` to `end`, both included, evenly spaced (n >= 2).
inline Tensor linspace(double start, double end, int64_t n) {
  std::vector<float> values(n);
  for (int64_t i = 0; i < n; ++i) {
    values[i] = static_cast<float>(start + (end - start) * static_cast<double>(i) / (n - 1));
  }
  return from_vector(values);
}

}  // namespace buildgpt::lessons
