// Per-op wall time of a training step, switched on by the environment: BUILDGPT_PROFILE=1
// (BUILDGPT_PROFILE=cpu measures the process's CPU time instead, all threads together: on a
// machine busy with other work it grows less with the load than wall time does).
//
// Backward: each node's backward function is timed on its own. Forward: an op's forward time is
// the wall time from the previous op that recorded a node on this thread (or from
// profile_restart()) to its own record() call, so the checks, allocations and kernels of an op,
// and of any op it calls without recording, count as its own; code between ops counts towards
// the next one. Gradients accumulated into leaves count as "accumulate_grad", gradients summed
// where a tensor feeds several ops as "sum_grads". Off, each hook is one test of a flag.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace buildgpt {

// Whether BUILDGPT_PROFILE is set to something other than "0" (read once).
bool profile_enabled();
// "wall" or "cpu": what the times measure.
const char* profile_clock_name();

struct OpProfile {
  std::string op;
  double forward_seconds = 0, backward_seconds = 0;
  int64_t forward_calls = 0, backward_calls = 0;
};

// Starts the forward clock: the next op's forward time is measured from here.
void profile_restart();
// The times gathered since the last call, largest total first, and starts again from zero.
std::vector<OpProfile> profile_take();

namespace detail {
extern const bool kProfileOn;
void profile_forward(const char* op);
void profile_backward(const std::string& op, double seconds);
double profile_clock();
}  // namespace detail

// The forward hook of record(): the time since the previous one counts as `op`'s forward.
inline void profile_forward(const char* op) {
  if (detail::kProfileOn) detail::profile_forward(op);
}

// Adds the wall time of its scope to the backward time of `op` (which must outlive it).
class BackwardTimer {
 public:
  explicit BackwardTimer(const std::string& op)
      : op_(detail::kProfileOn ? &op : nullptr), start_(op_ ? detail::profile_clock() : 0) {}
  ~BackwardTimer() {
    if (op_) detail::profile_backward(*op_, detail::profile_clock() - start_);
  }
  BackwardTimer(const BackwardTimer&) = delete;
  BackwardTimer& operator=(const BackwardTimer&) = delete;

 private:
  const std::string* op_;
  double start_;
};

}  // namespace buildgpt
