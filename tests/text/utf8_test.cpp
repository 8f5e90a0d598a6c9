#include "text/utf8.h"

#include <gtest/gtest.h>

#include "text/tokenizer.h"

namespace buildgpt {
namespace {

TEST(Utf8, EncodesAndDecodesEveryLength) {
  for (char32_t cp : {U'\0', U'A', U'\x7F', U'\x80', U'é', U'\x7FF', U'\x800', U'€', U'\xFFFF',
                      U'\x10000', U'😀', U'\x10FFFF'}) {
    std::string bytes;
    append_utf8(bytes, cp);
    char32_t back = 0;
    EXPECT_EQ(decode_utf8(bytes, 0, back), bytes.size()) << code_point_name(cp);
    EXPECT_EQ(back, cp) << code_point_name(cp);
  }
  EXPECT_EQ(code_point_name(U'é'), "U+00E9");
  EXPECT_EQ(code_point_name(U'😀'), "U+1F600");
}

TEST(Utf8, FindsTheFirstInvalidSequence) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("né€😀"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\x80"), 2u);              // a lone continuation byte
  EXPECT_EQ(find_invalid_utf8("a\xC3"), 1u);               // truncated
  EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1u);           // overlong
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);        // a surrogate
  EXPECT_EQ(find_invalid_utf8("ok\xF4\x90\x80\x80"), 2u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xC3\x28"), 0u);            // a bad continuation byte
}

TEST(Utf8, RefusesInvalidSequences) {
  for (const std::string_view bad :
       {std::string_view(), std::string_view("\x80"), std::string_view("\xC3"),
        std::string_view("\xC0\xAF"), std::string_view("\xED\xA0\x80"),
        std::string_view("\xF4\x90\x80\x80"), std::string_view("\xFF"),
        std::string_view("\xE2\x82")}) {
    char32_t cp = 0;
    EXPECT_EQ(decode_utf8(bad, 0, cp), 0u) << ::testing::PrintToString(bad);
  }
}

TEST(Utf8, ToValidUtf8ReplacesEachBadByte) {
  EXPECT_EQ(to_valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(to_valid_utf8("né"), "né");
  EXPECT_EQ(to_valid_utf8("a\xFF"
                          "b\xC3"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

}  // namespace
}  // namespace buildgpt
