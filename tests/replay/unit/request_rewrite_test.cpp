#include "rewrite/request_rewrite.h"

#include <gtest/gtest.h>

namespace lwm2m::replay {
namespace {

using coap::MessageData;

MessageData register_request() {
  MessageData m;
  m.code = coap::kPost;
  m.token = {1, 2};
  m.message_id = 77;
  m.path("/rd").query({"ept=2", "ep=urn:imei:490154203237518", "lt=60"}).body("</1/0>");
  return m;
}

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

TEST(RewriteRequest, LeavesTokenAndMessageIdToTheTransport) {
  const RewrittenRequest r = rewrite_request(register_request(), Operation::kRegister, {}, nullptr);
  EXPECT_TRUE(r.request.token.empty());
  EXPECT_EQ(r.request.message_id, 0);
  EXPECT_TRUE(r.changes.empty());
  EXPECT_EQ(strings(r.request.values(coap::kUriQuery)),
            (std::vector<std::string>{"ept=2", "ep=urn:imei:490154203237518", "lt=60"}));
}

TEST(RewriteRequest, SetDropAndSuffix) {
  QueryRules rules;
  rules.set = {{"lt", "120"}, {"b", "UQ"}};
  rules.drop = {"ept"};
  rules.ep_suffix = "-replay-1";
  const RewrittenRequest r =
      rewrite_request(register_request(), Operation::kRegister, rules, nullptr);
  EXPECT_EQ(strings(r.request.values(coap::kUriQuery)),
            (std::vector<std::string>{"ep=urn:imei:490154203237518-replay-1", "lt=120", "b=UQ"}));
  EXPECT_EQ(r.changes, (std::vector<std::string>{
                           "dropped ept=2",
                           "ep=urn:imei:490154203237518 -> ep=urn:imei:490154203237518-replay-1",
                           "lt=60 -> lt=120", "added b=UQ"}));
  EXPECT_EQ(r.request.payload, register_request().payload);
}

TEST(RewriteRequest, SetDoesNotAddToUpdates) {
  MessageData update;
  update.code = coap::kPost;
  update.path("/rd/5a3f");
  QueryRules rules;
  rules.set = {{"lt", "120"}};
  const RewrittenRequest r = rewrite_request(update, Operation::kUpdate, rules, nullptr);
  EXPECT_TRUE(r.request.values(coap::kUriQuery).empty());
  EXPECT_TRUE(r.changes.empty());
}

TEST(RewriteRequest, RulesLeaveOtherOperationsAlone) {
  MessageData send;
  send.code = coap::kPost;
  send.path("/dp").query({"ept=2"});
  QueryRules rules;
  rules.drop = {"ept"};
  EXPECT_EQ(rewrite_request(send, Operation::kNone, rules, nullptr)
                .request.values(coap::kUriQuery)
                .size(),
            1u);
}

TEST(RewriteRequest, MapsMultiOptionLocations) {
  MessageData update;
  update.code = coap::kPost;
  update.path("/rd/5a3f");
  const RegistrationMapping mapping{{"rd", "5a3f"}, {"rd", "0"}};
  const RewrittenRequest r = rewrite_request(update, Operation::kUpdate, {}, &mapping);
  EXPECT_EQ(strings(r.request.values(coap::kUriPath)), (std::vector<std::string>{"rd", "0"}));
  EXPECT_EQ(r.changes, (std::vector<std::string>{"/rd/5a3f -> /rd/0"}));
}

// The new Uri-Path options take the old ones' place whether the live location has as many options
// as the captured one (replaced in place) or not (rebuilt), and a path below the location keeps
// its tail.
TEST(RewriteRequest, MappedOptionsStayInOrderWithTheirTail) {
  MessageData update;
  update.code = coap::kPost;
  update.path("/rd/5a3f/x").query({"lt=60"}).add_uint(coap::kContentFormat, 40);
  const auto numbers = [](const MessageData& m) {
    std::vector<uint16_t> out;
    for (const coap::OptionData& option : m.options) out.push_back(option.number);
    return out;
  };
  ASSERT_EQ(numbers(update), (std::vector<uint16_t>{coap::kUriPath, coap::kUriPath, coap::kUriPath,
                                                    coap::kUriQuery, coap::kContentFormat}));

  const RegistrationMapping same_count{{"rd", "5a3f"}, {"rd", "0"}};
  const RewrittenRequest in_place = rewrite_request(update, Operation::kUpdate, {}, &same_count);
  EXPECT_EQ(strings(in_place.request.values(coap::kUriPath)),
            (std::vector<std::string>{"rd", "0", "x"}));
  EXPECT_EQ(in_place.changes, (std::vector<std::string>{"/rd/5a3f/x -> /rd/0/x"}));
  EXPECT_EQ(strings(in_place.request.values(coap::kUriQuery)), (std::vector<std::string>{"lt=60"}));

  const RegistrationMapping one_option{{"rd", "5a3f"}, {"rd/9"}};
  const RewrittenRequest rebuilt = rewrite_request(update, Operation::kUpdate, {}, &one_option);
  EXPECT_EQ(strings(rebuilt.request.values(coap::kUriPath)),
            (std::vector<std::string>{"rd/9", "x"}));
  EXPECT_EQ(rebuilt.changes, (std::vector<std::string>{"/rd/5a3f/x -> /rd/9/x"}));
  EXPECT_EQ(numbers(rebuilt.request),
            (std::vector<uint16_t>{coap::kUriPath, coap::kUriPath, coap::kUriQuery,
                                   coap::kContentFormat}));
}

TEST(RewriteRequest, RewritesTheSameWithoutDescribingTheChanges) {
  MessageData update;
  update.code = coap::kPost;
  update.path("/rd/5a3f").query({"lt=60"});
  QueryRules rules;
  rules.set = {{"lt", "90"}};
  for (const RegistrationMapping& mapping : {RegistrationMapping{{"rd", "5a3f"}, {"rd", "0"}},
                                             RegistrationMapping{{"rd", "5a3f"}, {"rd/0"}}}) {
    const RewrittenRequest described =
        rewrite_request(update, Operation::kUpdate, rules, &mapping, true);
    const RewrittenRequest silent =
        rewrite_request(update, Operation::kUpdate, rules, &mapping, false);
    EXPECT_EQ(described.changes.size(), 2u);
    EXPECT_TRUE(silent.changes.empty());
    EXPECT_EQ(coap::encode_datagram(silent.request), coap::encode_datagram(described.request));
  }
}

TEST(RewriteRequest, KeepsTheOneOptionFormWhenTheClientEchoedIt) {
  // lwm2m-node-lib sends Location-Path "rd/1" as one option; a client echoing it as one Uri-Path
  // option gets the live one option back.
  MessageData update;
  update.code = coap::kPost;
  update.add(coap::kUriPath, "rd/1");
  const RegistrationMapping mapping{{"rd/1"}, {"rd/7"}};
  const RewrittenRequest r = rewrite_request(update, Operation::kUpdate, {}, &mapping);
  EXPECT_EQ(strings(r.request.values(coap::kUriPath)), (std::vector<std::string>{"rd/7"}));
}

TEST(RewriteRequest, MapsSegmentBySegmentAcrossForms) {
  // The server sent "rd/1" as one option; the client split it into two Uri-Path options.
  MessageData update;
  update.code = coap::kDelete;
  update.path("/rd/1");
  const RegistrationMapping mapping{{"rd/1"}, {"rd/12"}};
  const RewrittenRequest r = rewrite_request(update, Operation::kDeregister, {}, &mapping);
  EXPECT_EQ(strings(r.request.values(coap::kUriPath)), (std::vector<std::string>{"rd", "12"}));
  EXPECT_EQ(r.changes, (std::vector<std::string>{"/rd/1 -> /rd/12"}));
  // A path below the location keeps its tail.
  MessageData below;
  below.code = coap::kPost;
  below.path("/rd/1/extra");
  EXPECT_EQ(
      strings(
          rewrite_request(below, Operation::kNone, {}, &mapping).request.values(coap::kUriPath)),
      (std::vector<std::string>{"rd", "12", "extra"}));
}

TEST(RewriteRequest, OtherPathsAreNotMapped) {
  MessageData other;
  other.code = coap::kPost;
  other.path("/rd/10");
  const RegistrationMapping mapping{{"rd", "1"}, {"rd", "7"}};
  EXPECT_FALSE(mapping.addresses(other));
  EXPECT_EQ(
      strings(
          rewrite_request(other, Operation::kUpdate, {}, &mapping).request.values(coap::kUriPath)),
      (std::vector<std::string>{"rd", "10"}));
  MessageData same;
  same.path("/rd/1");
  EXPECT_TRUE(mapping.addresses(same));
}

}  // namespace
}  // namespace lwm2m::replay
