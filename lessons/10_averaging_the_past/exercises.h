// Lesson 10's exercises: the causal mask, the running average of the past as a matrix product, and
// softmax weights that ignore the future.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: the additive causal mask of T time points: float32 [T, T] whose row i (the present)
// is 0 at every column j <= i (the present and the past) and -infinity at every j > i (the
// future). Added to scores before softmax, it gives the future weight exp(-inf) = 0.
Tensor causal_additive_mask(int64_t T);

// Exercise 2: for x [..., T, C], row t of the result is the mean of rows 0, 1, ..., t of x: the
// equal-weighted average of the present and the past. Write it as one matrix product, weights
// [T, T] times x, with weights lower-triangular and each row summing to 1.
Tensor past_average(const Tensor& x);

// Exercise 3: softmax weights [..., T, T] from scores [..., T, T] that ignore the future: each row
// i is the softmax of its scores over the columns j <= i, and exactly 0 at the columns j > i.
Tensor causal_softmax(const Tensor& scores);

}  // namespace buildgpt::lessons
