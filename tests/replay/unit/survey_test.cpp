// The two passes over a capture: survey_capture() and ExchangeStream, fed with datagrams made
// here so each case shows exactly the traffic it is about.
#include "exchanges/survey.h"

#include <gtest/gtest.h>

#include "exchanges/exchange_stream.h"
#include "traffic.h"

namespace lwm2m::replay {
namespace {

using coap::MessageData;
using namespace traffic;

TEST(Survey, FindsClientServerAndEndpoint) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/5a3f"), 1000);
  const Survey s = survey_capture(t.feed());
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].address, kClient);
  EXPECT_EQ(s.clients[0].server, kServer);
  EXPECT_EQ(s.clients[0].endpoint_name, "urn:imei:490154203237518");
  EXPECT_EQ(s.clients[0].endpoint_type, "2");
  EXPECT_EQ(s.clients[0].requests, 1u);
  EXPECT_EQ(s.clients[0].first_frame, 1u);
  ASSERT_EQ(s.servers.size(), 1u);
  EXPECT_EQ(s.servers[0].clients, 1u);
  EXPECT_EQ(s.coap_messages, 2u);
  EXPECT_EQ(s.unrelated_coap, 0u);
}

TEST(Survey, AnUpdateFromANewPortToTheClientsLocationIsTheSameClient) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/5a3f"), 1000);
  t.add(kRebound, kServer, request(coap::kPost, "/rd/5a3f", 2, 2), kSecond);
  t.add(kServer, kRebound, ack(coap::code(2, 4), 2, 2), kSecond);
  t.add(kOther, kServer, request(coap::kPost, "/rd/77", 3, 3), kSecond);
  const Survey s = survey_capture(t.feed());
  ASSERT_EQ(s.clients.size(), 2u);
  EXPECT_EQ(s.clients[0].addresses, (std::vector<net::TransportAddress>{kClient, kRebound}));
  EXPECT_EQ(s.clients[0].requests, 2u);
  // An Update to a location the capture never handed out: a client whose Register is missing.
  EXPECT_EQ(s.clients[1].address, kOther);
  EXPECT_EQ(s.clients[1].endpoint_name, "");
}

TEST(Survey, RetransmissionsAreCountedNotRepeated) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kClient, kServer, registration(1, 1), 2 * kSecond);
  t.add(kServer, kClient, created(1, 1, "rd/1"), 2 * kSecond + 5);
  const Survey s = survey_capture(t.feed());
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].requests, 1u);
  EXPECT_EQ(s.clients[0].retransmissions, 1u);
}

TEST(Survey, KeepsTheClientsAnswersToServerRequests) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/1"), 10);
  t.add(kServer, kClient, request(coap::kGet, "/3/0/0", 900, 9), 20);
  MessageData content = ack(coap::code(2, 5), 900, 9);
  content.add_uint(coap::kContentFormat, 0).body("lwm2m-ept");
  t.add(kClient, kServer, content, 30);
  const Survey s = survey_capture(t.feed());
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].server_requests, 1u);
  AnswerKey key;
  key.method = coap::kGet;
  key.path = "/3/0/0";
  const CapturedMessage* answer = s.clients[0].answers.find(key, 0);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->frame, 4u);
  EXPECT_EQ(answer->message.code, coap::code(2, 5));
  EXPECT_EQ(std::string(answer->message.payload.begin(), answer->message.payload.end()),
            "lwm2m-ept");
  key.observe = 0;  // an Observe of the same path is another question
  EXPECT_EQ(s.clients[0].answers.find(key, 0), nullptr);
}

TEST(Survey, DtlsClientsAreListedAsNotReplayable) {
  Traffic t;
  coap::Bytes hello = {22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 1, 0, 0, 36};
  t.add_bytes(kClient, *net::TransportAddress::parse("10.0.0.1:5684"), hello, 0);
  t.add_bytes(*net::TransportAddress::parse("10.0.0.1:5684"), kClient,
              {22, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3}, 10);
  const Survey s = survey_capture(t.feed());
  EXPECT_EQ(s.dtls_records, 2u);
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].encrypted_records, 2u);
  EXPECT_EQ(s.clients[0].not_replayable,
            "DTLS-encrypted: its requests cannot be read, so they cannot be replayed");
}

