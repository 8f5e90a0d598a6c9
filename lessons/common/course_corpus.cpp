#include "lessons/common/course_corpus.h"

#include <stdexcept>

#include "io/read_file.h"
#include "text/char_tokenizer.h"
#include "text/load_tokenizer.h"
#include "text/paths.h"

namespace buildgpt::lessons {

CourseCorpus load_course_corpus(const std::string& tokenizer) {
  const std::filesystem::path corpora = data_dir() / "corpora";
  const std::filesystem::path time_machine = corpora / "time_machine.txt";
  const std::filesystem::path sotu = corpora / "sotu.txt";
  std::filesystem::path path;
  std::string description;
  if (std::filesystem::exists(time_machine)) {
    path = time_machine;
    description = "The Time Machine (" + path.string() + ")";
  } else if (std::filesystem::exists(sotu)) {
    path = sotu;
    description = "the State of the Union addresses, 1790 onwards (" + path.string() +
                  "); `buildgpt corpus fetch time_machine` gets the course's text";
  } else {
    throw std::runtime_error("no corpus in " + corpora.string() +
                             ": run scripts/setup.sh (the default corpus) or `buildgpt corpus "
                             "fetch time_machine` (the course's text, needs the internet)");
  }
  std::unique_ptr<Tokenizer> tok =
      tokenizer == "char"
          ? std::make_unique<CharTokenizer>(CharTokenizer::from_text(read_file(path)))
          : load_tokenizer(tokenizer);
  TokenCache tokens = TokenCache::load_or_build(path, *tok);
  return CourseCorpus{path, description, std::move(tok), std::move(tokens)};
}

}  // namespace buildgpt::lessons
