#include "lwm2m/attributes.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace lwm2m {
namespace {

TEST(Attributes, ParsesTheNotificationAttributes) {
  const std::vector<Attribute> a =
      parse_attributes({"pmin=10", "pmax=60", "gt=25.5", "lt=-3", "st=0.5", "epmin=1", "epmax=3"});
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[0].key, AttributeKey::kPmin);
  EXPECT_EQ(a[0].number, 10.0);
  EXPECT_EQ(a[1].key, AttributeKey::kPmax);
  EXPECT_EQ(a[1].number, 60.0);
  EXPECT_EQ(a[2].key, AttributeKey::kGt);
  EXPECT_EQ(a[2].number, 25.5);
  EXPECT_EQ(a[3].key, AttributeKey::kLt);
  EXPECT_EQ(a[3].number, -3.0);
  EXPECT_EQ(a[4].key, AttributeKey::kSt);
  EXPECT_EQ(a[4].number, 0.5);
  EXPECT_EQ(a[5].key, AttributeKey::kEpmin);
  EXPECT_EQ(a[6].key, AttributeKey::kEpmax);
  EXPECT_EQ(a[6].number, 3.0);
  for (const Attribute& attribute : a) EXPECT_EQ(attribute.problem, "");
  EXPECT_EQ(attribute_key_name(AttributeKey::kEpmax), "epmax");
  EXPECT_EQ(attribute_key_name(AttributeKey::kUnknown), "");
}

TEST(Attributes, AnAttributeWithoutAValueRemovesIt) {
  const std::vector<Attribute> a = parse_attributes({"pmin", "gt"});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].key, AttributeKey::kPmin);
  EXPECT_FALSE(a[0].value);
  EXPECT_FALSE(a[0].number);
  EXPECT_EQ(a[0].problem, "");
}

TEST(Attributes, SaysWhatIsWrongWithAValue) {
  const std::vector<Attribute> a = parse_attributes(
      {"pmin=1.5", "pmax=", "gt=abc", "st=-1", "epmax=99999999999", "lt=+-2", "gt=+4"});
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[0].problem, "pmin '1.5' is not a whole number of seconds");
  EXPECT_EQ(a[1].problem, "pmax has an empty value");
  EXPECT_EQ(a[2].problem, "gt 'abc' is not a number");
  EXPECT_EQ(a[3].problem, "st '-1' is negative");
  EXPECT_EQ(a[4].problem, "epmax '99999999999' is out of range");
  EXPECT_EQ(a[5].problem, "lt '+-2' is not a number");
  EXPECT_EQ(a[6].problem, "");
  EXPECT_EQ(a[6].number, 4.0);
  for (const Attribute& attribute : {a[0], a[1], a[2], a[3], a[4], a[5]})
    EXPECT_FALSE(attribute.number);
}

TEST(Attributes, UnknownNamesAreKeptAsSent) {
  const std::vector<Attribute> a = parse_attributes({"con=1", "PMIN=3", "=x"});
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].key, AttributeKey::kUnknown);
  EXPECT_EQ(a[0].name, "con");
  EXPECT_EQ(a[0].value, "1");
  EXPECT_EQ(a[1].key, AttributeKey::kUnknown);  // names are case-sensitive
  EXPECT_EQ(a[2].name, "");
  EXPECT_EQ(a[2].problem, "");
}

}  // namespace
}  // namespace lwm2m
