// Reading UTF-8 and repairing invalid sequences with U+FFFD.
#include "text/utf8.h"

#include <gtest/gtest.h>

#include "text/tokenizer.h"

namespace buildgpt {
namespace {

TEST(Utf8, ReadsOneToFourByteCharacters) {
  EXPECT_EQ(next_utf8_char("a").code_point, U'a');
  EXPECT_EQ(next_utf8_char("é!").length, 2u);
  EXPECT_EQ(next_utf8_char("€").code_point, U'€');
  EXPECT_EQ(next_utf8_char("🙂").length, 4u);
  EXPECT_EQ(next_utf8_char("🙂").code_point, U'🙂');
}

TEST(Utf8, RefusesInvalidSequences) {
  for (const std::string_view bad :
       {std::string_view(), std::string_view("\x80"), std::string_view("\xC3"),
        std::string_view("\xC0\xAF"), std::string_view("\xED\xA0\x80"),
        std::string_view("\xF4\x90\x80\x80"), std::string_view("\xFF"),
        std::string_view("\xE2\x82")}) {
    EXPECT_EQ(next_utf8_char(bad).length, 0u) << testing::PrintToString(bad);
  }
}

TEST(Utf8, RepairReplacesEachInvalidByteVisibly) {
  EXPECT_EQ(to_valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(to_valid_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(to_valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace buildgpt
