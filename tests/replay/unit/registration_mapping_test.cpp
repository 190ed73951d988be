// RegistrationMapping: what a replayed Register teaches about its registration's two locations,
// and which later requests it lets through, rewrites or refuses.
#include "rewrite/registration_mapping.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lwm2m::replay {
namespace {

using coap::MessageData;

MessageData created(std::string_view location) {
  MessageData response;
  response.type = coap::Type::kAcknowledgement;
  response.code = coap::code(2, 1);
  response.location(location);
  return response;
}

MessageData update_to(std::string_view path) {
  MessageData update;
  update.code = coap::kPost;
  update.path(path);
  return update;
}

std::vector<std::string> uri_path_options(const MessageData& message) {
  const auto values = message.values(coap::kUriPath);
  return {values.begin(), values.end()};
}

TEST(RegistrationMapping, LearnsBothLocationsFromTheReplayedRegister) {
  RegistrationMapping mapping;
  MessageData update = update_to("/rd/5a3f");
  EXPECT_FALSE(mapping.addresses(update));  // nothing learned yet
  mapping.learn(created("rd/5a3f"), created("rd/1"));
  EXPECT_EQ(mapping.captured(), (std::vector<std::string>{"rd", "5a3f"}));
  EXPECT_EQ(mapping.live(), (std::vector<std::string>{"rd", "1"}));
  EXPECT_TRUE(mapping.addresses(update));
  EXPECT_EQ(mapping.refusal(update), std::nullopt);
  std::vector<std::string> changes;
  mapping.apply(update, &changes);
  EXPECT_EQ(uri_path_options(update), (std::vector<std::string>{"rd", "1"}));
  EXPECT_EQ(changes, (std::vector<std::string>{"/rd/5a3f -> /rd/1"}));
}

TEST(RegistrationMapping, RefusesRequestsToARegistrationTheLiveServerDidNotCreate) {
  RegistrationMapping mapping;
  MessageData refused;
  refused.type = coap::Type::kAcknowledgement;
  refused.code = coap::code(4, 0);
  mapping.learn(created("rd/5a3f"), refused);
  const MessageData update = update_to("/rd/5a3f");
  EXPECT_EQ(mapping.refusal(update),
            "its registration /rd/5a3f has no live counterpart: the live Register got 4.00 Bad "
            "Request");
  EXPECT_EQ(mapping.refusal(update_to("/rd/other")), std::nullopt);
  mapping.learn(created("rd/5a3f"), std::nullopt);
  EXPECT_EQ(mapping.refusal(update),
            "its registration /rd/5a3f has no live counterpart: the live Register got no response");
  MessageData reset;
  reset.type = coap::Type::kReset;
  mapping.learn(created("rd/5a3f"), reset);
  EXPECT_EQ(mapping.refusal(update),
            "its registration /rd/5a3f has no live counterpart: the live Register got RST");
}

TEST(RegistrationMapping, ACapturedRegisterThatFailedMapsNothing) {
  RegistrationMapping mapping;
  MessageData captured_refusal;
  captured_refusal.type = coap::Type::kAcknowledgement;
  captured_refusal.code = coap::code(4, 9);
  mapping.learn(captured_refusal, created("rd/1"));
  MessageData update = update_to("/rd/5a3f");
  EXPECT_FALSE(mapping.addresses(update));
  EXPECT_EQ(mapping.refusal(update), std::nullopt);
  mapping.apply(update, nullptr);
  EXPECT_EQ(uri_path_options(update), (std::vector<std::string>{"rd", "5a3f"}));
}

TEST(RegistrationMapping, ALaterRegisterReplacesWhatAnEarlierOneTaught) {
  RegistrationMapping mapping;
  mapping.learn(created("rd/a"), created("rd/1"));
  mapping.learn(created("rd/b"), created("rd/2"));
  MessageData old_update = update_to("/rd/a");
  EXPECT_FALSE(mapping.addresses(old_update));
  MessageData update = update_to("/rd/b");
  mapping.apply(update, nullptr);
  EXPECT_EQ(uri_path_options(update), (std::vector<std::string>{"rd", "2"}));
}

// A server that puts the whole location in one option with a leading slash: the capture's and
// the request's paths are compared by segments, and reports write the location once, "/rd/1".
TEST(RegistrationMapping, ALeadingSlashInALocationOptionIsOnePathSpelling) {
  RegistrationMapping mapping;
  MessageData refused;
  refused.code = coap::code(5, 0);
  MessageData captured;
  captured.code = coap::code(2, 1);
  captured.add(coap::kLocationPath, "/rd/1");
  mapping.learn(captured, refused);
  const MessageData update = update_to("/rd/1");
  EXPECT_TRUE(mapping.addresses(update));
  EXPECT_EQ(mapping.refusal(update),
            "its registration /rd/1 has no live counterpart: the live Register got 5.00 Internal "
            "Server Error");
}

}  // namespace
}  // namespace lwm2m::replay
