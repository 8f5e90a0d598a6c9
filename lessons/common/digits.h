// Large counts as the lessons print them: digits in groups of three, "124,439,808".
#pragma once

#include <cstdint>
#include <string>

namespace buildgpt::lessons {

inline std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (n < 0) out.insert(out.begin(), '-');
  return out;
}

}  // namespace buildgpt::lessons
