// Text a language model writes after a prompt, as the lessons print it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autograd/generator.h"
#include "nn/gpt.h"
#include "nn/module.h"
#include "text/tokenizer.h"

namespace buildgpt::lessons {

// `text` on one line: each line break shown as " / ".
std::string single_line(std::string text);

// The prompt and n_new tokens after it, drawn one at a time from softmax(logits / temperature) of
// the last position, the model seeing the last `context` tokens (the course's generate); decoded
// and on one line.
std::string continue_text(nn::Module& model, const Tokenizer& tok,
                          const std::vector<int64_t>& prompt, int64_t n_new, double temperature,
                          int64_t context, Generator& gen);

// The same for a GPT, through its key-value cache (one token's work per new token) and its own
// context.
std::string continue_text(nn::GPT& model, const Tokenizer& tok, const std::vector<int64_t>& prompt,
                          int64_t n_new, double temperature, Generator& gen);

}  // namespace buildgpt::lessons
