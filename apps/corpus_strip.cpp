// buildgpt corpus strip: the body of a Project Gutenberg book.
#include <iostream>

#include "apps/command.h"
#include "text/corpus.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string file;
  bool json = false;
};

int strip(CLI::App&, Options& o) {
  std::string body;
  try {
    body = strip_gutenberg(read_text_file(o.file));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(o.file + ": " + e.what());
  }
  if (o.json) {
    print_json({{"file", o.file}, {"text", body}});
  } else {
    std::cout << body;
  }
  return 0;
}

}  // namespace

void add_corpus_strip(CLI::App& corpus, Run& run) {
  const auto [command, o] = add_command(
      corpus,
      {"strip", "print a Project Gutenberg book without its licence header and footer",
       "Prints the lines of FILE between the \"*** START OF THE PROJECT GUTENBERG EBOOK\" line\n"
       "and the \"*** END OF THE PROJECT GUTENBERG EBOOK\" line."},
      run, strip);
  command->add_option("FILE", o->file, "the book")->required();
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
