// Timing a piece of code the way the lessons report it: on one thread, after a warm-up run, the
// median of several runs.
#pragma once

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace buildgpt::lessons {

// The median wall time of `reps` calls of `run`, in seconds, measured on one thread after one
// call that is not counted. One thread: the kernels' OpenMP threads (and OpenBLAS's, which share
// them) wait for each other and for whatever else runs on the machine, so on a busy machine a
// multi-threaded time says more about the load than about the code. The warm-up pays for what
// only the first call pays (memory first touched, caches filled). The median shrugs off the odd
// run slowed by something else.
inline double median_seconds(int reps, const std::function<void()>& run) {
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  run();  // warm-up
  std::vector<double> seconds;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  omp_set_num_threads(threads);
  std::nth_element(seconds.begin(), seconds.begin() + reps / 2, seconds.end());
  return seconds[reps / 2];
}

// How a timing table says it was measured: "one thread, a warm-up run, then the median of 21".
inline std::string timing_note(int reps) {
  return "one thread, a warm-up run, then the median of " + std::to_string(reps);
}

}  // namespace buildgpt::lessons
