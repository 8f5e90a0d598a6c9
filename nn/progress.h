// The progress report of a training run: a bar redrawn in place (carriage return) on a
// terminal, or a plain line every few steps for logs.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace buildgpt::nn {

// "45s", "12m05s", "3h02m".
std::string format_duration(double seconds);

class Progress {
 public:
  // `bar`: redraw one line in place every step; otherwise print a line every `every` steps and
  // at the last step.
  Progress(std::ostream& out, bool bar, int64_t total_steps, int64_t every);
  // Ends a bar left drawn (training stopped by an error), so what follows starts a line.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // After step `step` (counting from 1) of total_steps, `elapsed` seconds into the run;
  // seconds_per_step drives the time left.
  void update(int64_t step, double loss, double tokens_per_s, double elapsed,
              double seconds_per_step);
  // Prints a validation result on its own line.
  void note(const std::string& line);

 private:
  std::ostream& out_;
  const bool bar_;
  const int64_t total_, every_;
  bool bar_drawn_ = false;
};

}  // namespace buildgpt::nn
