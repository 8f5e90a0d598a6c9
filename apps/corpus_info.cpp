// buildgpt corpus info: the size of a corpus in bytes, characters, lines and tokens.
#include <algorithm>
#include <iostream>

#include "apps/tokenizer_choice.h"
#include "text/corpus.h"
#include "text/token_cache.h"

namespace buildgpt::cli {
namespace {

int run(const Args& args) {
  const std::string& file = args.single("corpus FILE");
  const std::string text = read_text_file(file);
  const auto tokenizer = choose_tokenizer(args, "gpt2", file);
  const TokenCache cache = TokenCache::load_or_build(file, *tokenizer);
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  const auto characters =
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  const auto lines = std::count(text.begin(), text.end(), '\n') + (text.back() != '\n');
  std::cout << "file        " << file << "\n"
            << "bytes       " << text.size() << "\n"
            << "characters  " << characters << "\n"
            << "lines       " << lines << "\n"
            << "tokens      " << cache.ids().size() << " (" << tokenizer->name() << ", vocabulary "
            << tokenizer->vocab_size() << ")\n"
            << "token cache " << cache.path().string() << "\n";
  return 0;
}

}  // namespace

const Command kCorpusInfo{
    "corpus info",
    "count a corpus's bytes, characters, lines and tokens",
    std::string("usage: buildgpt corpus info [--tokenizer NAME] [--vocab-from FILE] FILE\n"
                "Prints the size of FILE and its token count, tokenising it once into a cache\n"
                "beside it (FILE.NAME.tokens). The default tokenizer is gpt2; char takes its\n"
                "vocabulary from FILE unless --vocab-from says otherwise.\n") +
        kTokenizerOptions,
    {"--tokenizer", "--vocab-from"},
    run};

}  // namespace buildgpt::cli
