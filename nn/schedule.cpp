#include "nn/schedule.h"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace buildgpt::nn {

double CosineSchedule::lr_at(int64_t step) const {
  if (!(min_lr >= 0 && min_lr <= max_lr) || warmup_steps < 0 || decay_steps < warmup_steps) {
    throw std::invalid_argument(
        "CosineSchedule: needs 0 <= min_lr <= max_lr and "
        "0 <= warmup_steps <= decay_steps");
  }
  if (step < 0)
    throw std::invalid_argument("CosineSchedule: negative step " + std::to_string(step));
  if (step < warmup_steps) {
    return max_lr * static_cast<double>(step + 1) / static_cast<double>(warmup_steps);
  }
  if (step >= decay_steps) return min_lr;
  const double ratio =
      static_cast<double>(step - warmup_steps) / static_cast<double>(decay_steps - warmup_steps);
  return min_lr + 0.5 * (1 + std::cos(std::numbers::pi * ratio)) * (max_lr - min_lr);
}

}  // namespace buildgpt::nn
