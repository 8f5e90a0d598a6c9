// Timing work queued on the GPU: the median over repetitions of the mean time of a batch of
// calls, each batch ended by waiting for the GPU, so what is measured is the GPU's work (and
// whatever the host adds to it), not the time to queue it.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "cuda/cuda.h"

namespace buildgpt::bench {

// Milliseconds per call of `run` on the GPU; `wait` waits for the stream `run` queues its work on
// (the backend's by default).
inline double gpu_ms(const std::function<void()>& run,
                     const std::function<void()>& wait = cuda_synchronize, int calls = 20,
                     int repetitions = 5) {
  wait();
  for (int i = 0; i < 3; ++i) run();  // warm up: the allocator's cache, cuBLAS's heuristics
  wait();
  std::vector<double> ms;
  for (int r = 0; r < repetitions; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) run();
    wait();
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    ms.push_back(elapsed.count() / calls);
  }
  std::nth_element(ms.begin(), ms.begin() + repetitions / 2, ms.end());
  return ms[repetitions / 2];
}

}  // namespace buildgpt::bench
