// buildgpt detokenize: token ids in, text out.
#include <iostream>
#include <sstream>

#include "apps/tokenizer_choice.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string file;
  TokenizerChoice tokenizer;
  bool json = false;
};

// The ids in `text`, separated by white space; throws naming the first word that is not an id.
std::vector<int64_t> parse_ids(const std::string& text, const std::string& source) {
  std::vector<int64_t> ids;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    size_t used = 0;
    int64_t id = -1;
    try {
      id = std::stoll(word, &used);
    } catch (const std::logic_error&) {
      used = 0;
    }
    if (used != word.size()) {
      throw std::runtime_error(source + ": word " + std::to_string(ids.size() + 1) + " '" + word +
                               "' is not a token id");
    }
    ids.push_back(id);
  }
  return ids;
}

int detokenize(CLI::App&, Options& o) {
  const auto tokenizer = choose_tokenizer(o.tokenizer, std::nullopt);
  const std::string text =
      tokenizer->decode(parse_ids(read_input(o.file), o.file == "-" ? "standard input" : o.file));
  if (o.json) {
    print_json({{"tokenizer", tokenizer->name()}, {"text", text}});
  } else {
    std::cout << text;
  }
  return 0;
}

}  // namespace

void add_detokenize(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"detokenize", "print the text that token ids stand for",
       "Reads ids separated by white space and prints their text (invalid UTF-8 shows as\n"
       "U+FFFD). char needs --vocab-from: the same text that made the ids."},
      run, detokenize);
  command->add_option("FILE", o->file, "the ids, or - for standard input")->required();
  add_tokenizer_options(*command, o->tokenizer, true);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
