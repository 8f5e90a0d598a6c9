// Large counts as people write them: 124439808 as "124,439,808".
#pragma once

#include <cstdint>
#include <string>

namespace buildgpt::lessons {

inline std::string digit_groups(int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace buildgpt::lessons
