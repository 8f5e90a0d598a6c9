// The learning-rate schedule of GPT training: linear warmup, then cosine decay to min_lr.
#pragma once

#include <cstdint>

namespace buildgpt::nn {

struct CosineSchedule {
  double max_lr;
  double min_lr;
  int64_t warmup_steps;  // steps 0 .. warmup_steps-1 rise linearly to max_lr
  int64_t decay_steps;   // the step at which the decay reaches min_lr (and stays there)

  // max_lr·(step+1)/warmup_steps during warmup; then
  // min_lr + ½(1 + cos(π·(step - warmup)/(decay_steps - warmup)))·(max_lr - min_lr);
  // min_lr from decay_steps on. Throws std::invalid_argument on a negative step or when the
  // schedule itself is inconsistent (warmup_steps > decay_steps, min_lr > max_lr, ...).
  double lr_at(int64_t step) const;
};

}  // namespace buildgpt::nn
