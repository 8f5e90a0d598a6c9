#include "lessons/common/sentence.h"

#include "lessons/common/attention_map.h"

namespace buildgpt::lessons {

Sentence sentence_example(const Tokenizer& tok, std::string_view text) {
  Sentence s;
  s.tokens = tok.encode(text);
  const std::vector<int64_t> in(s.tokens.begin(), s.tokens.end() - 1),
      out(s.tokens.begin() + 1, s.tokens.end());
  const auto T = static_cast<int64_t>(in.size());
  s.inputs = from_vector(in, {1, T});
  s.targets = from_vector(out, {1, T});
  s.labels = token_labels(tok, in);
  return s;
}

}  // namespace buildgpt::lessons
