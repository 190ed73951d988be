#include "lwm2m/operation.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/coap_message.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"

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
  EXPECT_EQ(operation_name(Operation::kRead), "Read");
  EXPECT_EQ(operation_name(Operation::kReadComposite), "Read-Composite");
  EXPECT_EQ(operation_name(Operation::kDiscover), "Discover");
  EXPECT_EQ(operation_name(Operation::kWriteReplace), "Write");
  EXPECT_EQ(operation_name(Operation::kWritePartialUpdate), "Write");
  EXPECT_EQ(operation_name(Operation::kWriteComposite), "Write-Composite");
  EXPECT_EQ(operation_name(Operation::kWriteAttributes), "Write-Attributes");
  EXPECT_EQ(operation_name(Operation::kExecute), "Execute");
  EXPECT_EQ(operation_name(Operation::kCreate), "Create");
  EXPECT_EQ(operation_name(Operation::kDelete), "Delete");
  EXPECT_EQ(operation_name(Operation::kObserve), "Observe");
  EXPECT_EQ(operation_name(Operation::kObserveComposite), "Observe-Composite");
  EXPECT_EQ(operation_name(Operation::kCancelObservation), "Cancel Observation");
  EXPECT_EQ(operation_name(Operation::kCancelObservationComposite), "Cancel Observation-Composite");
  EXPECT_EQ(operation_name(Operation::kNotify), "Notify");
  EXPECT_EQ(operation_name(Operation::kSend), "Send");
  EXPECT_EQ(operation_name(Operation::kBootstrapRead), "Bootstrap-Read");
  EXPECT_EQ(operation_name(Operation::kBootstrapDiscover), "Bootstrap-Discover");
  EXPECT_EQ(operation_name(Operation::kBootstrapWrite), "Bootstrap-Write");
  EXPECT_EQ(operation_name(Operation::kBootstrapDelete), "Bootstrap-Delete");
  EXPECT_EQ(operation_name(Operation::kBootstrapPackRequest), "Bootstrap-Pack-Request");
  EXPECT_EQ(operation_title(Operation::kWriteReplace), "Write (Replace)");
  EXPECT_EQ(operation_title(Operation::kWritePartialUpdate), "Write (Partial Update)");
  EXPECT_EQ(operation_title(Operation::kRead), "Read");
  // Every operation has a name and an interface; the codes are lwm2m.operation.code's.
  for (int i = 1; i <= static_cast<int>(kLastOperation); ++i) {
    EXPECT_NE(operation_name(static_cast<Operation>(i)), "") << i;
    EXPECT_NE(interface_of(static_cast<Operation>(i)), Interface::kNone) << i;
  }
  EXPECT_EQ(static_cast<int>(Operation::kBootstrapFinish), 5);
  EXPECT_EQ(static_cast<int>(Operation::kRead), 6);
  EXPECT_EQ(static_cast<int>(kLastOperation), 26);
}

