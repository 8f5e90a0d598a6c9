// buildgpt tokenize: text in, token ids out.
#include <iostream>

#include "apps/tokenizer_choice.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string file;
  TokenizerChoice tokenizer;
  bool json = false;
};

int tokenize(CLI::App&, Options& o) {
  const auto tokenizer =
      choose_tokenizer(o.tokenizer, o.file == "-" ? std::nullopt : std::optional(o.file));
  const std::vector<int64_t> ids = tokenizer->encode(read_input(o.file), /*allow_special=*/true);
  if (o.json) {
    print_json({{"tokenizer", tokenizer->name()}, {"count", ids.size()}, {"ids", ids}});
    return 0;
  }
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
  std::cout << '\n';
  return 0;
}

}  // namespace

void add_tokenize(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"tokenize", "print the token ids of a text",
       "Prints the ids of FILE (or standard input), separated by spaces; <|endoftext|> becomes\n"
       "the special token. char takes its vocabulary from --vocab-from, else from FILE itself."},
      run, tokenize);
  command->add_option("FILE", o->file, "the text, or - for standard input")->required();
  add_tokenizer_options(*command, o->tokenizer, true);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
