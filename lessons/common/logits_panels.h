// The course's picture of one position's logits over the whole vocabulary, as a row of three
// panels (lessons 01 and 09).
#pragma once

#include <string>

#include "autograd/autograd.h"
#include "plot/figure.h"

namespace buildgpt::lessons {

// What the third panel draws against the logit: the probability (lesson 01) or its log (09).
enum class AgainstLogit { Probability, LogProbability };

// Row `row` of `fig` (three columns): the logits [V] of every token by token index, their softmax
// probabilities with a dashed line at the uniform 1/V, and the probability or log probability
// against the logit. `when` ends each panel's title, e.g. "untrained". With `every` > 1 only
// every so many tokens are drawn (a quick run's smaller picture).
void logits_panels(plot::Figure& fig, int row, const Tensor& logits, const std::string& when,
                   AgainstLogit third, int64_t every = 1);

}  // namespace buildgpt::lessons
