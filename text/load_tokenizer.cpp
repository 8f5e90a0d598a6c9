#include "text/load_tokenizer.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "text/gpt2_tokenizer.h"
#include "text/tiktoken_tokenizer.h"

namespace buildgpt {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string() +
                             ": run scripts/fetch_tokenizers.sh to get the tokenizer files");
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& name,
                                          const std::filesystem::path& dir) {
  if (name == "gpt2") {
    const std::filesystem::path encoder = dir / "gpt2" / "encoder.json";
    const std::filesystem::path vocab = dir / "gpt2" / "vocab.bpe";
    const std::filesystem::path hf = dir / "gpt2" / "tokenizer.json";
    if (!std::filesystem::exists(encoder) && std::filesystem::exists(hf)) {
      return gpt2_tokenizer_from_hf_json(read_file(hf), hf.string());
    }
    const std::string encoder_json = read_file(encoder);
    return gpt2_tokenizer(encoder_json, read_file(vocab), encoder.string(), vocab.string());
  }
  if (name == "cl100k_base" || name == "cl100k") {
    const std::filesystem::path file = dir / "cl100k_base.tiktoken";
    return cl100k_base_tokenizer(parse_tiktoken(read_file(file), file.string()), file.string());
  }
  throw std::invalid_argument("unknown tokenizer \"" + name + "\": expected gpt2 or cl100k_base");
}

}  // namespace buildgpt
