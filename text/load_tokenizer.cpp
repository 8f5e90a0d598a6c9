#include "text/load_tokenizer.h"

#include <cerrno>
#include <stdexcept>

#include "io/file_error.h"
#include "io/read_file.h"
#include "text/gpt2_tokenizer.h"
#include "text/tiktoken_tokenizer.h"

namespace buildgpt {
namespace {

// The file's bytes; a missing file comes with the advice to fetch the tokenizer files, any other
// failure with its reason only (fetching again would not help).
std::string read_tokenizer_file(const std::filesystem::path& path) {
  try {
    return read_file(path);
  } catch (const FileError& e) {
    if (e.code() != ENOENT) throw;
    throw FileError(path.string(),
                    "no such file: run scripts/fetch_tokenizers.sh to get the tokenizer files",
                    ENOENT);
  }
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& name,
                                          const std::filesystem::path& dir) {
  if (name == "gpt2") {
    const std::filesystem::path encoder = dir / "gpt2" / "encoder.json";
    const std::filesystem::path vocab = dir / "gpt2" / "vocab.bpe";
    const std::filesystem::path hf = dir / "gpt2" / "tokenizer.json";
    if (!std::filesystem::exists(encoder) && std::filesystem::exists(hf)) {
      return gpt2_tokenizer_from_hf_json(read_tokenizer_file(hf), hf.string());
    }
    const std::string encoder_json = read_tokenizer_file(encoder);
    return gpt2_tokenizer(encoder_json, read_tokenizer_file(vocab), encoder.string(),
                          vocab.string());
  }
  if (name == "cl100k_base" || name == "cl100k") {
    const std::filesystem::path file = dir / "cl100k_base.tiktoken";
    return cl100k_base_tokenizer(parse_tiktoken(read_tokenizer_file(file), file.string()),
                                 file.string());
  }
  throw std::invalid_argument("unknown tokenizer \"" + name + "\": expected gpt2 or cl100k_base");
}

}  // namespace buildgpt
