// Lesson 05's exercises: drawing from a distribution by hand, counting draws, and checking weights.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: inverse-CDF sampling. Given 1-D probabilities (summing to 1) and a uniform number
// u in [0, 1), return the first index whose cumulative sum is greater than u. Categories of
// probability 0 are never returned.
int64_t inverse_cdf_pick(const Tensor& probs, double u);

// Exercise 2: n draws (with replacement) from the 1-D probabilities with the library's
// multinomial, using the generator `gen`, counted: element i is how many draws were i.
std::vector<int64_t> count_draws(const Tensor& probs, int64_t n, Generator& gen);

// Exercise 3: 1-D weights divided by their sum, so they become probabilities. Throws
// std::invalid_argument, saying what is wrong, when the tensor is empty, when a weight is
// negative, NaN or infinite, or when they sum to zero.
Tensor normalise_weights(const Tensor& weights);

}  // namespace buildgpt::lessons
