// Lesson 26's exercises: the memory of training's state, the activations a block keeps, and the
// days a training run takes.
#pragma once

#include <cstdint>

namespace buildgpt::lessons {

// Exercise 1: the bytes that training a model of `parameters` float32 parameters with AdamW holds
// whatever the batch: the weights, their gradients, and AdamW's two moments (exp_avg and
// exp_avg_sq), 4 bytes a value.
int64_t training_state_bytes(int64_t parameters);

// Exercise 2: the float32 values one pre-LN block (nn::Block, no dropout) of width C with `heads`
// heads keeps per token for its backward pass. Walk through Block::forward and count what each
// op saves: a layer norm its input and two numbers per row (mean, 1/std); a linear layer its
// input; GELU its input; attention its q, k, v (the projection c_attn made, read where the heads
// lie), its output and one log-sum-exp per head. A tensor two ops keep counts once. Count the
// block's input, not its output.
int64_t activation_values_per_token(int64_t width, int64_t heads);

// Exercise 3: the days a training run of `parameters` parameters over `tokens` tokens takes on
// `gpus` GPUs of `peak_flops` FLOP/s each, running at `utilisation` (0 to 1) of that peak, when
// training costs 6 FLOPs per parameter and token.
double training_days(double parameters, double tokens, int64_t gpus, double peak_flops,
                     double utilisation);

}  // namespace buildgpt::lessons
