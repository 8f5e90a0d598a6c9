// Lesson 07's exercises: softmax applied again and again, the spread of a distribution, and the
// temperature that gives the largest probability a chosen value.
#pragma once

#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: softmax along the last dimension applied n times: returns the n distributions
// softmax(x), softmax(softmax(x)), ... in order (an empty vector when n is 0).
std::vector<Tensor> repeated_softmax(const Tensor& logits, int n);

// Exercise 2: the spread max - min of each row (the last dimension is reduced away).
Tensor spread(const Tensor& probs);

// Exercise 3: the temperature T at which the largest probability of softmax(logits / T) equals
// `target`, found by bisection (the largest probability falls as T grows). logits: 1-D with one
// largest value. Throws std::invalid_argument when logits is not 1-D or target is not strictly
// between 1/V and 1, or when no temperature reaches the target.
double temperature_for_max_probability(const Tensor& logits, double target);

}  // namespace buildgpt::lessons
