// Measuring what training really holds and how long a step takes. Each configuration runs in a
// process of its own (this program started again with --measure-child), because a process's peak
// resident memory only ever grows: one run's peak would hide the next one's.
#pragma once

#include <cstdint>

#include "nn/gpt_config.h"

namespace buildgpt::lessons {

// The lesson's model: a byte-sized vocabulary (256), `layers` blocks of width 64 with 4 heads,
// context 128, trained on batches of 8 windows (1,024 tokens); quick: width 32, 2 heads, context
// 32, batches of 4.
nn::GPTConfig lesson_config(int64_t layers, bool checkpointed, bool quick);
int64_t lesson_batch(bool quick);

struct MeasuredTraining {
  double allocator_peak = 0;  // bytes: the most the CPU allocator handed out at once (tensors)
  double resident_peak = 0;   // bytes: VmHWM above VmRSS at the start (memory the system gave)
  // The processor time of the median training step after the first, on one thread: unlike the
  // wall time, it does not grow when other programs share the cores.
  double step_seconds = 0;
};

// Runs this program again as `self --measure-child layers checkpointed quick` and reads what it
// measured. Throws std::runtime_error when the child cannot run or says nothing usable.
MeasuredTraining measure_in_child(int64_t layers, bool checkpointed, bool quick);

// The child's side, for main: trains the configuration for a few AdamW steps on random tokens
// (memory and time do not depend on the text) and prints the three numbers on one line.
int run_measure_child(int argc, char** argv);

}  // namespace buildgpt::lessons
