// Quoting untrusted text in error messages: a short excerpt, never the whole of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace buildgpt {

// `text` as it is when at most max_bytes long, else its first max_bytes (fewer, so no UTF-8
// character is cut in half) followed by "...".
std::string shortened(std::string_view text, size_t max_bytes);

// `text` in double quotes, with quotes, backslashes and control bytes escaped; when longer than
// `max_bytes`, cut there (at a UTF-8 character boundary) and followed by "... (N bytes)".
std::string quoted_excerpt(std::string_view text, size_t max_bytes = 48);

}  // namespace buildgpt
