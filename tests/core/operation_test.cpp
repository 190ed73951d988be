#include "lwm2m/operation.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "lwm2m/coap_message.h"
#include "lwm2m/coap_path.h"

namespace lwm2m {
namespace {

using Segments = std::vector<std::string_view>;

TEST(OperationName, NamesEveryOperation) {
  EXPECT_EQ(operation_name(Operation::kNone), "");
  EXPECT_EQ(operation_name(Operation::kRegister), "Register");
  EXPECT_EQ(operation_name(Operation::kUpdate), "Update");
  EXPECT_EQ(operation_name(Operation::kDeregister), "De-register");
  EXPECT_EQ(operation_name(Operation::kBootstrapRequest), "Bootstrap-Request");
  EXPECT_EQ(operation_name(Operation::kBootstrapFinish), "Bootstrap-Finish");
}

TEST(ClassifyRequest, RegisterIsPostToRd) {
  const Classification result = classify_request(coap::kPost, {"rd"}, 2);
  EXPECT_EQ(result.operation, Operation::kRegister);
  EXPECT_EQ(result.location, "");
  EXPECT_EQ(classify_request(coap::kPost, {"lwm2m", "rd"}, 1).operation, Operation::kRegister);
}

TEST(ClassifyRequest, OtherMethodsToRdAreNotRegister) {
  EXPECT_EQ(classify_request(coap::kGet, {"rd"}, 1).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPut, {"rd"}, 1).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kDelete, {"rd"}, 0).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPost, {"rdx"}, 1).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPost, {"rd", "x", "y"}, 1).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPost, {}, 1).operation, Operation::kNone);
}

TEST(ClassifyRequest, BootstrapRequestIsPostToBsWithAQuery) {
  EXPECT_EQ(classify_request(coap::kPost, {"bs"}, 2).operation, Operation::kBootstrapRequest);
  EXPECT_EQ(classify_request(coap::kPost, {"lwm2m", "bs"}, 1).operation,
            Operation::kBootstrapRequest);
  EXPECT_EQ(classify_request(coap::kGet, {"bs"}, 1).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPut, {"bs"}, 1).operation, Operation::kNone);
}

TEST(ClassifyRequest, BootstrapFinishIsPostToBsWithoutQuery) {
  const Classification result = classify_request(coap::kPost, {"bs"}, 0);
  EXPECT_EQ(result.operation, Operation::kBootstrapFinish);
  EXPECT_EQ(result.location, "");
  EXPECT_EQ(classify_request(coap::kPost, {"lwm2m", "bs"}, 0).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kDelete, {"bs"}, 0).operation, Operation::kNone);
}

TEST(ClassifyRequest, UpdateIsPostOrPutToALocation) {
  Classification result = classify_request(coap::kPost, {"rd", "5a3f"}, 0);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/rd/5a3f");
  result = classify_request(coap::kPut, {"rd", "5a3f"}, 2);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/rd/5a3f");
  result = classify_request(coap::kPost, {"lwm2m", "rd", "7"}, 1);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/lwm2m/rd/7");
}

TEST(ClassifyRequest, LocationInOneOption) {
  const Classification result = classify_request(coap::kPost, path_segments({"rd/1"}), 0);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/rd/1");
}

TEST(ClassifyRequest, UpdateNeedsRdBeforeTheLastSegment) {
  EXPECT_EQ(classify_request(coap::kPost, {"reg", "5a3f"}, 0).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPut, {"rd", "5a3f", "x"}, 0).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kGet, {"rd", "5a3f"}, 0).operation, Operation::kNone);
}

TEST(ClassifyRequest, DeregisterIsDeleteToALocation) {
  const Classification result = classify_request(coap::kDelete, {"rd", "5a3f"}, 0);
  EXPECT_EQ(result.operation, Operation::kDeregister);
  EXPECT_EQ(result.location, "/rd/5a3f");
  EXPECT_EQ(classify_request(coap::kDelete, {"rd"}, 0).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kDelete, {"reg", "1"}, 0).operation, Operation::kNone);
}

TEST(ClassifyRequest, KnownLocationMakesUpdateAndDeregister) {
  Classification result = classify_request(coap::kPost, {"reg", "17"}, 0, true);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/reg/17");
  result = classify_request(coap::kPut, {"17"}, 1, true);
  EXPECT_EQ(result.operation, Operation::kUpdate);
  EXPECT_EQ(result.location, "/17");
  result = classify_request(coap::kDelete, {"reg", "17"}, 0, true);
  EXPECT_EQ(result.operation, Operation::kDeregister);
  EXPECT_EQ(result.location, "/reg/17");
  EXPECT_EQ(classify_request(coap::kGet, {"reg", "17"}, 0, true).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPost, {"reg", "17"}, 0, false).operation, Operation::kNone);
}

}  // namespace
}  // namespace lwm2m
