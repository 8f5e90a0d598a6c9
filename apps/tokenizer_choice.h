// The --tokenizer and --vocab-from options shared by the commands that tokenise.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "apps/command.h"
#include "text/tokenizer.h"

namespace buildgpt::cli {

// Their lines in a command's --help.
inline constexpr const char* kTokenizerOptions =
    "  --tokenizer NAME    gpt2, cl100k or char\n"
    "  --vocab-from FILE   for char: the text whose characters make the vocabulary\n";

// The tokenizer named by --tokenizer (`fallback` when absent). The char tokenizer's vocabulary
// comes from --vocab-from, else from `default_vocab_text` (a file), else it is a UsageError.
std::unique_ptr<Tokenizer> choose_tokenizer(const Args& args, const std::string& fallback,
                                            const std::optional<std::string>& default_vocab_text);

// The bytes of FILE, or of standard input for "-".
std::string read_input(const std::string& file);

}  // namespace buildgpt::cli
