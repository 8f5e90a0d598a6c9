// buildgpt tokenize: text in, token ids out.
#include <iostream>

#include "apps/tokenizer_choice.h"

namespace buildgpt::cli {
namespace {

int run(const Args& args) {
  const std::string& file = args.single("input FILE (or - for standard input)");
  const auto tokenizer =
      choose_tokenizer(args, "gpt2", file == "-" ? std::nullopt : std::optional(file));
  const std::vector<int64_t> ids = tokenizer->encode(read_input(file), /*allow_special=*/true);
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
  std::cout << '\n';
  return 0;
}

}  // namespace

const Command kTokenize{
    "tokenize",
    "print the token ids of a text",
    std::string("usage: buildgpt tokenize [--tokenizer NAME] [--vocab-from FILE] FILE|-\n"
                "Prints the ids of FILE (or standard input), separated by spaces;\n"
                "<|endoftext|> becomes the special token. The default tokenizer is gpt2;\n"
                "char takes its vocabulary from --vocab-from, else from FILE itself.\n") +
        kTokenizerOptions,
    {"--tokenizer", "--vocab-from"},
    run};

}  // namespace buildgpt::cli
