#include "lwm2m/printable.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lwm2m
