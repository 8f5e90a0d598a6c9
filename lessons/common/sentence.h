// The course's way to look at one sentence: a model reads all its tokens but the last and
// predicts all but the first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "autograd/autograd.h"
#include "text/tokenizer.h"

namespace buildgpt::lessons {

struct Sentence {
  std::vector<int64_t> tokens;      // the whole sentence
  Tensor inputs;                    // int64 [1, T]: tokens[:-1]
  Tensor targets;                   // int64 [1, T]: tokens[1:]
  std::vector<std::string> labels;  // the inputs' tokens as heat-map labels
};

Sentence sentence_example(const Tokenizer& tok, std::string_view text);

}  // namespace buildgpt::lessons
