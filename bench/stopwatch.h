// Wall time and this process's CPU time (all its threads) together: on a machine shared with
// other work, wall time grows with the load and CPU time much less, so benchmarks report both.
#pragma once

#include <chrono>
#include <ctime>

namespace buildgpt::bench {

struct Elapsed {
  double wall = 0, cpu = 0;  // seconds
};

class Stopwatch {
 public:
  Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(cpu_seconds()) {}
  Elapsed elapsed() const {
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count(),
            cpu_seconds() - cpu_};
  }

 private:
  static double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
  }
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

}  // namespace buildgpt::bench
