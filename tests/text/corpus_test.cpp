#include "text/corpus.h"

#include <gtest/gtest.h>

#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::ScratchDir;
using testing::throws;

TEST(Corpus, ReadsATextFileWhole) {
  ScratchDir dir;
  const std::string text = "line one\nligne deux — é\n\nlast";
  EXPECT_EQ(read_text_file(dir.write("a.txt", text)), text);
}

TEST(Corpus, MissingEmptyOrInvalidFilesAreClearErrors) {
  ScratchDir dir;
  EXPECT_TRUE(throws<std::runtime_error>([&] { read_text_file(dir.path() / "nope.txt"); },
                                         {"nope.txt", "No such file or directory"}));
  EXPECT_TRUE(throws<std::runtime_error>([&] { read_text_file(dir.write("empty.txt", "")); },
                                         {"empty.txt", "empty"}));
  EXPECT_TRUE(throws<std::runtime_error>([&] { read_text_file(dir.path()); },
                                         {dir.path().string(), "directory"}));
  EXPECT_TRUE(throws<std::runtime_error>([&] { read_text_file(dir.write("bad.txt", "ok\xFF")); },
                                         {"bad.txt", "invalid UTF-8 at byte offset 2"}));
}

constexpr const char* kBook =
    "The Project Gutenberg eBook of A Small Test\r\n"
    "\r\n"
    "This eBook is for the use of anyone anywhere.\r\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK A SMALL TEST ***\r\n"
    "\r\n"
    "\r\n"
    "  CHAPTER I\r\n"
    "It was a dark and stormy night.\r\n"
    "\r\n"
    "*** END OF THE PROJECT GUTENBERG EBOOK A SMALL TEST ***\r\n"
    "Updated editions will replace the previous one.\r\n";

TEST(Corpus, StripsTheGutenbergHeaderAndFooter) {
  EXPECT_EQ(strip_gutenberg(kBook), "  CHAPTER I\r\nIt was a dark and stormy night.\n");
}

TEST(Corpus, StripsTheOlderThisProjectGutenbergMarkers) {
  EXPECT_EQ(strip_gutenberg("licence\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\nBody.\n"
                            "*** END OF THIS PROJECT GUTENBERG EBOOK X ***\nmore licence\n"),
            "Body.\n");
}

TEST(Corpus, MissingGutenbergMarkersAreErrors) {
  EXPECT_TRUE(
      throws<std::invalid_argument>([] { strip_gutenberg("just a text\n"); }, {"START OF"}));
  EXPECT_TRUE(throws<std::invalid_argument>(
      [] { strip_gutenberg("*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody\n"); },
      {"END OF"}));
  // An end marker before the start does not count.
  EXPECT_TRUE(throws<std::invalid_argument>(
      [] {
        strip_gutenberg(
            "*** END OF THE PROJECT GUTENBERG EBOOK X ***\n"
            "*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody\n");
      },
      {"END OF"}));
}

}  // namespace
}  // namespace buildgpt
