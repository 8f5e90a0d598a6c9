// Lesson 22's exercises: a GPT-2 block's parameters and a whole model's by formula, and the
// course's way of sorting parameters into parts by their names.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "autograd/autograd.h"
#include "parameter_parts.h"

namespace buildgpt::lessons {

// Exercise 1: the parameters of one GPT-2 block of width C: ln_1, attn.c_attn (C -> 3C),
// attn.c_proj (C -> C), ln_2, mlp.c_fc (C -> 4C), mlp.c_proj (4C -> C). With `bias` every linear
// layer has a bias and every layer norm a shift; without, neither (the layer norms keep their
// gains).
int64_t block_parameter_count(int64_t C, bool bias);

// Exercise 2: a whole GPT-2 with biases: the token embedding [V, C], the position embedding
// [context, C], L blocks, the final layer norm, and the output layer tied to the token embedding,
// counted once, or twice when tied_output_twice (as some reports count it).
int64_t gpt2_parameter_count(int64_t V, int64_t context, int64_t C, int64_t L,
                             bool tied_output_twice);

// Exercise 3: the course's way, by names alone: put each of `named` (as named_parameters lists
// them: "transformer.wte.weight", "transformer.h.3.attn.c_attn.bias", "transformer.ln_f.weight",
// "lm_head.weight" when untied, ...) into its part, adding its number of elements. Careful:
// "weight" is also in the embeddings' and layer norms' names, "c_proj" is in both attention and
// the MLP, and "ln_" is not in "lm_head".
PartCounts count_by_name(const std::vector<std::pair<std::string, Tensor>>& named);

}  // namespace buildgpt::lessons
