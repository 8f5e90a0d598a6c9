// The ways of stacking many blocks that lesson 25 compares, and the narrow GPTs it builds with
// them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/gpt_config.h"

namespace buildgpt::lessons {

inline constexpr int64_t kContext = 32;    // tokens per window
inline constexpr int64_t kHeadWidth = 16;  // channels per attention head

struct Recipe {
  std::string name;  // the legend's: "post-LN", "pre-LN", ...
  nn::NormPlacement placement;
  nn::NormKind norm;
  nn::ResidualScale scale;
};

// post-LN, pre-LN, pre-LN with its branches scaled by 1/sqrt(2L), pre-RMSNorm, DeepNorm.
const std::vector<Recipe>& recipes();

// A narrow GPT over a character vocabulary: context 32, heads of width 16, no dropout, and every
// weight drawn from N(0, init_std) (GPT-2's 0.02 by default) with no 1/sqrt(2L) in the
// initialisation (DeepNorm aside, which has its own), so that the recipes differ in what they
// name and nothing else.
nn::GPTConfig narrow_config(int64_t vocab, int64_t width, int64_t layers, const Recipe& recipe,
                            double init_std = 0.02);

}  // namespace buildgpt::lessons
