// buildgpt corpus info: the size of a corpus in bytes, characters, lines and tokens.
#include <algorithm>
#include <iostream>

#include "apps/tokenizer_choice.h"
#include "text/corpus.h"
#include "text/token_cache.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string file;
  TokenizerChoice tokenizer;
  bool json = false;
};

int info(CLI::App&, Options& o) {
  const std::string text = read_text_file(o.file);
  const auto tokenizer = choose_tokenizer(o.tokenizer, o.file);
  const TokenCache cache = TokenCache::load_or_build(o.file, *tokenizer);
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  const auto characters =
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  const auto lines = std::count(text.begin(), text.end(), '\n') + (text.back() != '\n');
  if (o.json) {
    print_json({{"file", o.file},
                {"bytes", text.size()},
                {"characters", characters},
                {"lines", lines},
                {"tokens", cache.ids().size()},
                {"tokenizer", tokenizer->name()},
                {"vocab_size", tokenizer->vocab_size()},
                {"token_cache", cache.path().string()}});
    return 0;
  }
  std::cout << "file        " << o.file << "\n"
            << "bytes       " << text.size() << "\n"
            << "characters  " << characters << "\n"
            << "lines       " << lines << "\n"
            << "tokens      " << cache.ids().size() << " (" << tokenizer->name() << ", vocabulary "
            << tokenizer->vocab_size() << ")\n"
            << "token cache " << cache.path().string() << "\n";
  return 0;
}

}  // namespace

void add_corpus_info(CLI::App& corpus, Run& run) {
  const auto [command, o] = add_command(
      corpus,
      {"info", "count a corpus's bytes, characters, lines and tokens",
       "Prints the size of FILE and its token count, tokenising it once into a cache beside it\n"
       "(FILE.NAME.tokens). char takes its vocabulary from FILE unless --vocab-from says\n"
       "otherwise."},
      run, info);
  command->add_option("FILE", o->file, "the corpus")->required();
  add_tokenizer_options(*command, o->tokenizer, true);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
