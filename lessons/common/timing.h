// Timing a piece of code the way the lessons report it: the median of several runs.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace buildgpt::lessons {

// The median wall time of `reps` calls of `run`, in seconds (the median shrugs off the odd run
// slowed by something else on the machine).
inline double median_seconds(int reps, const std::function<void()>& run) {
  std::vector<double> seconds;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(seconds.begin(), seconds.begin() + reps / 2, seconds.end());
  return seconds[reps / 2];
}

}  // namespace buildgpt::lessons
