#include "lwm2m/name_pattern.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace lwm2m {
namespace {

// Whether `pattern` compiles and, if so, what it says of `name`.
std::optional<bool> match(std::string_view pattern, std::string_view name) {
  const std::optional<NamePattern> compiled = NamePattern::compile(pattern);
  if (!compiled) return std::nullopt;
  return compiled->matches(name);
}

TEST(NamePattern, LiteralsAndCounts) {
  EXPECT_EQ(match("ACME-[0-9]{4}", "ACME-0001"), true);
  EXPECT_EQ(match("ACME-[0-9]{4}", "ACME-001"), false);
  EXPECT_EQ(match("ACME-[0-9]{4}", "ACME-00012"), false);
  EXPECT_EQ(match("ACME-[0-9]{4}", "acme-0001"), false);  // case-sensitive
  EXPECT_EQ(match("a*b+c?", "bb"), true);
  EXPECT_EQ(match("a*b+c?", "aac"), false);
  EXPECT_EQ(match("x{2,}", "x"), false);
  EXPECT_EQ(match("x{2,}", "xxxxxxxx"), true);
  EXPECT_EQ(match("x{1,3}y", "xxxy"), true);
  EXPECT_EQ(match("x{1,3}y", "xxxxy"), false);
  EXPECT_EQ(match("x{0}y", "y"), true);
}

// Only whether the whole name matches counts: a greedy item gives back what a later one needs.
TEST(NamePattern, ItemsShareTheNameWithoutBacktracking) {
  EXPECT_EQ(match(".*-.*-[0-9]+", "a-b-c-12"), true);
  EXPECT_EQ(match("[a-z]*[a-z]{3}", "ab"), false);
  EXPECT_EQ(match("[a-z]*[a-z]{3}", "abc"), true);
}

TEST(NamePattern, AnchorsAtTheEndsAreTheWholeName) {
  EXPECT_EQ(match("^SN[0-9]+$", "SN12"), true);
  EXPECT_EQ(match("^SN[0-9]+$", "xSN12"), false);
  EXPECT_EQ(match("^$", ""), true);
  EXPECT_EQ(match("a$b", "ab"), std::nullopt);  // an anchor inside: std::regex's
  EXPECT_EQ(match("a^", "a"), std::nullopt);
}

TEST(NamePattern, DotStopsAtLineTerminatorsOnly) {
  EXPECT_EQ(match("a.c", "abc"), true);
  EXPECT_EQ(match("a.c",
                  "a\xC3"
                  "c"),
            true);
  EXPECT_EQ(match("a.c", "a\nc"), false);
  EXPECT_EQ(match("a.c", "a\rc"), false);
}

TEST(NamePattern, ClassEscapes) {
  EXPECT_EQ(match("\\d\\w\\s", "7_ "), true);
  EXPECT_EQ(match("\\d\\w\\s", "7- "), false);
  EXPECT_EQ(match("\\D\\W\\S", "a-x"), true);
  EXPECT_EQ(match("\\D", "5"), false);
  EXPECT_EQ(match("\\s", "\t"), true);
  EXPECT_EQ(match("\\w", "\xC3"), false);  // bytes above ASCII are no word characters
  EXPECT_EQ(match("\\.\\-\\\\\\$", ".-\\$"), true);
}

TEST(NamePattern, BracketExpressions) {
  EXPECT_EQ(match("[A-F0-9]+", "00A0C9"), true);
  EXPECT_EQ(match("[A-F0-9]+", "00a0c9"), false);
  EXPECT_EQ(match("[^a-z]+", "AB-9\xC3\xA9"), true);
  EXPECT_EQ(match("[^a-z]", "q"), false);
  EXPECT_EQ(match("[-a]+", "-a-"), true);
  EXPECT_EQ(match("[a-]+", "-a-"), true);
  EXPECT_EQ(match("[a-c-]+", "c-b"), true);
  EXPECT_EQ(match("[\\d_]+", "1_2"), true);
  EXPECT_EQ(match("[\\]\\[]+", "[]"), true);
  EXPECT_EQ(match("[.*+?(){}|$]+", "$.(*)"), true);
  EXPECT_EQ(match("[a^]+", "^a"), true);
}

// What the matcher leaves to std::regex: nullopt from compile().
TEST(NamePattern, RefusesWhatIsMoreThanASequence) {
  for (const char* pattern : {"(ACME)-[0-9]{4}", "(?:ab)", "a|b", "a\\b",    "\\bA",     "a+?",
                              "a{2}?",           "a**",    "\\1", "\\x41",   "\\n",      "\\u0041",
                              "[[:alpha:]]",     "[]",     "[^]", "[a-c-e]", "[\\d-z]",  "[--a]",
                              "a{,3}",           "a{3,2}", "a]",  "a}",      "\xC3\xA9", "a\tb",
                              "[\\b]",           "*a"}) {
    EXPECT_EQ(NamePattern::compile(pattern), std::nullopt) << pattern;
  }
}

TEST(NamePattern, NamesLongerThanTheRulesAllowAreNotJudged) {
  const std::optional<NamePattern> any = NamePattern::compile(".*");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->matches(std::string(63, 'a')), true);
  EXPECT_EQ(any->matches(std::string(64, 'a')), std::nullopt);
}

}  // namespace
}  // namespace lwm2m