TEST(OperationName, InterfacesByTheTs) {
  EXPECT_EQ(interface_of(Operation::kUpdate), Interface::kRegistration);
  EXPECT_EQ(interface_of(Operation::kBootstrapFinish), Interface::kBootstrap);
  EXPECT_EQ(interface_of(Operation::kBootstrapPackRequest), Interface::kBootstrap);
  EXPECT_EQ(interface_of(Operation::kExecute), Interface::kDeviceManagement);
  EXPECT_EQ(interface_of(Operation::kSend), Interface::kInformationReporting);
  EXPECT_EQ(interface_of(Operation::kNotify), Interface::kInformationReporting);
  EXPECT_EQ(interface_of(Operation::kNone), Interface::kNone);
  EXPECT_EQ(interface_name(Interface::kDeviceManagement), "Device Management");
  EXPECT_EQ(interface_name(Interface::kRegistration), "Client Registration");
  EXPECT_EQ(interface_name(Interface::kNone), "");
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

// A known location changes classify_request's answer only for these; the replay's passes build
// the path's text for nothing else.
TEST(OperationFacts, AKnownLocationDecidesOnlyAnUpdateOrDeregisterOffRd) {
  EXPECT_TRUE(may_address_registration(coap::kPost));
  EXPECT_TRUE(may_address_registration(coap::kPut));
  EXPECT_TRUE(may_address_registration(coap::kDelete));
  EXPECT_FALSE(may_address_registration(coap::kGet));
  EXPECT_TRUE(location_decides(coap::kPost, {"reg", "abc"}));
  EXPECT_TRUE(location_decides(coap::kDelete, {"reg", "abc"}));
  EXPECT_FALSE(location_decides(coap::kPut, {"rd", "5a3f"}));
  EXPECT_FALSE(location_decides(coap::kGet, {"reg", "abc"}));
  // Where it decides, it does: the same request with and without the location known.
  EXPECT_EQ(classify_request(coap::kDelete, {"reg", "abc"}, 0, true).operation,
            Operation::kDeregister);
  EXPECT_EQ(classify_request(coap::kDelete, {"reg", "abc"}, 0, false).operation, Operation::kNone);
  // Where it does not, it does not.
  EXPECT_EQ(classify_request(coap::kGet, {"reg", "abc"}, 0, true).operation, Operation::kNone);
  EXPECT_EQ(classify_request(coap::kPut, {"rd", "5a3f"}, 0, false).operation, Operation::kUpdate);
}

// classify_operation: every interface's requests, by method, path, options and direction.

Operation op(uint8_t method, const Segments& segments, RequestShape shape = {}) {
  return classify_operation(method, segments, shape).operation;
}

RequestShape queries(std::size_t count) {
  RequestShape shape;
  shape.query_count = count;
  return shape;
}

RequestShape with_accept(uint32_t accept, ClientPhase client = ClientPhase::kRegistered) {
  RequestShape shape;
  shape.accept = accept;
  shape.sender = Sender::kServer;
  shape.client = client;
  return shape;
}

RequestShape with_observe(uint32_t observe) {
  RequestShape shape;
  shape.observe = observe;
  shape.sender = Sender::kServer;
  shape.client = ClientPhase::kRegistered;
  return shape;
}

RequestShape from_server(ClientPhase client = ClientPhase::kRegistered, bool payload = false,
                         std::size_t queries = 0) {
  RequestShape shape;
  shape.sender = Sender::kServer;
  shape.client = client;
  shape.has_payload = payload;
  shape.query_count = queries;
  return shape;
}

TEST(ClassifyOperation, RegistrationAndBootstrapRequestsAsBefore) {
  EXPECT_EQ(op(coap::kPost, {"rd"}, queries(2)), Operation::kRegister);
  EXPECT_EQ(op(coap::kPost, {"rd", "5a3f"}), Operation::kUpdate);
  EXPECT_EQ(op(coap::kDelete, {"rd", "5a3f"}), Operation::kDeregister);
  EXPECT_EQ(op(coap::kPost, {"bs"}, queries(1)), Operation::kBootstrapRequest);
  EXPECT_EQ(op(coap::kPost, {"bs"}, from_server(ClientPhase::kBootstrapping)),
            Operation::kBootstrapFinish);
  const Classification update = classify_operation(coap::kPut, {"rd", "7"}, {});
  EXPECT_EQ(update.operation, Operation::kUpdate);
  EXPECT_EQ(update.location, "/rd/7");
}

TEST(ClassifyOperation, GetIsReadDiscoverObserveOrCancel) {
  EXPECT_EQ(op(coap::kGet, {"3", "0", "0"}, from_server()), Operation::kRead);
  EXPECT_EQ(op(coap::kGet, {"3", "0"}, with_accept(coap::kSenmlJson)), Operation::kRead);
  // A GET asking for link-format is a Discover, not a Read.
  EXPECT_EQ(op(coap::kGet, {"3", "0"}, with_accept(coap::kLinkFormat)), Operation::kDiscover);
  EXPECT_EQ(op(coap::kGet, {"3"}, with_accept(coap::kLinkFormat)), Operation::kDiscover);
  EXPECT_EQ(op(coap::kGet, {"3", "0", "1"}, with_accept(coap::kLinkFormat)), Operation::kDiscover);
  EXPECT_EQ(op(coap::kGet, {"3", "0", "1", "0"}, with_accept(coap::kLinkFormat)), Operation::kNone);
  // Observe=0 registers an observation, Observe=1 cancels it; other values are no operation.
  EXPECT_EQ(op(coap::kGet, {"3", "0", "13"}, with_observe(0)), Operation::kObserve);
  EXPECT_EQ(op(coap::kGet, {"3", "0", "13"}, with_observe(1)), Operation::kCancelObservation);
  EXPECT_EQ(op(coap::kGet, {"3", "0", "13"}, with_observe(2)), Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {"3"}, with_observe(0)), Operation::kObserve);
  EXPECT_EQ(op(coap::kGet, {}, with_observe(0)), Operation::kNone);
  // A Read needs at least an Object.
  EXPECT_EQ(op(coap::kGet, {}, from_server()), Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {".well-known", "core"}, from_server()), Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {"3", "0", "0", "0", "0"}, from_server()), Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {"3", "65536"}, from_server()), Operation::kNone);
}

