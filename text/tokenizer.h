// The interface every tokenizer implements: text <-> token ids.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace buildgpt {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // "char", "gpt2" or "cl100k_base".
  virtual std::string name() const = 0;
  virtual int64_t vocab_size() const = 0;
  // Ids of `text`. Special tokens such as <|endoftext|> are recognised only when allowed;
  // otherwise they are encoded as ordinary text.
  virtual std::vector<int64_t> encode(std::string_view text, bool allow_special = false) const = 0;
  // The exact bytes the ids stand for (may split a UTF-8 code point). Throws std::out_of_range
  // naming the id and the vocabulary size for an id outside [0, vocab_size()).
  virtual std::string decode_bytes(const std::vector<int64_t>& ids) const = 0;
  // The text the ids stand for, always valid UTF-8: byte sequences that are not valid UTF-8 are
  // replaced by U+FFFD (the replacement character), visibly, never silently dropped.
  std::string decode(const std::vector<int64_t>& ids) const;
};

// Replaces every invalid UTF-8 sequence in `bytes` by U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

}  // namespace buildgpt
