// Pre-tokenisation: splitting text into the pieces that BPE encodes one by one, with a PCRE2
// regular expression (UTF and Unicode properties on, JIT-compiled where available).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct pcre2_real_code_8;           // pcre2_code from <pcre2.h>
struct pcre2_real_match_context_8;  // pcre2_match_context

namespace buildgpt {

class Pretokenizer {
 public:
  // Throws std::invalid_argument naming the offset and the problem when `pattern` does not compile.
  explicit Pretokenizer(const std::string& pattern);

  // The pieces of `text`, in order, covering every byte exactly once. Each maximal run of valid
  // UTF-8 is split by the regex (text between matches becomes a piece too); every byte that is not
  // part of valid UTF-8 is a piece of its own.
  std::vector<std::string_view> split(std::string_view text) const;

 private:
  void split_valid(std::string_view run, std::vector<std::string_view>& pieces) const;

  struct FreeCode {
    void operator()(pcre2_real_code_8* code) const;
  };
  struct FreeContext {
    void operator()(pcre2_real_match_context_8* context) const;
  };
  std::unique_ptr<pcre2_real_code_8, FreeCode> code_;
  std::unique_ptr<pcre2_real_match_context_8, FreeContext> context_;
};

}  // namespace buildgpt
