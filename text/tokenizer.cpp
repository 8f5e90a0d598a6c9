#include "text/tokenizer.h"

#include "text/utf8.h"

namespace buildgpt {

std::string Tokenizer::decode(const std::vector<int64_t>& ids) const {
  return to_valid_utf8(decode_bytes(ids));
}

std::string to_valid_utf8(std::string_view bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp;
    if (const size_t len = decode_utf8(bytes, i, cp)) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out.append(kReplacement);
      ++i;
    }
  }
  return out;
}

}  // namespace buildgpt