TEST(Survey, OtherPayloadsAreCounted) {
  Traffic t;
  t.add_bytes(kClient, kServer, {0x00, 0x01}, 0);  // CoAP version 0
  const Survey s = survey_capture(t.feed());
  EXPECT_EQ(s.not_coap, 1u);
  EXPECT_TRUE(s.clients.empty());
}

// ---- ExchangeStream ----

std::vector<bool> all(const Survey& s) {
  return std::vector<bool>(s.clients.size(), true);
}

// A location that does not look like one (not .../rd/x) is known only from the server's 2.01:
// both passes look it up for the Update and De-register sent to it, from the client's port and
// from a new one.
TEST(Survey, UpdatesToALocationOutsideRdAreTheClients) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "reg/abc"), 1000);
  t.add(kClient, kServer, request(coap::kPost, "/reg/abc", 2, 2), kSecond);
  t.add(kServer, kClient, ack(coap::code(2, 4), 2, 2), kSecond);
  t.add(kRebound, kServer, request(coap::kDelete, "/reg/abc", 3, 3), 2 * kSecond);
  t.add(kServer, kRebound, ack(coap::code(2, 2), 3, 3), 2 * kSecond);
  const Survey s = survey_capture(t.feed());
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].addresses, (std::vector<net::TransportAddress>{kClient, kRebound}));
  EXPECT_EQ(s.clients[0].requests, 3u);
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* update = stream.get(0, 1);
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->operation, Operation::kUpdate);
  const Exchange* deregister = stream.get(0, 2);
  ASSERT_NE(deregister, nullptr);
  EXPECT_EQ(deregister->operation, Operation::kDeregister);
}

TEST(ExchangeStream, PairsRequestsWithTheirResponses) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/5a3f"), 10);
  t.add(kClient, kServer, request(coap::kPost, "/rd/5a3f", 2, 2), kSecond);
  t.add(kServer, kClient, ack(coap::code(2, 4), 2, 2), kSecond + 10);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* first = stream.get(0, 0);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->operation, Operation::kRegister);
  EXPECT_EQ(first->request.frame, 1u);
  ASSERT_TRUE(first->response);
  EXPECT_EQ(first->response->frame, 2u);
  const Exchange* second = stream.get(0, 1);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->operation, Operation::kUpdate);
  EXPECT_EQ(second->response->message.code, coap::code(2, 4));
  EXPECT_EQ(stream.get(0, 2), nullptr);
  EXPECT_EQ(stream.buffered(), 2u);
  stream.release(0, 2);
  EXPECT_EQ(stream.buffered(), 0u);
  EXPECT_EQ(stream.get(0, 0), nullptr);  // released
}

TEST(ExchangeStream, SeparateResponsesRetransmissionsAndDuplicates) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kClient, kServer, registration(1, 1), 2 * kSecond);  // retransmission
  t.add(kServer, kClient, ack(0, 1, 0), 2 * kSecond + 1);    // empty ACK
  MessageData separate = created(500, 1, "rd/9");
  separate.type = coap::Type::kConfirmable;
  t.add(kServer, kClient, separate, 3 * kSecond);
  t.add(kServer, kClient, separate, 5 * kSecond);  // its retransmission
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* e = stream.get(0, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->separate_response);
  EXPECT_EQ(e->retransmissions, 1u);
  ASSERT_TRUE(e->response);
  EXPECT_EQ(e->response->frame, 4u);
  EXPECT_EQ(e->response->message.type, coap::Type::kConfirmable);
  EXPECT_EQ(stream.get(0, 1), nullptr);
  EXPECT_EQ(e->duplicate_responses, 1u);
}

