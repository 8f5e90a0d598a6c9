// Lesson 02's exercises: one-hot vectors, a lookup written as a matrix product, and the spread
// of a linear layer's initial weights.
#pragma once

#include <cstdint>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Exercise 1: 1-D int64 ids -> float32 [ids, num_classes]: row r is all zeros but for a 1 in
// column ids[r]. Throws std::invalid_argument for an id outside [0, num_classes).
Tensor one_hot_by_hand(const Tensor& ids, int64_t num_classes);

// Exercise 2: the embedding lookup of 1-D int64 ids in weight [V, C], written as the one-hot
// rows of the ids times weight: [ids, V] · [V, C] -> [ids, C]. Built from tensor ops, so the
// gradient reaches weight.
Tensor lookup_as_matmul(const Tensor& ids, const Tensor& weight);

// Exercise 3: the bound b of nn::Linear's initial weights U(-b, b) for fan_in inputs (PyTorch's
// Kaiming-uniform with a = √5).
double kaiming_uniform_bound(int64_t fan_in);

// Exercise 4: the standard deviation of the uniform distribution U(-b, b).
double uniform_std(double bound);

}  // namespace buildgpt::lessons
