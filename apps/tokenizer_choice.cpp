#include "apps/tokenizer_choice.h"

#include "apps/std_streams.h"
#include "text/char_tokenizer.h"
#include "text/corpus.h"
#include "text/load_tokenizer.h"

namespace buildgpt::cli {

std::unique_ptr<Tokenizer> choose_tokenizer(const Args& args, const std::string& fallback,
                                            const std::optional<std::string>& default_vocab_text) {
  const std::string name = args.option("--tokenizer").value_or(fallback);
  const std::optional<std::string> vocab = args.option("--vocab-from");
  if (name != "char") {
    if (vocab) throw UsageError("--vocab-from is only for --tokenizer char");
    if (name != "gpt2" && name != "cl100k" && name != "cl100k_base") {
      throw UsageError("unknown tokenizer '" + name + "' (expected gpt2, cl100k or char)");
    }
    return load_tokenizer(name);
  }
  const std::optional<std::string> source = vocab ? vocab : default_vocab_text;
  if (!source) throw UsageError("--tokenizer char needs --vocab-from FILE");
  return std::make_unique<CharTokenizer>(CharTokenizer::from_text(read_text_file(*source)));
}

std::string read_input(const std::string& file) {
  return file == "-" ? read_standard_input() : read_text_file(file);
}

}  // namespace buildgpt::cli
