#include "lwm2m/operation.h"

#include <gtest/gtest.h>

#include <string>
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

TEST(ClassifyRequest, AClientsPostToBsWithoutQueryIsABootstrapRequest) {
  EXPECT_EQ(classify_request(coap::kPost, {"bs"}, 0, false, Sender::kClient).operation,
            Operation::kBootstrapRequest);
  EXPECT_EQ(classify_request(coap::kPost, {"bs"}, 0, false, Sender::kServer).operation,
            Operation::kBootstrapFinish);
  EXPECT_EQ(classify_request(coap::kPost, {"bs"}, 0, false, Sender::kUnknown).operation,
            Operation::kBootstrapFinish);
}

TEST(SenderByPorts, AWellKnownServerPortOnOneSideOnly) {
  EXPECT_EQ(sender_by_ports(56830, 5783), Sender::kClient);
  EXPECT_EQ(sender_by_ports(49153, 5683), Sender::kClient);
  EXPECT_EQ(sender_by_ports(5684, 40000), Sender::kServer);
  EXPECT_EQ(sender_by_ports(5683, 5683), Sender::kUnknown);
  EXPECT_EQ(sender_by_ports(40000, 40001), Sender::kUnknown);
  EXPECT_TRUE(is_lwm2m_server_port(5784));
  EXPECT_FALSE(is_lwm2m_server_port(5685));
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

// The facts the tools ask of each operation, for every operation: a table, so that adding an
// operation without deciding each fact fails here.
TEST(OperationFacts, EveryOperationAnswersEveryQuestion) {
  struct Facts {
    Operation op;
    bool client, parameters, requires_name, registration, links, interface;
  };
  const Facts table[] = {
      {Operation::kRegister, true, true, true, false, true, true},
      {Operation::kUpdate, true, true, false, true, true, true},
      {Operation::kDeregister, true, false, false, true, false, true},
      {Operation::kBootstrapRequest, true, true, true, false, false, false},
      {Operation::kBootstrapFinish, false, false, false, false, false, false},
      {Operation::kNone, false, false, false, false, false, false},
  };
  for (const Facts& f : table) {
    SCOPED_TRACE(std::string(operation_name(f.op)));
    EXPECT_EQ(is_client_operation(f.op), f.client);
    EXPECT_EQ(has_parameters(f.op), f.parameters);
    EXPECT_EQ(requires_endpoint_name(f.op), f.requires_name);
    EXPECT_EQ(addresses_registration(f.op), f.registration);
    EXPECT_EQ(carries_object_links(f.op), f.links);
    EXPECT_EQ(is_registration_interface(f.op), f.interface);
  }
}

TEST(OperationFacts, OnlyARegistersCreatedMakesARegistration) {
  EXPECT_TRUE(creates_registration(Operation::kRegister, coap::kCreated));
  EXPECT_FALSE(creates_registration(Operation::kRegister, coap::kChanged));
  EXPECT_FALSE(creates_registration(Operation::kRegister, coap::kContinue));  // a Block1 block
  EXPECT_FALSE(creates_registration(Operation::kRegister, 0));                // a Reset's
  EXPECT_FALSE(creates_registration(Operation::kUpdate, coap::kCreated));
  EXPECT_FALSE(creates_registration(Operation::kBootstrapRequest, coap::kCreated));
}

TEST(OperationFacts, ARegistrationLocationEndsInRdAndAnId) {
  EXPECT_TRUE(looks_like_registration_location({"rd", "5a3f"}));
  EXPECT_TRUE(looks_like_registration_location({"lwm2m", "rd", "0"}));
  EXPECT_FALSE(looks_like_registration_location({"rd"}));
  EXPECT_FALSE(looks_like_registration_location({"rd", "5a3f", "x"}));
  EXPECT_FALSE(looks_like_registration_location({"reg", "5a3f"}));
  EXPECT_FALSE(looks_like_registration_location({}));
}

}  // namespace
}  // namespace lwm2m
