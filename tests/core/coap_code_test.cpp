#include "lwm2m/coap_code.h"

#include <gtest/gtest.h>

namespace lwm2m::coap {
namespace {

TEST(CodeConstants, ClassAndDetail) {
  EXPECT_EQ(kEmpty, 0x00);
  EXPECT_EQ(kGet, 0x01);
  EXPECT_EQ(kPost, 0x02);
  EXPECT_EQ(kPut, 0x03);
  EXPECT_EQ(kDelete, 0x04);
  EXPECT_EQ(kIpatch, 0x07);
  EXPECT_EQ(kCreated, 0x41);
  EXPECT_EQ(kChanged, 0x44);
  EXPECT_EQ(kContent, 0x45);
  EXPECT_EQ(kContinue, 0x5f);
  EXPECT_EQ(kBadRequest, 0x80);
  EXPECT_EQ(kNotFound, 0x84);
  EXPECT_EQ(kConflict, 0x89);
  EXPECT_EQ(kHopLimitReached, 0xa8);
  EXPECT_EQ(kCsm, 0xe1);
  EXPECT_EQ(kAbort, 0xe5);
}

TEST(CodeName, RegisteredNames) {
  EXPECT_EQ(code_name(kEmpty), "Empty");
  EXPECT_EQ(code_name(kGet), "GET");
  EXPECT_EQ(code_name(kPost), "POST");
  EXPECT_EQ(code_name(kIpatch), "iPATCH");
  EXPECT_EQ(code_name(kCreated), "Created");
  EXPECT_EQ(code_name(kContinue), "Continue");
  EXPECT_EQ(code_name(kRequestEntityIncomplete), "Request Entity Incomplete");
  EXPECT_EQ(code_name(kConflict), "Conflict");
  EXPECT_EQ(code_name(kUnsupportedContentFormat), "Unsupported Content-Format");
  EXPECT_EQ(code_name(kHopLimitReached), "Hop Limit Reached");
  EXPECT_EQ(code_name(kCsm), "CSM");
  EXPECT_EQ(code_name(kPong), "Pong");
}

TEST(CodeName, UnregisteredCodesHaveNone) {
  EXPECT_EQ(code_name(code(0, 8)), "");
  EXPECT_EQ(code_name(code(1, 0)), "");
  EXPECT_EQ(code_name(code(2, 9)), "");
  EXPECT_EQ(code_name(code(7, 0)), "");
  EXPECT_EQ(code_name(0xff), "");
}

TEST(DottedCode, ClassDotTwoDigitDetail) {
  EXPECT_EQ(dotted_code(kEmpty), "0.00");
  EXPECT_EQ(dotted_code(kPost), "0.02");
  EXPECT_EQ(dotted_code(kCreated), "2.01");
  EXPECT_EQ(dotted_code(kContinue), "2.31");
  EXPECT_EQ(dotted_code(kCsm), "7.01");
  EXPECT_EQ(dotted_code(0xff), "7.31");
}

TEST(CodeText, MethodsAndResponses) {
  EXPECT_EQ(code_text(kEmpty), "EMPTY");
  EXPECT_EQ(code_text(kGet), "GET");
  EXPECT_EQ(code_text(kPost), "POST");
  EXPECT_EQ(code_text(kPut), "PUT");
  EXPECT_EQ(code_text(kDelete), "DELETE");
  EXPECT_EQ(code_text(code(0, 5)), "FETCH");
  EXPECT_EQ(code_text(code(0, 6)), "PATCH");
  EXPECT_EQ(code_text(code(0, 7)), "iPATCH");
  EXPECT_EQ(code_text(code(0, 8)), "0.08");
  EXPECT_EQ(code_text(code(2, 1)), "2.01");
  EXPECT_EQ(code_text(code(2, 31)), "2.31");
  EXPECT_EQ(code_text(code(4, 9)), "4.09");
  EXPECT_EQ(code_text(code(5, 3)), "5.03");
  EXPECT_EQ(code_text(code(1, 0)), "1.00");
  EXPECT_EQ(code_text(0xff), "7.31");
}

TEST(CodeClasses, RequestsAndResponses) {
  EXPECT_TRUE(is_request(kPost));
  EXPECT_FALSE(is_request(0));
  EXPECT_FALSE(is_request(code(2, 1)));
  EXPECT_TRUE(is_response(code(2, 1)));
  EXPECT_TRUE(is_response(code(5, 3)));
  EXPECT_FALSE(is_response(kPost));
  EXPECT_FALSE(is_response(code(7, 1)));
}

}  // namespace
}  // namespace lwm2m::coap
