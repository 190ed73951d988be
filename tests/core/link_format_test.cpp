#include "lwm2m/link_format.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {
namespace {

using Problems = std::vector<std::string>;

TEST(ParseObjectLinks, TypicalRegisterPayload) {
  const std::string_view payload = R"(</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1,</3303>)";
  const LinkFormat links = parse_object_links(payload);
  EXPECT_EQ(links.problems, Problems{});
  EXPECT_EQ(links.root_path, "/");
  ASSERT_EQ(links.objects.size(), 3u);

  EXPECT_EQ(links.objects[0].target, "/1/0");
  EXPECT_EQ(links.objects[0].object, 1);
  EXPECT_EQ(links.objects[0].instance, 0);
  EXPECT_EQ(links.objects[0].version, std::nullopt);
  EXPECT_EQ(links.objects[0].offset, 28u);
  EXPECT_EQ(links.objects[0].length, 6u);

  EXPECT_EQ(links.objects[1].target, "/3/0");
  EXPECT_EQ(links.objects[1].object, 3);
  EXPECT_EQ(links.objects[1].instance, 0);
  EXPECT_EQ(links.objects[1].version, "1.1");
  EXPECT_EQ(links.objects[1].offset, 35u);
  EXPECT_EQ(links.objects[1].length, 14u);  // "</3/0>;ver=1.1"

  EXPECT_EQ(links.objects[2].target, "/3303");
  EXPECT_EQ(links.objects[2].object, 3303);
  EXPECT_EQ(links.objects[2].instance, std::nullopt);
  EXPECT_EQ(links.objects[2].offset, 50u);
  EXPECT_EQ(links.objects[2].length, 7u);
  EXPECT_EQ(payload.substr(links.objects[2].offset, links.objects[2].length), "</3303>");
}

// Parsing into a kept LinkFormat replaces all it held: the root path, the objects, the problems.
TEST(ParseObjectLinks, IntoABufferReplacesWhatItHeld) {
  LinkFormat links;
  parse_object_links(R"(</lwm2m>;rt="oma.lwm2m",</lwm2m/1/0>,</lwm2m/3/0>,<x>)", links);
  EXPECT_EQ(links.root_path, "/lwm2m");
  ASSERT_EQ(links.objects.size(), 2u);
  ASSERT_EQ(links.problems.size(), 1u);
  parse_object_links("</3303/1>", links);
  EXPECT_EQ(links.root_path, "/");
  EXPECT_EQ(links.problems, Problems{});
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].target, "/3303/1");
  EXPECT_EQ(links.objects[0].object, 3303);
  EXPECT_EQ(links.objects[0].instance, 1);
  EXPECT_EQ(links.objects[0].offset, 0u);
  EXPECT_EQ(links.objects[0].length, 9u);
  parse_object_links("", links);
  EXPECT_EQ(links.root_path, "/");
  EXPECT_TRUE(links.objects.empty());
}

TEST(ParseObjectLinks, ViewsPointIntoThePayload) {
  const std::string_view payload = "</3/0>;ver=\"1.2\"";
  const LinkFormat links = parse_object_links(payload);
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].target.data(), payload.data() + 1);
  EXPECT_EQ(links.objects[0].version, "1.2");  // unquoted
  EXPECT_EQ(links.objects[0].version->data(), payload.data() + 12);
  EXPECT_EQ(links.objects[0].length, payload.size());
}

TEST(ParseObjectLinks, EmptyPayload) {
  const LinkFormat links = parse_object_links("");
  EXPECT_EQ(links.root_path, "/");
  EXPECT_TRUE(links.objects.empty());
  EXPECT_TRUE(links.problems.empty());
  EXPECT_TRUE(parse_object_links(" \r\n").objects.empty());
  EXPECT_TRUE(parse_object_links(" \r\n").problems.empty());
}

TEST(ParseObjectLinks, AlternateRootPath) {
  const LinkFormat links =
      parse_object_links(R"(</lwm2m>;rt="oma.lwm2m",</lwm2m/1/0>,</lwm2m/3/0>)");
  EXPECT_EQ(links.problems, Problems{});
  EXPECT_EQ(links.root_path, "/lwm2m");
  ASSERT_EQ(links.objects.size(), 2u);
  EXPECT_EQ(links.objects[0].target, "/lwm2m/1/0");
  EXPECT_EQ(links.objects[0].object, 1);
  EXPECT_EQ(links.objects[0].instance, 0);
  EXPECT_EQ(links.objects[1].object, 3);
}

