// Building modules without drawing their initial weights, for a loader that overwrites every
// parameter anyway: GPT-2 small's 124 million random numbers take most of a load's time, GPT-2
// XL's 1.5 billion take minutes.
#pragma once

namespace buildgpt::nn {

// While one is alive on a thread, the layers built on that thread (Linear, Embedding, and the
// GPT's own initialisation) allocate their weights without setting them and draw nothing from
// any generator; layer norms still start at one and zero. Every such weight must be loaded
// before use. Guards nest.
class SkipInitGuard {
 public:
  SkipInitGuard();
  ~SkipInitGuard();
  SkipInitGuard(const SkipInitGuard&) = delete;
  SkipInitGuard& operator=(const SkipInitGuard&) = delete;

 private:
  bool previous_;
};

// Whether a SkipInitGuard is alive on this thread.
bool init_skipped();

}  // namespace buildgpt::nn
