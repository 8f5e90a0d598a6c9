// Text written as a model produces tokens: each token's bytes are written as soon as they end a
// character, so a character split across two tokens is never written in halves.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "text/tokenizer.h"

namespace buildgpt::cli {

class TextStream {
 public:
  // `out` (standard output, or null: the text is then only collected).
  TextStream(const Tokenizer& tokenizer, std::ostream* out);
  // Appends the token's bytes; writes (and flushes) every complete character. Throws FileError
  // when standard output cannot be written.
  void add(int64_t id);
  // Writes what is left; bytes that never became a character show as U+FFFD.
  void finish();
  // Everything written so far.
  const std::string& text() const { return text_; }

 private:
  void write(const std::string& bytes);

  const Tokenizer& tokenizer_;
  std::ostream* out_;
  std::string pending_, text_;
};

}  // namespace buildgpt::cli
