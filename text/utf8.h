// Reading UTF-8 one character at a time.
#pragma once

#include <cstddef>
#include <string_view>

namespace buildgpt {

struct Utf8Char {
  char32_t code_point = 0;
  size_t length = 0;  // bytes; 0 when the input does not start with a valid character
};

// The character at the start of `bytes`. Invalid (length 0): empty input, a stray continuation
// byte, a truncated sequence, an overlong form, a surrogate or a value above U+10FFFF.
Utf8Char next_utf8_char(std::string_view bytes);

}  // namespace buildgpt
