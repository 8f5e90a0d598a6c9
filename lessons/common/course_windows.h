// The data lessons 12 and 14 train on: the course corpus, tokenised, in windows of the model's
// context, one starting every 2 tokens, the last 10% for validation.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "lessons/common/course_corpus.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

class CourseWindows {
 public:
  // tokenizer: "gpt2", "cl100k_base" or "char"; quick: only the corpus's first 20,000 tokens.
  // Prints which corpus it is and how many tokens.
  CourseWindows(const std::string& tokenizer, int64_t context, bool quick);

  const Tokenizer& tokenizer() const { return *corpus_.tokenizer; }
  const TokenDataset& data() const { return data_; }

 private:
  CourseCorpus corpus_;
  std::span<const uint32_t> ids_;
  TokenDataset data_;
};

}  // namespace buildgpt::lessons
