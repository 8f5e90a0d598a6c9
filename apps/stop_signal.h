// Ctrl-C during training: the first SIGINT (or SIGTERM, SIGHUP) asks the run to stop after its
// step, with a checkpoint; a second one ends the process at once, removing the temporary file of
// a checkpoint being written, so the previous checkpoint stays the newest.
#pragma once

#include <atomic>

namespace buildgpt::cli {

class StopOnSignal {
 public:
  // Installs the handlers; the destructor puts the previous ones back. One at a time.
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  // Becomes true at the first signal.
  const std::atomic<bool>& requested() const;
  // The first signal received, 0 before one.
  int signal() const;
};

}  // namespace buildgpt::cli
