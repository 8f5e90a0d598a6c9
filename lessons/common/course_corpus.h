// The text the training lessons learn from, tokenised (and cached) once.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "text/token_cache.h"
#include "text/tokenizer.h"

namespace buildgpt::lessons {

struct CourseCorpus {
  std::filesystem::path path;
  std::string description;  // e.g. "The Time Machine (data/corpora/time_machine.txt)"
  std::unique_ptr<Tokenizer> tokenizer;
  TokenCache tokens;

  std::span<const uint32_t> ids() const { return tokens.ids(); }
};

// The course's text, The Time Machine, when it has been downloaded (`buildgpt corpus fetch
// time_machine`), else the default corpus that scripts/setup.sh fetches (the State of the Union
// addresses), tokenised by `tokenizer` ("cl100k_base" as the course's Models 1 and 2, "gpt2", or
// "char": one token per character of the text, for the narrow models of lessons 25 and 26).
// Throws std::runtime_error saying how to get a corpus when neither is there.
CourseCorpus load_course_corpus(const std::string& tokenizer = "cl100k_base");

}  // namespace buildgpt::lessons
