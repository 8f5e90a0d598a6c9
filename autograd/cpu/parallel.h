// Splitting a loop over the OpenMP threads.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace buildgpt::cpu {

// Work below this many elements runs on one thread: starting threads costs more than it saves.
constexpr int64_t kParallelGrain = 32768;

// The grain for items that each cost about `cost` elementary operations: enough items per thread
// to outweigh the price of waking the threads.
inline int64_t grain_for(int64_t cost) {
  return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cost, 1));
}

// Calls body(begin, end) on disjoint ranges covering [0, n), in parallel when each thread gets at
// least `grain` items.
template <typename Body>
void parallel_for(int64_t n, int64_t grain, const Body& body) {
  if (n <= 0) return;
  const int64_t max_threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  const int64_t threads =
      std::min<int64_t>(max_threads, std::max<int64_t>(1, n / std::max<int64_t>(grain, 1)));
  if (threads <= 1) {
    body(int64_t{0}, n);
    return;
  }
#pragma omp parallel num_threads(static_cast <int>(threads))
  {
    const int64_t t = omp_get_thread_num();
    const int64_t nt = omp_get_num_threads();
    const int64_t chunk = (n + nt - 1) / nt;
    const int64_t begin = std::min(n, t * chunk);
    const int64_t end = std::min(n, begin + chunk);
    if (begin < end) body(begin, end);
  }
}

}  // namespace buildgpt::cpu