TEST(ParseObjectLinks, AlternateRootWithTrailingSlashAndUnquotedRt) {
  const LinkFormat links = parse_object_links("</lwm2m/>;rt=oma.lwm2m,</lwm2m/5>");
  EXPECT_EQ(links.problems, Problems{});
  EXPECT_EQ(links.root_path, "/lwm2m/");
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 5);
}

TEST(ParseObjectLinks, ResourceTypeListContainingLwm2m) {
  const LinkFormat links = parse_object_links(R"(</a>;rt="core.rd oma.lwm2m",</a/3>)");
  EXPECT_EQ(links.root_path, "/a");
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 3);
}

TEST(ParseObjectLinks, OtherResourceTypeIsNotTheRoot) {
  const LinkFormat links = parse_object_links(R"(</x>;rt="oma.lwm2mx",</3>)");
  EXPECT_EQ(links.root_path, "/");
  EXPECT_EQ(links.problems, Problems{"link 1: '/x' is not an object or object instance"});
  ASSERT_EQ(links.objects.size(), 1u);
}

TEST(ParseObjectLinks, ObjectsMustBeUnderTheRootPath) {
  const LinkFormat links =
      parse_object_links(R"(</lwm2m>;rt="oma.lwm2m",</1/0>,</lwm2mx/3>,</lwm2m/4>)");
  EXPECT_EQ(links.problems, (Problems{"link 2: '/1/0' is not under the root path '/lwm2m'",
                                      "link 3: '/lwm2mx/3' is not under the root path '/lwm2m'"}));
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 4);
}

TEST(ParseObjectLinks, LinkToTheRootWithoutRtIsNotAProblem) {
  const LinkFormat links = parse_object_links("</>;ct=11543,</1/0>");
  EXPECT_EQ(links.problems, Problems{});
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 1);
}

TEST(ParseObjectLinks, QuotedStringsMayHoldCommasAndSemicolons) {
  const LinkFormat links = parse_object_links(R"(</3/0>;title="a,b;c",</4>;x="q\",r",</5>)");
  EXPECT_EQ(links.problems, Problems{});
  ASSERT_EQ(links.objects.size(), 3u);
  EXPECT_EQ(links.objects[0].length, 20u);
  EXPECT_EQ(links.objects[1].object, 4);
  EXPECT_EQ(links.objects[2].object, 5);
}

TEST(ParseObjectLinks, UnterminatedQuotedString) {
  const LinkFormat links = parse_object_links(R"(</3/0>;title="abc,</4>)");
  EXPECT_EQ(links.problems, Problems{"link 1: unterminated quoted string"});
  EXPECT_TRUE(links.objects.empty());
  EXPECT_EQ(parse_object_links(R"(</1>,</3>;t="a\)").problems,
            Problems{"link 2: unterminated quoted string"});
}

TEST(ParseObjectLinks, ParametersWithoutValues) {
  const LinkFormat links = parse_object_links("</3/0>;obs;ver=2.0,</4>");
  EXPECT_EQ(links.problems, Problems{});
  ASSERT_EQ(links.objects.size(), 2u);
  EXPECT_EQ(links.objects[0].version, "2.0");
}

TEST(ParseObjectLinks, IdsOutOfRange) {
  const LinkFormat links = parse_object_links("</1>,</2>,</70000>,</3/65536>,</65535/65535>");
  EXPECT_EQ(links.problems, (Problems{"link 3: object id 70000 is out of range 0-65535",
                                      "link 4: object instance id 65536 is out of range 0-65535"}));
  ASSERT_EQ(links.objects.size(), 3u);
  EXPECT_EQ(links.objects[2].object, 65535);
  EXPECT_EQ(links.objects[2].instance, 65535);
  EXPECT_EQ(parse_object_links("</99999999999999999999999>").problems,
            Problems{"link 1: object id 99999999999999999999999 is out of range 0-65535"});
}