TEST(ClassifyOperation, FetchAndIpatchAreComposite) {
  EXPECT_EQ(op(coap::kFetch, {}, from_server()), Operation::kReadComposite);
  EXPECT_EQ(op(coap::kFetch, {}, with_observe(0)), Operation::kObserveComposite);
  EXPECT_EQ(op(coap::kFetch, {}, with_observe(1)), Operation::kCancelObservationComposite);
  EXPECT_EQ(op(coap::kFetch, {}, with_observe(7)), Operation::kNone);
  EXPECT_EQ(op(coap::kIpatch, {}, from_server(ClientPhase::kRegistered, true)),
            Operation::kWriteComposite);
  EXPECT_EQ(op(coap::kPatch, {"3", "0"}, from_server()), Operation::kNone);
}

TEST(ClassifyOperation, PutIsWriteOrWriteAttributes) {
  EXPECT_EQ(op(coap::kPut, {"3", "0", "14"}, from_server(ClientPhase::kRegistered, true)),
            Operation::kWriteReplace);
  EXPECT_EQ(op(coap::kPut, {"3", "0"}, from_server(ClientPhase::kRegistered, true)),
            Operation::kWriteReplace);
  // A query and no payload: Write-Attributes, on any level but the root.
  EXPECT_EQ(op(coap::kPut, {"3", "0", "13"}, from_server(ClientPhase::kRegistered, false, 2)),
            Operation::kWriteAttributes);
  EXPECT_EQ(op(coap::kPut, {"3"}, from_server(ClientPhase::kRegistered, false, 1)),
            Operation::kWriteAttributes);
  EXPECT_EQ(op(coap::kPut, {}, from_server(ClientPhase::kRegistered, false, 1)), Operation::kNone);
  // A payload makes it a Write, query or not; a Write needs an Object Instance.
  EXPECT_EQ(op(coap::kPut, {"3", "0", "13"}, from_server(ClientPhase::kRegistered, true, 1)),
            Operation::kWriteReplace);
  EXPECT_EQ(op(coap::kPut, {"3"}, from_server(ClientPhase::kRegistered, true)), Operation::kNone);
}

TEST(ClassifyOperation, PostIsCreateWriteOrExecuteByDepth) {
  const RequestShape shape = from_server(ClientPhase::kRegistered, true);
  EXPECT_EQ(op(coap::kPost, {"1"}, shape), Operation::kCreate);
  EXPECT_EQ(op(coap::kPost, {"1", "0"}, shape), Operation::kWritePartialUpdate);
  EXPECT_EQ(op(coap::kPost, {"1", "0", "8"}, from_server()), Operation::kExecute);
  EXPECT_EQ(op(coap::kPost, {"1", "0", "8", "0"}, shape), Operation::kNone);
  EXPECT_EQ(op(coap::kPost, {}, shape), Operation::kNone);
}

TEST(ClassifyOperation, DeleteOfAnInstanceIsDelete) {
  EXPECT_EQ(op(coap::kDelete, {"3303", "1"}, from_server()), Operation::kDelete);
  EXPECT_EQ(op(coap::kDelete, {"3303", "1", "5700", "0"}, from_server()), Operation::kDelete);
  EXPECT_EQ(op(coap::kDelete, {"3303"}, from_server()), Operation::kNone);
  // To a client the capture does not know, only the bootstrap server deletes an Object.
  EXPECT_EQ(op(coap::kDelete, {"3303"}, from_server(ClientPhase::kUnknown)),
            Operation::kBootstrapDelete);
  EXPECT_EQ(op(coap::kDelete, {}, from_server(ClientPhase::kUnknown)), Operation::kBootstrapDelete);
  EXPECT_EQ(op(coap::kGet, {}, with_accept(coap::kLinkFormat, ClientPhase::kUnknown)),
            Operation::kBootstrapDiscover);
  EXPECT_EQ(op(coap::kGet, {}, with_accept(coap::kLinkFormat, ClientPhase::kRegistered)),
            Operation::kNone);
}

