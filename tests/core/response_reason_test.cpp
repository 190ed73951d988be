#include "lwm2m/response_reason.h"

#include <gtest/gtest.h>

#include "lwm2m/coap_message.h"

namespace lwm2m {
namespace {

using coap::code;

TEST(ResponseOutcome, SuccessContinueFailure) {
  EXPECT_EQ(response_outcome(code(2, 1)), "success");
  EXPECT_EQ(response_outcome(code(2, 4)), "success");
  EXPECT_EQ(response_outcome(code(2, 31)), "continue");
  EXPECT_EQ(response_outcome(code(4, 9)), "failure");
  EXPECT_EQ(response_outcome(code(5, 0)), "failure");
}

TEST(ResponseReason, TheSeedsTable20) {
  EXPECT_EQ(response_reason(Operation::kRegister, code(2, 1)),
            "Register operation is completed successfully");
  EXPECT_EQ(response_reason(Operation::kRegister, code(4, 9)),
            "The Endpoint Client Type and Endpoint Client Name result in a duplicate entry on the "
            "LWM2M Server");
  EXPECT_EQ(response_reason(Operation::kBootstrapRequest, code(2, 4)),
            "Request Bootstrap is completed successfully");
  EXPECT_EQ(response_reason(Operation::kBootstrapRequest, code(4, 0)),
            "Unknown Endpoint Client Name and Endpoint Client Type");
}

TEST(ResponseReason, UpdateAndDeregister) {
  EXPECT_EQ(response_reason(Operation::kUpdate, code(4, 4)),
            "URI of \"Update\" operation is not found");
  EXPECT_EQ(response_reason(Operation::kDeregister, code(2, 2)),
            "De-register operation is completed successfully");
}

TEST(ResponseReason, CodesTheTablesDoNotList) {
  EXPECT_EQ(response_reason(Operation::kRegister, code(2, 4)), "");
  EXPECT_EQ(response_reason(Operation::kBootstrapFinish, code(2, 4)), "");
  EXPECT_EQ(response_reason(Operation::kNone, code(2, 5)), "");
}

}  // namespace
}  // namespace lwm2m
