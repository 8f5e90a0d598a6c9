// Choosing indices: multinomial draws, top-k and sorting; no gradients (selection.cpp).
#pragma once

#include <utility>

#include "autograd/generator.h"
#include "autograd/tensor.h"

namespace buildgpt {

// num_samples int64 indices per row of probs (1-D [V] or 2-D [N, V], non-negative weights, not
// necessarily normalised). Without replacement no index repeats within a row.
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement = false,
                   Generator* gen = nullptr);
// The k largest (or smallest) values along dim, sorted, and their int64 indices.
std::pair<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim = -1, bool largest = true);
// Values sorted along dim (stable), and the int64 indices they came from.
std::pair<Tensor, Tensor> sort(const Tensor& x, int64_t dim = -1, bool descending = false);

}  // namespace buildgpt
