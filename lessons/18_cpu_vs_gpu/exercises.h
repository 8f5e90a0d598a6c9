// Lesson 18's exercises: one training step that leaves its loss on the device, and the loss the
// course's notebook computes, to see why it is not one.
#pragma once

#include "autograd/autograd.h"
#include "nn/gpt.h"
#include "nn/optimizer.h"

namespace buildgpt::lessons {

// Exercise 1: one training step of `model` on inputs [B, T] and targets [B, T] (token ids on the
// model's device): gradients zeroed, the mean cross-entropy of the logits against the targets,
// backward, one optimizer step. Returns the loss (a one-element tensor on the device: reading
// it would make the host wait for the GPU).
Tensor training_step(nn::GPT& model, nn::Optimizer& optimizer, const Tensor& inputs,
                     const Tensor& targets);

// Exercise 2: the course notebook's loss: the negative log-likelihood loss applied to the raw
// logits [B, T, V] of the last position, with the last input token as the target, averaged over
// the batch: −mean_b logits[b, T−1, inputs[b, T−1]].
Tensor course_loss(const Tensor& logits, const Tensor& inputs);

}  // namespace buildgpt::lessons
