#include "live/verification.h"

#include "capture/captured_message.h"

#include <gtest/gtest.h>

namespace lwm2m::replay {
namespace {

using coap::MessageData;

MessageData response(uint8_t code, const char* location = nullptr) {
  MessageData m;
  m.type = coap::Type::kAcknowledgement;
  m.code = code;
  if (location) m.location(location);
  return m;
}

const CompareSettings kDefault{};

TEST(CompareResponses, SameCodeMatches) {
  const Comparison c = compare_responses(response(coap::code(2, 4)), response(coap::code(2, 4)),
                                         Operation::kUpdate, kDefault);
  EXPECT_TRUE(c.matched);
  EXPECT_TRUE(c.differences.empty());
}

TEST(CompareResponses, DifferentCodeIsNamed) {
  const Comparison c = compare_responses(response(coap::code(2, 1)), response(coap::code(4, 0)),
                                         Operation::kRegister, kDefault);
  EXPECT_FALSE(c.matched);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_EQ(c.differences[0], "code: captured 2.01 Created, live 4.00 Bad Request");
}

TEST(CompareResponses, RegisterLocationsMatchUpToTheLastSegment) {
  EXPECT_TRUE(compare_responses(response(coap::code(2, 1), "rd/5a3f"),
                                response(coap::code(2, 1), "rd/1"), Operation::kRegister, kDefault)
                  .matched);
  // One option holding a slash ("rd/1", lwm2m-node-lib) against two options.
  MessageData one_option = response(coap::code(2, 1));
  one_option.add(coap::kLocationPath, "rd/1");
  EXPECT_TRUE(compare_responses(response(coap::code(2, 1), "rd/5a3f"), one_option,
                                Operation::kRegister, kDefault)
                  .matched);
  const Comparison other_stem =
      compare_responses(response(coap::code(2, 1), "rd/5a3f"), response(coap::code(2, 1), "reg/1"),
                        Operation::kRegister, kDefault);
  ASSERT_EQ(other_stem.differences.size(), 1u);
  EXPECT_EQ(other_stem.differences[0], "Location-Path: captured /rd/5a3f, live /reg/1");
  const Comparison missing =
      compare_responses(response(coap::code(2, 1), "rd/5a3f"), response(coap::code(2, 1)),
                        Operation::kRegister, kDefault);
  ASSERT_EQ(missing.differences.size(), 1u);
  EXPECT_EQ(missing.differences[0], "Location-Path: captured /rd/5a3f, live none");
}

TEST(CompareResponses, OtherLocationsMustBeEqual) {
  EXPECT_FALSE(compare_responses(response(coap::code(2, 1), "a/1"),
                                 response(coap::code(2, 1), "a/2"), Operation::kNone, kDefault)
                   .matched);
}

TEST(CompareResponses, ContentFormatAndPayload) {
  MessageData captured = response(coap::code(2, 5));
  captured.add_uint(coap::kContentFormat, 11542).body("abc");
  MessageData live = response(coap::code(2, 5));
  live.add_uint(coap::kContentFormat, 11542).body("abd");
  EXPECT_TRUE(compare_responses(captured, live, Operation::kNone, kDefault).matched);
  const Comparison payload =
      compare_responses(captured, live, Operation::kNone, CompareSettings{true});
  ASSERT_EQ(payload.differences.size(), 1u);
  EXPECT_EQ(payload.differences[0], "payload: captured 3 bytes, live 3 bytes, not the same");
  live.remove(coap::kContentFormat);
  const Comparison format = compare_responses(captured, live, Operation::kNone, kDefault);
  ASSERT_EQ(format.differences.size(), 1u);
  EXPECT_EQ(format.differences[0], "Content-Format: captured 11542, live none");
}

TEST(CompareResponses, MissingResponses) {
  EXPECT_TRUE(compare_responses(std::nullopt, std::nullopt, Operation::kNone, kDefault).matched);
  const Comparison extra =
      compare_responses(std::nullopt, response(coap::code(2, 4)), Operation::kUpdate, kDefault);
  ASSERT_EQ(extra.differences.size(), 1u);
  EXPECT_EQ(extra.differences[0], "no response in the capture, live 2.04 Changed");
  const Comparison none =
      compare_responses(response(coap::code(2, 4)), std::nullopt, Operation::kUpdate, kDefault);
  ASSERT_EQ(none.differences.size(), 1u);
  EXPECT_EQ(none.differences[0], "2.04 Changed in the capture, no live response");
}

TEST(CompareResponses, ResetAgainstResponse) {
  MessageData reset;
  reset.type = coap::Type::kReset;
  EXPECT_TRUE(compare_responses(reset, reset, Operation::kNone, kDefault).matched);
  const Comparison c =
      compare_responses(reset, response(coap::code(2, 4)), Operation::kNone, kDefault);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_EQ(c.differences[0], "code: captured RST, live 2.04 Changed");
  EXPECT_EQ(describe_response(response(coap::code(2, 1), "rd/7")), "2.01 Created /rd/7");
}

}  // namespace
}  // namespace lwm2m::replay
