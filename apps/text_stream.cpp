#include "apps/text_stream.h"

#include <algorithm>

#include "apps/std_streams.h"

namespace buildgpt::cli {
namespace {

// The length of the start of `bytes` that does not end inside a UTF-8 sequence: the end, or where
// a lead byte begins that lacks some of its continuation bytes.
size_t complete_prefix(const std::string& bytes) {
  const size_t n = bytes.size();
  for (size_t back = 1; back <= std::min<size_t>(3, n); ++back) {
    const auto c = static_cast<unsigned char>(bytes[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return length > back ? n - back : n;
  }
  return n;
}

}  // namespace

TextStream::TextStream(const Tokenizer& tokenizer, std::ostream* out)
    : tokenizer_(tokenizer), out_(out) {}

void TextStream::add(int64_t id) {
  pending_ += tokenizer_.decode_bytes({id});
  const size_t ready = complete_prefix(pending_);
  write(pending_.substr(0, ready));
  pending_.erase(0, ready);
}

void TextStream::finish() {
  write(pending_);
  pending_.clear();
}

void TextStream::write(const std::string& bytes) {
  if (bytes.empty()) return;
  const std::string text = to_valid_utf8(bytes);
  text_ += text;
  if (out_) {
    *out_ << text << std::flush;
    check_standard_output();  // the reader may have gone
  }
}

}  // namespace buildgpt::cli
