// buildgpt corpus strip: the body of a Project Gutenberg book.
#include <iostream>

#include "apps/command.h"
#include "text/corpus.h"

namespace buildgpt::cli {
namespace {

int run(const Args& args) {
  const std::string& file = args.single("FILE");
  try {
    std::cout << strip_gutenberg(read_text_file(file));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(file + ": " + e.what());
  }
  return 0;
}

}  // namespace

const Command kCorpusStrip{
    "corpus strip",
    "print a Project Gutenberg book without its licence header and footer",
    "usage: buildgpt corpus strip FILE\n"
    "Prints the lines of FILE between the \"*** START OF THE PROJECT GUTENBERG EBOOK\" line and\n"
    "the \"*** END OF THE PROJECT GUTENBERG EBOOK\" line.\n",
    {},
    run};

}  // namespace buildgpt::cli
