#include "apps/tokenizer_choice.h"

#include "apps/std_streams.h"
#include "text/char_tokenizer.h"
#include "text/corpus.h"
#include "text/load_tokenizer.h"

namespace buildgpt::cli {

void add_tokenizer_options(CLI::App& command, TokenizerChoice& choice, bool with_vocab_from) {
  command.add_option("--tokenizer", choice.name, "gpt2, cl100k or char")
      ->check(CLI::IsMember({"gpt2", "cl100k", "cl100k_base", "char"}));
  if (with_vocab_from) {
    command.add_option("--vocab-from", choice.vocab_from,
                       "for char: the text whose characters make the vocabulary");
  }
}

std::unique_ptr<Tokenizer> choose_tokenizer(const TokenizerChoice& choice,
                                            const std::optional<std::string>& default_vocab_text) {
  if (choice.name != "char") {
    if (!choice.vocab_from.empty()) throw UsageError("--vocab-from is only for --tokenizer char");
    return load_tokenizer(choice.name);
  }
  const std::optional<std::string> source =
      choice.vocab_from.empty() ? default_vocab_text : std::optional(choice.vocab_from);
  if (!source) throw UsageError("--tokenizer char needs --vocab-from FILE");
  return std::make_unique<CharTokenizer>(CharTokenizer::from_text(read_text_file(*source)));
}

std::string read_input(const std::string& file) {
  return file == "-" ? read_standard_input() : read_text_file(file);
}

}  // namespace buildgpt::cli
