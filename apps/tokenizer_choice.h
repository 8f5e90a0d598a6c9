// The --tokenizer and --vocab-from options shared by the commands that tokenise.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "apps/command.h"
#include "text/tokenizer.h"

namespace buildgpt::cli {

struct TokenizerChoice {
  std::string name = "gpt2";  // gpt2, cl100k or char
  std::string vocab_from;     // for char: the text whose characters make the vocabulary
};

// Adds --tokenizer and, when `with_vocab_from`, --vocab-from to `command`.
void add_tokenizer_options(CLI::App& command, TokenizerChoice& choice, bool with_vocab_from);

// The tokenizer chosen. The char tokenizer's vocabulary comes from --vocab-from, else from
// `default_vocab_text` (a file), else it is a UsageError.
std::unique_ptr<Tokenizer> choose_tokenizer(const TokenizerChoice& choice,
                                            const std::optional<std::string>& default_vocab_text);

// The bytes of FILE, or of standard input for "-".
std::string read_input(const std::string& file);

}  // namespace buildgpt::cli
