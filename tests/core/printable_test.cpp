#include "lwm2m/printable.h"

#include <gtest/gtest.h>

#include <string>

namespace lwm2m {
namespace {

TEST(Printable, KeepsPrintableUtf8) {
  EXPECT_EQ(printable("urn:imei:490154203237518"), "urn:imei:490154203237518");
  EXPECT_EQ(printable("caf\xc3\xa9-42"), "caf\xc3\xa9-42");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(printable(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("line\nbreak"), "line\\x0Abreak");
  EXPECT_EQ(printable("del\x7f"), "del\\x7F");
  EXPECT_EQ(printable("c1\xc2\x85"), "c1\\xC2\\x85");  // U+0085, a C1 control
}

TEST(Printable, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(printable("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(printable("lone\x80"), "lone\\x80");
  // An overlong '/' must not turn into a slash.
  EXPECT_EQ(printable("a\xc0\xaf"
                      "b"),
            "a\\xC0\\xAFb");
  EXPECT_EQ(printable("cut\xe2\x82"), "cut\\xE2\\x82");
}

TEST(PrintableCut, KeepsTextThatFits) {
  EXPECT_EQ(printable("abcd", 4), "abcd");
  EXPECT_EQ(printable("", 0), "");
  // The limit counts bytes of the text: three bytes, shown as six.
  EXPECT_EQ(printable("a\nb", 3), "a\\x0Ab");
}

TEST(PrintableCut, MarkerComesOnTopOfTheLimit) {
  EXPECT_EQ(printable("abcdef", 4), "abcd...");
  EXPECT_EQ(printable("abcde", 4), "abcd...");
  EXPECT_EQ(printable("abcdef", 0), "...");
  EXPECT_EQ(printable("abcdef", 4, "~"), "abcd~");
  EXPECT_EQ(printable("abcdef", 4, ""), "abcd");
}

TEST(PrintableCut, NeverSplitsAUtf8Sequence) {
  // "caf\xc3\xa9!": the é takes bytes 3 and 4.
  EXPECT_EQ(printable("caf\xc3\xa9!", 3), "caf...");
  EXPECT_EQ(printable("caf\xc3\xa9!", 4), "caf...");
  EXPECT_EQ(printable("caf\xc3\xa9!", 5), "caf\xc3\xa9...");
  EXPECT_EQ(printable("caf\xc3\xa9!", 6), "caf\xc3\xa9!");
  EXPECT_EQ(printable("\xf0\x9f\x98\x80x", 3), "...");  // a 4-byte sequence
}

TEST(PrintableCut, NeverSplitsAnEscape) {
  EXPECT_EQ(printable("a\nb", 1), "a...");
  EXPECT_EQ(printable("a\nb", 2), "a\\x0A...");
  EXPECT_EQ(printable(std::string(10, '\n'), 2), "\\x0A\\x0A...");
  EXPECT_EQ(printable("\xff\xfe\xfd", 2), "\\xFF\\xFE...");
  EXPECT_EQ(printable("x\xc2\x85y", 3), "x\\xC2\\x85...");  // a C1 control, both bytes
}

TEST(PrintableCut, StepsBackOverContinuationBytes) {
  // Also where they continue nothing: the byte before them goes too.
  EXPECT_EQ(printable("ab\x80\x80\x80", 3), "a...");
  EXPECT_EQ(printable("ab\x80\x80\x80", 2), "a...");
  EXPECT_EQ(printable("ab\x80", 3), "ab\\x80");
}

TEST(Shorten, KeepsTextThatFits) {
  EXPECT_EQ(shorten("abcdef", 6), "abcdef");
  EXPECT_EQ(shorten("", 0), "");
}

TEST(Shorten, MarkerCountsTowardTheWidth) {
  EXPECT_EQ(shorten("abcdefg", 6), "abc...");
  EXPECT_EQ(shorten("abcdefg", 6, "~"), "abcde~");
  EXPECT_EQ(shorten("abcdefg", 6, ""), "abcdef");
}

TEST(Shorten, NeverSplitsAUtf8Sequence) {
  EXPECT_EQ(shorten("caf\xc3\xa9s", 5, "~"), "caf~");
  EXPECT_EQ(shorten("caf\xc3\xa9st", 6, "~"), "caf\xc3\xa9~");
  EXPECT_EQ(shorten("\xe2\x82\xac\xe2\x82\xac", 4, ""), "\xe2\x82\xac");
}

TEST(Shorten, TakesEscapesAsTheyAre) {
  EXPECT_EQ(shorten("a\\x0Ab", 6, "~"), "a\\x0Ab");
  EXPECT_EQ(shorten("a\\x0Ab", 5, "~"), "a\\x0~");         // four characters like any others
  EXPECT_EQ(shorten("line\nbreak", 8, "~"), "line\nbr~");  // nothing is escaped again
}

TEST(Shorten, AMarkerWiderThanTheColumnIsAllThereIs) {
  EXPECT_EQ(shorten("abcdef", 2), "...");
  EXPECT_EQ(shorten("abcdef", 0, "~"), "~");
}

// Plain text is recognised eight bytes at a time: a byte to escape in any word, or after the last.
TEST(Printable, FindsAByteToEscapeInEveryWord) {
  EXPECT_EQ(printable("abcdefgh\x01"), "abcdefgh\\x01");
  EXPECT_EQ(printable("abcdefg\x7f"), "abcdefg\\x7F");
  EXPECT_EQ(printable(std::string("abcdefghijklmno\0p", 17)), "abcdefghijklmno\\x00p");
  EXPECT_EQ(printable("abcdefghijklmnop~ "), "abcdefghijklmnop~ ");
  EXPECT_EQ(printable("\x1f"
                      "bcdefghijklmnopq"),
            "\\x1Fbcdefghijklmnopq");
}

}  // namespace
}  // namespace lwm2m
