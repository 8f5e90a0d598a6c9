// buildgpt detokenize: token ids in, text out.
#include <iostream>
#include <sstream>

#include "apps/tokenizer_choice.h"

namespace buildgpt::cli {
namespace {

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

int run(const Args& args) {
  const std::string& file = args.single("input FILE (or - for standard input)");
  const auto tokenizer = choose_tokenizer(args, "gpt2", std::nullopt);
  std::cout << tokenizer->decode(
      parse_ids(read_input(file), file == "-" ? "standard input" : file));
  return 0;
}

}  // namespace

const Command kDetokenize{
    "detokenize",
    "print the text that token ids stand for",
    std::string("usage: buildgpt detokenize [--tokenizer NAME] [--vocab-from FILE] FILE|-\n"
                "Reads ids separated by white space from FILE (or standard input) and prints\n"
                "their text (invalid UTF-8 shows as U+FFFD). The default tokenizer is gpt2;\n"
                "char needs --vocab-from, the same text that made the ids.\n") +
        kTokenizerOptions,
    {"--tokenizer", "--vocab-from"},
    run};

}  // namespace buildgpt::cli
