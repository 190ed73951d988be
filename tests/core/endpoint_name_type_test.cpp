#include "lwm2m/endpoint_name_type.h"

#include <gtest/gtest.h>

#include <string>

namespace lwm2m {
namespace {

TEST(ParseEpt, AcceptsEveryTypeFromOneTo255) {
  for (unsigned value = 1; value <= 255; ++value) {
    const EptParse parse = parse_ept(std::to_string(value));
    ASSERT_TRUE(parse.type.has_value()) << value;
    EXPECT_EQ(*parse.type, value);
    EXPECT_FALSE(parse.out_of_range.has_value());
    EXPECT_EQ(parse.problem, "");
  }
}

TEST(ParseEpt, LeadingZerosAreStillDecimal) {
  const EptParse parse = parse_ept("002");
  ASSERT_TRUE(parse.type.has_value());
  EXPECT_EQ(*parse.type, 2);
  EXPECT_EQ(parse.problem, "");
}

TEST(ParseEpt, EmptyIsAProblem) {
  const EptParse parse = parse_ept("");
  EXPECT_FALSE(parse.type.has_value());
  EXPECT_FALSE(parse.out_of_range.has_value());
  EXPECT_EQ(parse.problem, "ept is empty");
}

TEST(ParseEpt, RejectsAnythingButDecimalDigits) {
  for (const std::string text : {"abc", "2a", "+2", "-2", " 2", "2 ", "0x2", "1.0"}) {
    const EptParse parse = parse_ept(text);
    EXPECT_FALSE(parse.type.has_value()) << text;
    EXPECT_FALSE(parse.out_of_range.has_value()) << text;
    EXPECT_EQ(parse.problem, "'" + text + "' is not a decimal number");
  }
}

TEST(ParseEpt, QuotesNonPrintableBytesAsHex) {
  EXPECT_EQ(parse_ept(std::string("2\n", 2)).problem, "'2\\x0A' is not a decimal number");
  EXPECT_EQ(parse_ept(std::string("\xff", 1)).problem, "'\\xFF' is not a decimal number");
  EXPECT_EQ(parse_ept(std::string("1\0", 2)).problem, "'1\\x00' is not a decimal number");
}

TEST(ParseEpt, ZeroIsOutOfRange) {
  const EptParse parse = parse_ept("0");
  EXPECT_FALSE(parse.type.has_value());
  ASSERT_TRUE(parse.out_of_range.has_value());
  EXPECT_EQ(*parse.out_of_range, 0UL);
  EXPECT_EQ(parse.problem, "0 is outside 1-255");
}

TEST(ParseEpt, ZeroWithLeadingZerosIsOutOfRange) {
  const EptParse parse = parse_ept("000");
  EXPECT_EQ(parse.out_of_range, 0UL);
  EXPECT_EQ(parse.problem, "0 is outside 1-255");
}

TEST(ParseEpt, Above255IsOutOfRange) {
  const EptParse parse = parse_ept("256");
  EXPECT_FALSE(parse.type.has_value());
  ASSERT_TRUE(parse.out_of_range.has_value());
  EXPECT_EQ(*parse.out_of_range, 256UL);
  EXPECT_EQ(parse.problem, "256 is outside 1-255");
}

TEST(ParseEpt, HugeNumbersSaturateAndAreQuoted) {
  const EptParse parse = parse_ept("99999999999999999999");
  EXPECT_FALSE(parse.type.has_value());
  ASSERT_TRUE(parse.out_of_range.has_value());
  EXPECT_EQ(*parse.out_of_range, ~0UL);
  EXPECT_EQ(parse.problem, "'99999999999999999999' is outside 1-255");
}

TEST(ParseEpt, LargestUint64IsShownAsANumber) {
  const EptParse parse = parse_ept("18446744073709551615");
  EXPECT_EQ(parse.out_of_range, 18446744073709551615UL);
  EXPECT_EQ(parse.problem, "18446744073709551615 is outside 1-255");
  EXPECT_EQ(parse_ept("18446744073709551616").problem, "'18446744073709551616' is outside 1-255");
}

TEST(EptKind, MapsEachRange) {
  EXPECT_EQ(ept_kind(1), EptKind::kOuiPcSerialNumber);
  EXPECT_EQ(ept_kind(2), EptKind::kUrn);
  EXPECT_EQ(ept_kind(3), EptKind::kReservedOma);
  EXPECT_EQ(ept_kind(64), EptKind::kReservedOma);
  EXPECT_EQ(ept_kind(65), EptKind::kVendorSpecific);
  EXPECT_EQ(ept_kind(255), EptKind::kVendorSpecific);
}

TEST(EptKind, ZeroCountsAsReserved) {
  EXPECT_EQ(ept_kind(0), EptKind::kReservedOma);
}

TEST(EptKindName, NamesEachKind) {
  EXPECT_EQ(ept_kind_name(EptKind::kOuiPcSerialNumber), "OUI-PC-Serial Number");
  EXPECT_EQ(ept_kind_name(EptKind::kUrn), "URN");
  EXPECT_EQ(ept_kind_name(EptKind::kReservedOma), "Reserved (OMA)");
  EXPECT_EQ(ept_kind_name(EptKind::kVendorSpecific), "Vendor specific");
}

// Numbers of up to 19 digits are read without an overflow test, longer ones with it.
TEST(ParseEpt, NineteenDigitsAndMore) {
  EXPECT_EQ(parse_ept("9999999999999999999").problem, "9999999999999999999 is outside 1-255");
  EXPECT_EQ(parse_ept("00000000000000000002").type, uint8_t{2});
  EXPECT_EQ(parse_ept("0000000000000000000000255").type, uint8_t{255});
  EXPECT_EQ(parse_ept("1234567890123456789x").problem,
            "'1234567890123456789x' is not a decimal number");
  EXPECT_EQ(parse_ept("12345678901234567890123x").problem,
            "'12345678901234567890123x' is not a decimal number");
}

}  // namespace
}  // namespace lwm2m