TEST(ClassifyOperation, ABootstrappingClientGetsBootstrapNames) {
  const ClientPhase bootstrapping = ClientPhase::kBootstrapping;
  EXPECT_EQ(op(coap::kGet, {}, with_accept(coap::kLinkFormat, bootstrapping)),
            Operation::kBootstrapDiscover);
  EXPECT_EQ(op(coap::kGet, {"1"}, with_accept(coap::kLinkFormat, bootstrapping)),
            Operation::kBootstrapDiscover);
  EXPECT_EQ(op(coap::kGet, {"1", "0"}, with_accept(coap::kLinkFormat, bootstrapping)),
            Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {"1", "0"}, from_server(bootstrapping)), Operation::kBootstrapRead);
  EXPECT_EQ(op(coap::kGet, {"1"}, from_server(bootstrapping)), Operation::kBootstrapRead);
  EXPECT_EQ(op(coap::kGet, {"1", "0", "1"}, from_server(bootstrapping)), Operation::kNone);
  EXPECT_EQ(op(coap::kPut, {"0", "1"}, from_server(bootstrapping, true)),
            Operation::kBootstrapWrite);
  EXPECT_EQ(op(coap::kPut, {"0"}, from_server(bootstrapping, true)), Operation::kBootstrapWrite);
  EXPECT_EQ(op(coap::kDelete, {"0"}, from_server(bootstrapping)), Operation::kBootstrapDelete);
  EXPECT_EQ(op(coap::kDelete, {}, from_server(bootstrapping)), Operation::kBootstrapDelete);
  EXPECT_EQ(op(coap::kDelete, {"0", "1", "2"}, from_server(bootstrapping)), Operation::kNone);
  EXPECT_EQ(op(coap::kPost, {"bs"}, from_server(bootstrapping)), Operation::kBootstrapFinish);
  // The same requests to a registered client are Device Management.
  EXPECT_EQ(op(coap::kPut, {"0", "1"}, from_server(ClientPhase::kRegistered, true)),
            Operation::kWriteReplace);
  EXPECT_EQ(op(coap::kGet, {"1", "0"}, from_server(ClientPhase::kRegistered)), Operation::kRead);
}

TEST(ClassifyOperation, ClientsSendAndAskForABootstrapPack) {
  RequestShape client;
  client.sender = Sender::kClient;
  client.has_payload = true;
  EXPECT_EQ(op(coap::kPost, {"dp"}, client), Operation::kSend);
  EXPECT_EQ(op(coap::kPost, {"dp"}), Operation::kSend);
  EXPECT_EQ(op(coap::kPost, {"dp"}, from_server()), Operation::kNone);
  EXPECT_EQ(op(coap::kGet, {"bspack"}, client), Operation::kBootstrapPackRequest);
  EXPECT_EQ(op(coap::kGet, {"bspack"}, from_server()), Operation::kNone);
  EXPECT_EQ(op(coap::kPost, {"dp", "1"}, client), Operation::kNone);
  // A client sends no Device Management requests.
  EXPECT_EQ(op(coap::kGet, {"3", "0"}, client), Operation::kNone);
  EXPECT_EQ(op(coap::kPost, {"1", "0", "8"}, client), Operation::kNone);
}

TEST(ClassifyAnswer, ANotifyIsALaterResponseToAnObserve) {
  // The first response answers the Observe; later ones with an Observe option are Notifies.
  EXPECT_EQ(classify_answer(Operation::kObserve, false, true, coap::kContent), Operation::kObserve);
  EXPECT_EQ(classify_answer(Operation::kObserve, true, true, coap::kContent), Operation::kNotify);
  EXPECT_EQ(classify_answer(Operation::kObserveComposite, true, true, coap::kContent),
            Operation::kNotify);
  // An error ends the observation: a Notify without an Observe option (RFC 7641 §3.2).
  EXPECT_EQ(classify_answer(Operation::kObserve, true, false, coap::kNotFound), Operation::kNotify);
  EXPECT_EQ(classify_answer(Operation::kObserve, true, false, coap::kContent), Operation::kNone);
  // A later response to anything else is no operation.
  EXPECT_EQ(classify_answer(Operation::kRead, true, true, coap::kContent), Operation::kNone);
  EXPECT_EQ(classify_answer(Operation::kRead, false, false, coap::kContent), Operation::kRead);
  EXPECT_EQ(classify_answer(Operation::kCancelObservation, true, true, coap::kContent),
            Operation::kNone);
}

TEST(ClassifyAnswer, AResetToANotifyCancelsTheObservation) {
  EXPECT_EQ(classify_reset(Operation::kNotify), Operation::kCancelObservation);
  EXPECT_EQ(classify_reset(Operation::kRead), Operation::kNone);
  EXPECT_EQ(classify_reset(Operation::kNone), Operation::kNone);
}

TEST(OperationFacts, OnlyTheFollowedRequestsAreRegistrationOrBootstrapRequests) {
  for (int i = 0; i <= static_cast<int>(kLastOperation); ++i) {
    const auto operation = static_cast<Operation>(i);
    const bool followed = i >= 1 && i <= 5;
    EXPECT_EQ(is_registration_or_bootstrap_request(operation), followed) << i;
    EXPECT_EQ(starts_observation(operation),
              operation == Operation::kObserve || operation == Operation::kObserveComposite)
        << i;
    // None of the new operations changes what the tools ask of the old ones.
    if (!followed) {
      EXPECT_FALSE(is_client_operation(operation)) << i;
      EXPECT_FALSE(has_parameters(operation)) << i;
      EXPECT_FALSE(addresses_registration(operation)) << i;
      EXPECT_FALSE(creates_registration(operation, coap::kCreated)) << i;
    }
  }
}

}  // namespace
}  // namespace lwm2m
