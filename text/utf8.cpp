#include "text/utf8.h"

#include <cstdint>

namespace buildgpt {

Utf8Char next_utf8_char(std::string_view bytes) {
  if (bytes.empty()) return {};
  const auto c = static_cast<unsigned char>(bytes[0]);
  size_t len = 0;
  char32_t min = 0;
  if (c < 0x80) {
    return {c, 1};
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000;
  } else {
    return {};
  }
  if (bytes.size() < len) return {};
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(bytes[k]);
    if ((cc & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

}  // namespace buildgpt
