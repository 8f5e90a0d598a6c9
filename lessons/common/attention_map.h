// The lessons' picture of attention: a heat map of the weights, one row per token being processed
// (the query) and one column per token it weighs (the key), with the tokens as tick labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "plot/plot.h"
#include "text/tokenizer.h"

namespace buildgpt::lessons {

// The weights a causal attention head gives, for the maps: softmax(q kᵀ / sqrt(d) with the future
// set to -inf) over the keys, for q, k [..., T, d]: [..., T, T]. (The fused kernel computes the
// same inside and never returns them.)
Tensor causal_attention_weights(const Tensor& q, const Tensor& k);

// Draws weights [T, T] into `panel` (whose title the caller sets) with `labels` (T of them) on
// both axes and a colour bar of the weights.
plot::Plot& attention_heatmap(plot::Plot& panel, const Tensor& weights,
                              const std::vector<std::string>& labels);

// Tick labels for token ids: each token's text with its spaces trimmed ("I", "prefer", "o",
// "at"), a token of white space only shown as "(space)", a line break as "\n".
std::vector<std::string> token_labels(const Tokenizer& tok, const std::vector<int64_t>& ids);

// "0", "1", ..., "n-1": labels for positions.
std::vector<std::string> position_labels(int64_t n);

}  // namespace buildgpt::lessons
