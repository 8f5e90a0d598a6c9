#include "text/char_tokenizer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::ScratchDir;
using testing::throws;

TEST(CharTokenizer, VocabularyIsSortedUniqueCodePoints) {
  const CharTokenizer tok = CharTokenizer::from_text("héllo\nwörld");
  EXPECT_EQ(tok.name(), "char");
  EXPECT_EQ(tok.code_points(),
            (std::vector<char32_t>{U'\n', U'd', U'h', U'l', U'o', U'r', U'w', U'é', U'ö'}));
  EXPECT_EQ(tok.vocab_size(), 9);
}

TEST(CharTokenizer, EncodesOneIdPerCodePointAndRoundTrips) {
  const std::string text = "añb€c😀";
  const CharTokenizer tok = CharTokenizer::from_text(text);
  const std::vector<int64_t> ids = tok.encode(text);
  EXPECT_EQ(ids, (std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(tok.decode(ids), text);
  EXPECT_EQ(tok.decode_bytes({5, 0}), "😀a");
}

TEST(CharTokenizer, SpecialTokensAreOrdinaryText) {
  const CharTokenizer tok = CharTokenizer::from_text("<|endoftext|>");
  EXPECT_EQ(tok.encode("<|endoftext|>", true).size(), 13u);
}

TEST(CharTokenizer, InvalidUtf8InSourceNamesTheOffset) {
  EXPECT_TRUE(throws<std::invalid_argument>([] { CharTokenizer::from_text("abc\xC3"); },
                                            {"invalid UTF-8", "byte offset 3"}));
  EXPECT_TRUE(throws<std::invalid_argument>([] { CharTokenizer::from_text("a\xED\xA0\x80"); },
                                            {"byte offset 1"}));  // a surrogate
}

TEST(CharTokenizer, EncodingAnUnknownCodePointNamesIt) {
  const CharTokenizer tok = CharTokenizer::from_text("abc");
  EXPECT_TRUE(throws<std::invalid_argument>(
      [&] { tok.encode("abé"); }, {"U+00E9", "é", "byte offset 2", "not in the vocabulary"}));
}

TEST(CharTokenizer, DecodingAnIdOutsideTheVocabularyThrows) {
  const CharTokenizer tok = CharTokenizer::from_text("abc");
  EXPECT_TRUE(throws<std::out_of_range>([&] { tok.decode({0, 3}); }, {"id 3", "3"}));
  EXPECT_TRUE(throws<std::out_of_range>([&] { tok.decode({-1}); }, {"id -1"}));
}

TEST(CharTokenizer, SavesAndLoads) {
  ScratchDir dir;
  const CharTokenizer tok = CharTokenizer::from_text("Zebra 🦓\nß\t");
  tok.save(dir.path() / "vocab.txt");
  const CharTokenizer loaded = CharTokenizer::load(dir.path() / "vocab.txt");
  EXPECT_EQ(loaded.code_points(), tok.code_points());
  EXPECT_EQ(loaded.encode("Zebra 🦓"), tok.encode("Zebra 🦓"));
  EXPECT_EQ(dir.files(), std::vector<std::string>{"vocab.txt"});  // no temporary file left
}

TEST(CharTokenizer, LoadingAMalformedFileNamesTheFileAndProblem) {
  ScratchDir dir;
  const std::string header = "buildgpt char vocabulary 1\n";
  struct Case {
    std::string contents;
    std::string problem;
  };
  const Case cases[] = {
      {"", "not a character vocabulary"},
      {"hello\n2\n41\n42\n", "not a character vocabulary"},
      {header + "two\n41\n42\n", ":2: expected the number of code points"},
      {header + "2\n41\nxyz\n", ":4: expected a hexadecimal code point"},
      {header + "2\n42\n41\n", "U+0041 does not come after U+0042"},
      {header + "2\n41\n41\n", "sorted and unique"},
      {header + "1\nD800\n", "U+D800 is not a valid code point"},
      {header + "1\n110000\n", "is not a valid code point"},
      {header + "3\n41\n42\n", "promises 3 code points, the file has 2"},
  };
  for (const Case& c : cases) {
    const auto path = dir.write("vocab.txt", c.contents);
    EXPECT_TRUE(
        throws<std::runtime_error>([&] { CharTokenizer::load(path); }, {path.string(), c.problem}))
        << c.contents;
  }
  EXPECT_TRUE(throws<std::runtime_error>([&] { CharTokenizer::load(dir.path() / "missing.txt"); },
                                         {"missing.txt", "No such file or directory"}));
}

}  // namespace
}  // namespace buildgpt
