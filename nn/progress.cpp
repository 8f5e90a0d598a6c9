#include "nn/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace buildgpt::nn {
namespace {

constexpr int kBarWidth = 24;

}  // namespace

std::string format_duration(double seconds) {
  const auto s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  }
  return buf;
}

Progress::Progress(std::ostream& out, bool bar, int64_t total_steps, int64_t every)
    : out_(out), bar_(bar), total_(total_steps), every_(std::max<int64_t>(every, 1)) {}

Progress::~Progress() {
  if (bar_drawn_) out_ << '\n' << std::flush;
}

void Progress::update(int64_t step, double loss, double tokens_per_s, double elapsed,
                      double seconds_per_step) {
  const bool last = step >= total_;
  if (!bar_ && step % every_ != 0 && !last) return;
  char line[160];
  std::snprintf(line, sizeof line, "step %lld/%lld | loss %.4f | %.0f tok/s | %s elapsed | ETA %s",
                static_cast<long long>(step), static_cast<long long>(total_), loss, tokens_per_s,
                format_duration(elapsed).c_str(),
                format_duration(seconds_per_step * static_cast<double>(total_ - step)).c_str());
  if (!bar_) {
    out_ << line << '\n' << std::flush;
    return;
  }
  const auto filled =
      static_cast<int>(kBarWidth * std::min<int64_t>(step, total_) / std::max<int64_t>(total_, 1));
  out_ << '\r' << '[' << std::string(filled, '#') << std::string(kBarWidth - filled, '.') << "] "
       << line << "\033[K" << (last ? "\n" : "") << std::flush;
  bar_drawn_ = !last;
}

void Progress::note(const std::string& line) {
  if (bar_drawn_) out_ << '\n';
  out_ << line << '\n' << std::flush;
  bar_drawn_ = false;
}

}  // namespace buildgpt::nn
