// The server's requests to a client in the capture, and the live ones held against them in order
// (exchanges/server_request_sequence.h); the survey keeps them per client.
#include "exchanges/server_request_sequence.h"

#include <gtest/gtest.h>

#include "exchanges/survey.h"
#include "lwm2m/coap_option.h"
#include "lwm2m/content_format.h"
#include "traffic.h"

namespace lwm2m::replay {
namespace {

using namespace traffic;

const net::TransportAddress kBootstrap = *net::TransportAddress::parse("10.0.0.2:5783");

MessageData discover() {
  MessageData m = request(coap::kGet, "", 700, 7);
  m.add_uint(coap::kAccept, coap::kLinkFormat);
  return m;
}

// A Bootstrap-Request, then the bootstrap server's Discover, Delete /0 (sent twice: a
// retransmission), Write /0/1 and Bootstrap-Finish, each answered.
Survey bootstrap_survey() {
  Traffic t;
  t.add(kClient, kBootstrap, request(coap::kPost, "/bs", 1, 1, {"ep=urn:imei:490154203237518"}), 0);
  t.add(kBootstrap, kClient, ack(coap::code(2, 4), 1, 1), 1);
  t.add(kBootstrap, kClient, discover(), 2);
  t.add(kClient, kBootstrap, ack(coap::code(2, 5), 700, 7), 3);
  t.add(kBootstrap, kClient, request(coap::kDelete, "/0", 701, 8), 4);
  t.add(kBootstrap, kClient, request(coap::kDelete, "/0", 701, 8), 5);
  t.add(kClient, kBootstrap, ack(coap::code(2, 2), 701, 8), 6);
  t.add(kBootstrap, kClient, request(coap::kPut, "/0/1", 702, 9), 7);
  t.add(kClient, kBootstrap, ack(coap::code(2, 4), 702, 9), 8);
  t.add(kBootstrap, kClient, request(coap::kPost, "/bs", 703, 10), 9);
  t.add(kClient, kBootstrap, ack(coap::code(2, 4), 703, 10), 10);
  return survey_capture(t.feed());
}

std::vector<std::string> texts(const std::vector<CapturedServerRequest>& requests) {
  std::vector<std::string> out;
  for (const CapturedServerRequest& r : requests)
    out.push_back(r.key.text() + " @" + std::to_string(r.frame));
  return out;
}

TEST(ServerRequestSequence, TheSurveyKeepsEachClientsServerRequestsInOrderWithoutRetransmissions) {
  const Survey s = bootstrap_survey();
  ASSERT_EQ(s.clients.size(), 1u);
  EXPECT_EQ(texts(s.clients[0].captured_server_requests),
            (std::vector<std::string>{"Bootstrap-Discover / @3", "Bootstrap-Delete /0 @5",
                                      "Bootstrap-Write /0/1 @8", "Bootstrap-Finish @10"}));
}

TEST(ServerRequestSequence, NamesServerRequestsByOperation) {
  EXPECT_EQ(ServerRequestKey::of(request(coap::kGet, "/3/0/0", 1, 1)).text(), "Read /3/0/0");
  MessageData observe = request(coap::kGet, "/3/0/13", 1, 1);
  observe.add_uint(coap::kObserve, 0);
  EXPECT_EQ(ServerRequestKey::of(observe).text(), "Observe /3/0/13");
  // Named by core's classify_operation: to a client of unknown state only the bootstrap server
  // discovers the root.
  EXPECT_EQ(ServerRequestKey::of(discover()).text(), "Bootstrap-Discover /");
  EXPECT_EQ(ServerRequestKey::of(request(coap::kPost, "/3/0/4", 1, 1)).text(), "Execute /3/0/4");
  EXPECT_EQ(ServerRequestKey::of(request(coap::kPost, "/1/0", 1, 1)).text(),
            "Write /1/0");  // Partial Update
  EXPECT_EQ(ServerRequestKey::of(request(coap::kPost, "/1", 1, 1)).text(), "Create /1");
  EXPECT_EQ(
      ServerRequestKey::of(request(coap::kPut, "/0/1", 1, 1), ClientPhase::kBootstrapping).text(),
      "Bootstrap-Write /0/1");
  EXPECT_EQ(
      ServerRequestKey::of(request(coap::kPut, "/0/1", 1, 1), ClientPhase::kRegistered).text(),
      "Write /0/1");
  MessageData discover_object = request(coap::kGet, "/3/0", 1, 1);
  discover_object.add_uint(coap::kAccept, coap::kLinkFormat);
  EXPECT_EQ(ServerRequestKey::of(discover_object, ClientPhase::kRegistered).text(),
            "Discover /3/0");
  EXPECT_EQ(
      ServerRequestKey::of(request(coap::kPost, "/bs", 1, 1), ClientPhase::kBootstrapping).text(),
      "Bootstrap-Finish");
  EXPECT_EQ(ServerRequestKey::of(request(coap::kPatch, "/x", 1, 1)).text(), "PATCH /x");
  // A Read and a Discover of one path are different requests.
  EXPECT_FALSE(ServerRequestKey::of(request(coap::kGet, "/", 1, 1)) ==
               ServerRequestKey::of(discover()));
}

TEST(ServerRequestSequence, AllCameInOrder) {
  const Survey s = bootstrap_survey();
  ServerRequestSequence sequence(&s.clients[0].captured_server_requests);
  EXPECT_EQ(sequence.remaining(), 4u);
  ASSERT_NE(sequence.on_live(discover()), nullptr);
  ASSERT_NE(sequence.on_live(request(coap::kDelete, "/0", 5, 5)), nullptr);
  ASSERT_NE(sequence.on_live(request(coap::kPut, "/0/1", 6, 6)), nullptr);
  const CapturedServerRequest* finish = sequence.on_live(request(coap::kPost, "/bs", 7, 7));
  ASSERT_NE(finish, nullptr);
  EXPECT_EQ(finish->frame, 10u);
  EXPECT_EQ(sequence.remaining(), 0u);
  sequence.finish();
  EXPECT_TRUE(sequence.missing().empty());
}

TEST(ServerRequestSequence, ThoseThatNeverCameAndThoseNotCapturedAreKnown) {
  const Survey s = bootstrap_survey();
  ServerRequestSequence sequence(&s.clients[0].captured_server_requests);
  // Not in the capture: unexpected, and the captured ones are still to come.
  EXPECT_EQ(sequence.on_live(request(coap::kDelete, "/1", 5, 5)), nullptr);
  EXPECT_EQ(sequence.next()->frame, 3u);
  // The Write passes over the Discover and the Delete: they never came.
  ASSERT_NE(sequence.on_live(request(coap::kPut, "/0/1", 6, 6)), nullptr);
  EXPECT_EQ(sequence.next()->key.text(), "Bootstrap-Finish");
  sequence.finish();
  std::vector<std::string> missing;
  for (const CapturedServerRequest* r : sequence.missing()) missing.push_back(r->key.text());
  EXPECT_EQ(missing, (std::vector<std::string>{"Bootstrap-Discover /", "Bootstrap-Delete /0",
                                               "Bootstrap-Finish"}));
}

}  // namespace
}  // namespace lwm2m::replay