// A Reset rejects the Register, whatever code and Location-Path it carries (broken-coap frame
// 60): neither pass takes its location for a registration. Before the shared matcher the stream
// did, and classified a later POST to it as an Update while the survey did not.
TEST(ExchangeStream, AResetCarryingACreatedHandsOutNoLocation) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  MessageData reset = created(1, 1, "reg/9");  // not shaped like rd/{id}: known only if handed out
  reset.type = coap::Type::kReset;
  t.add(kServer, kClient, reset, 10);
  t.add(kClient, kServer, request(coap::kPost, "/reg/9", 2, 2), kSecond);
  t.add(kServer, kClient, ack(coap::code(2, 4), 2, 2), kSecond + 10);
  t.add(kRebound, kServer, request(coap::kPost, "/reg/9", 3, 3), 2 * kSecond);
  const Survey s = survey_capture(t.feed());
  // The request from the new port does not join the client: /reg/9 is no registration.
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(s.clients[0].addresses, (std::vector<net::TransportAddress>{kClient}));
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* registered = stream.get(0, 0);
  ASSERT_NE(registered, nullptr);
  ASSERT_TRUE(registered->response);
  EXPECT_EQ(registered->response->message.type, coap::Type::kReset);
  const Exchange* post = stream.get(0, 1);
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->operation, Operation::kNone);
}

// Only a Register's 2.01 creates a registration: a 2.04 with a Location-Path does not, in the
// survey, the stream and the plugin alike (lwm2m::creates_registration).
TEST(ExchangeStream, OnlyACreatedHandsOutALocation) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  MessageData changed = created(1, 1, "reg/9");
  changed.code = coap::code(2, 4);
  t.add(kServer, kClient, changed, 10);
  t.add(kClient, kServer, request(coap::kPost, "/reg/9", 2, 2), kSecond);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* post = stream.get(0, 1);
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->operation, Operation::kNone);
}

TEST(ExchangeStream, AnUnansweredRequestEndsAfterExchangeLifetime) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  // 248 s later, another client's traffic moves the capture's clock on.
  t.add(kOther, kServer, registration(7, 7), 248 * kSecond);
  for (int i = 0; i < 1000; ++i)
    t.add(kOther, kServer, request(coap::kPost, "/x", static_cast<uint16_t>(100 + i), 8),
          249 * kSecond + i);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* e = stream.get(0, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->response);
  // It was complete before the rest of the capture was read: only what came up to the frame
  // that moved the clock on is buffered.
  EXPECT_EQ(stream.buffered(), 2u);
}

TEST(ExchangeStream, AnAnswerLaterThanExchangeLifetimeIsNotTheRequestsAnswer) {
  // The capture shows nothing else in between: no other request moves the matching tables on.
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/5a3f"), 248 * kSecond);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* e = stream.get(0, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->complete);
  EXPECT_FALSE(e->response);
  EXPECT_EQ(stream.get(0, 1), nullptr);
  EXPECT_EQ(stream.unmatched_responses(), 1u);
}

TEST(ExchangeStream, ListsInCaptureOrderAcrossClients) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kOther, kServer, registration(2, 2), 1);
  t.add(kServer, kOther, created(2, 2, "rd/2"), 2);
  t.add(kServer, kClient, created(1, 1, "rd/1"), 3);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, all(s));
  const Exchange* first = stream.next_in_capture_order();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->client, 0u);
  EXPECT_EQ(first->response->frame, 4u);
  const Exchange* second = stream.next_in_capture_order();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->client, 1u);
  EXPECT_EQ(stream.next_in_capture_order(), nullptr);
  EXPECT_EQ(stream.buffered(), 0u);
}

TEST(ExchangeStream, LeavesOutClientsNotWanted) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kOther, kServer, registration(2, 2), 1);
  const Survey s = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), s, {false, true});
  EXPECT_EQ(stream.get(0, 0), nullptr);
  ASSERT_NE(stream.get(1, 0), nullptr);
}

}  // namespace
}  // namespace lwm2m::replay
