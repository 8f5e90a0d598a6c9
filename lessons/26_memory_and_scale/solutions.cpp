// Worked answers to lesson 26's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

int64_t training_state_bytes(int64_t parameters) {
  const int64_t weights = 4 * parameters, gradients = 4 * parameters;
  const int64_t exp_avg = 4 * parameters, exp_avg_sq = 4 * parameters;
  return weights + gradients + exp_avg + exp_avg_sq;
}

int64_t activation_values_per_token(int64_t width, int64_t heads) {
  const int64_t c = width;
  const int64_t ln_1 = c + c + 2;               // its input (the block's) and output, mean, 1/std
  const int64_t attention = 3 * c + c + heads;  // c_attn's q, k, v; the output; log-sum-exps
  // attn.c_proj keeps its input, which is the attention's output already counted
  const int64_t ln_2 = c + c + 2;     // the stream after attention and ln_2's output
  const int64_t mlp = 4 * c + 4 * c;  // before and after GELU
  return ln_1 + attention + ln_2 + mlp;
}

double training_days(double parameters, double tokens, int64_t gpus, double peak_flops,
                     double utilisation) {
  const double flops = 6 * parameters * tokens;
  const double per_second = static_cast<double>(gpus) * peak_flops * utilisation;
  return flops / per_second / (24 * 3600);
}

}  // namespace buildgpt::lessons
