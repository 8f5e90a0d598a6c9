#include "io/excerpt.h"

#include <cstdio>

namespace buildgpt {
namespace {

// How many bytes of `text` to show: all, or at most max_bytes ending at a character boundary.
size_t shown_bytes(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t shown = max_bytes;
  // Back up over continuation bytes (10xxxxxx) so no character is cut in half.
  while (shown > 0 && (static_cast<unsigned char>(text[shown]) & 0xC0) == 0x80) --shown;
  return shown;
}

}  // namespace

std::string shortened(std::string_view text, size_t max_bytes) {
  const size_t shown = shown_bytes(text, max_bytes);
  return std::string(text.substr(0, shown)) + (shown < text.size() ? "..." : "");
}

std::string quoted_excerpt(std::string_view text, size_t max_bytes) {
  const size_t shown = shown_bytes(text, max_bytes);
  std::string out = "\"";
  for (const char c : text.substr(0, shown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
  if (shown < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace buildgpt
