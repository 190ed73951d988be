#include "lwm2m/response_code.h"

#include <gtest/gtest.h>

namespace lwm2m::coap {
namespace {

TEST(ResponseCode, NamesTheCodesLwM2MUses) {
  EXPECT_EQ(response_code_text(code(2, 1)), "2.01 Created");
  EXPECT_EQ(response_code_text(code(2, 2)), "2.02 Deleted");
  EXPECT_EQ(response_code_text(code(2, 4)), "2.04 Changed");
  EXPECT_EQ(response_code_text(code(2, 31)), "2.31 Continue");
  EXPECT_EQ(response_code_text(code(4, 0)), "4.00 Bad Request");
  EXPECT_EQ(response_code_text(code(4, 9)), "4.09 Conflict");
  EXPECT_EQ(response_code_text(code(5, 3)), "5.03 Service Unavailable");
}

TEST(ResponseCode, UnregisteredCodesHaveNoName) {
  EXPECT_EQ(response_code_name(code(2, 9)), "");
  EXPECT_EQ(response_code_text(code(2, 9)), "2.09");
  EXPECT_EQ(response_code_text(code(4, 30)), "4.30");
}

TEST(ResponseCode, OtherCodesHaveNoResponseName) {
  EXPECT_EQ(response_code_name(kEmpty), "");
  EXPECT_EQ(response_code_name(kPost), "");
  EXPECT_EQ(response_code_name(kCsm), "");
  EXPECT_EQ(response_code_text(kPost), "POST");
  EXPECT_EQ(response_code_text(kCsm), "7.01");
}

}  // namespace
}  // namespace lwm2m::coap