TEST(ParseObjectLinks, TargetsThatAreNotObjects) {
  const LinkFormat links = parse_object_links("</1>,</2>,</3>,</3/0/1>,</abc>,</3/>,<3>,<>");
  EXPECT_EQ(links.problems, (Problems{"link 4: '/3/0/1' is not an object or object instance",
                                      "link 5: '/abc' is not an object or object instance",
                                      "link 6: '/3/' is not an object or object instance",
                                      "link 7: '3' is not an object or object instance",
                                      "link 8: '' is not an object or object instance"}));
  EXPECT_EQ(links.objects.size(), 3u);
}

TEST(ParseObjectLinks, GarbageBetweenLinks) {
  const LinkFormat links = parse_object_links("</1>,garbage,</3>");
  EXPECT_EQ(links.problems, Problems{"link 2: '<' expected"});
  ASSERT_EQ(links.objects.size(), 2u);
  EXPECT_EQ(links.objects[0].object, 1);
  EXPECT_EQ(links.objects[1].object, 3);
  EXPECT_EQ(links.objects[1].offset, 13u);
}

TEST(ParseObjectLinks, GarbageOnly) {
  const LinkFormat links = parse_object_links("hello world");
  EXPECT_EQ(links.problems, Problems{"link 1: '<' expected"});
  EXPECT_TRUE(links.objects.empty());
  EXPECT_EQ(parse_object_links(std::string_view("\x00\xff", 2)).problems,
            Problems{"link 1: '<' expected"});
}

TEST(ParseObjectLinks, TextAfterALink) {
  const LinkFormat links = parse_object_links("</1>x,</2>");
  EXPECT_EQ(links.problems, Problems{"link 1: ',' expected, found 'x'"});
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 2);
}

TEST(ParseObjectLinks, SkippingABadLinkHonoursQuotedStrings) {
  const LinkFormat links = parse_object_links(R"(</1>x;t="a\",b",</2>)");
  EXPECT_EQ(links.problems, Problems{"link 1: ',' expected, found 'x'"});
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 2);
}

TEST(ParseObjectLinks, MissingClosingAngleBracket) {
  const LinkFormat links = parse_object_links("</1>,</3");
  EXPECT_EQ(links.problems, Problems{"link 2: no '>' after the target"});
  ASSERT_EQ(links.objects.size(), 1u);
}

TEST(ParseObjectLinks, EmptyParameterName) {
  const LinkFormat links = parse_object_links("</1>;;ct=1,</2>;=5,</3>");
  EXPECT_EQ(links.problems,
            (Problems{"link 1: empty parameter name", "link 2: empty parameter name"}));
  ASSERT_EQ(links.objects.size(), 1u);
  EXPECT_EQ(links.objects[0].object, 3);
}

TEST(ParseObjectLinks, ToleratesWhitespaceBetweenLinks) {
  const std::string_view payload = " </1/0> ,\r\n  </3/0>;ver=1.0\n";
  const LinkFormat links = parse_object_links(payload);
  EXPECT_EQ(links.problems, Problems{});
  ASSERT_EQ(links.objects.size(), 2u);
  EXPECT_EQ(links.objects[0].offset, 1u);
  EXPECT_EQ(links.objects[0].length, 6u);
  EXPECT_EQ(links.objects[1].offset, 13u);
  EXPECT_EQ(links.objects[1].length, 14u);
  EXPECT_EQ(links.objects[1].version, "1.0");
}

TEST(ParseObjectLinks, TrailingCommaIsTolerated) {
  const LinkFormat links = parse_object_links("</1>,");
  EXPECT_EQ(links.problems, Problems{});
  EXPECT_EQ(links.objects.size(), 1u);
}

// The root path is trimmed when a root link sets it: objects before and after it each take the
// root of their moment.
TEST(ParseObjectLinks, ARootLinkLaterInThePayloadMovesTheRoot) {
  const LinkFormat links = parse_object_links("</1/0>,</a//>;rt=\"oma.lwm2m\",</a/3/0>,</3/0>");
  EXPECT_EQ(links.root_path, "/a//");
  ASSERT_EQ(links.objects.size(), 2u);
  EXPECT_EQ(links.objects[0].object, 1);
  EXPECT_EQ(links.objects[0].instance, 0);
  EXPECT_EQ(links.objects[1].object, 3);
  EXPECT_EQ(links.objects[1].instance, 0);
  EXPECT_EQ(links.problems,
            std::vector<std::string>{"link 4: '/3/0' is not under the root path '/a//'"});
}

}  // namespace
}  // namespace lwm2m
