// The Replayer driven by a scripted transport instead of a network one: what it sends, in what
// order, and how much of the capture it holds while clients go at different paces.
#include "live/replayer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "live/transport.h"
#include "traffic.h"

namespace lwm2m::replay {
namespace {

using namespace traffic;

// A server that answers as bench/lwm2m_responder does: Register 2.01 with Location-Path
// rd/<session>, other POSTs 2.04, DELETE 2.02, each piggybacked. Answers to the sessions in
// `slow` come out only on every `slow_every`-th poll, the others on the next poll.
class ScriptedServer : public Transport {
 public:
  std::set<SessionId> slow;
  int slow_every = 10;
  // Set after this many polls, when given: the replay's Ctrl-C.
  std::atomic<bool>* interrupt = nullptr;
  uint64_t interrupt_after_polls = 0;
  // Requests the server sends to session 0 on the first poll, and the answers they got.
  std::vector<coap::MessageData> server_requests;
  std::vector<std::optional<coap::MessageData>> answers;

  void set_receiver(TransportEvents* events) override { events_ = events; }
  SessionId open() override { return opened_++; }
  net::TransportAddress local_address(SessionId session) const override {
    return *net::TransportAddress::parse("127.0.0.1:" + std::to_string(40000 + session));
  }
  coap::MessageData send(SessionId session, coap::MessageData request) override {
    request.message_id = next_message_id_++;
    request.token = {static_cast<uint8_t>(request.message_id >> 8),
                     static_cast<uint8_t>(request.message_id)};
    coap::MessageData answer;
    answer.type = coap::Type::kAcknowledgement;
    answer.message_id = request.message_id;
    answer.token = request.token;
    const std::vector<std::string_view> path = request.values(coap::kUriPath);
    if (request.code == coap::kPost && path.size() == 1 && path[0] == "rd") {
      answer.code = coap::code(2, 1);
      answer.location("rd/" + std::to_string(session));
    } else {
      answer.code = request.code == coap::kDelete ? coap::code(2, 2) : coap::code(2, 4);
    }
    waiting_.push_back({session, std::move(answer)});
    ++sent_[session];
    return request;
  }
  uint16_t new_message_id(SessionId /*session*/) override { return next_message_id_++; }
  void poll(std::chrono::milliseconds /*timeout*/) override {
    ++polls_;
    if (interrupt && polls_ == interrupt_after_polls) interrupt->store(true);
    if (polls_ == 1)
      for (const coap::MessageData& request : server_requests)
        answers.push_back(events_->on_request(0, request));
    const bool slow_turn = polls_ % slow_every == 0;
    std::vector<Waiting> now;
    std::vector<Waiting> later;
    for (Waiting& w : waiting_)
      (slow.count(w.session) && !slow_turn ? later : now).push_back(std::move(w));
    waiting_ = std::move(later);
    for (const Waiting& w : now) events_->on_response(w.session, w.answer);
  }
  void close(SessionId /*session*/) override {}
  const net::TransportAddress& target() const override { return target_; }
  const std::vector<std::string>& warnings() const override { return warnings_; }

  uint64_t sent(SessionId session) const {
    const auto found = sent_.find(session);
    return found == sent_.end() ? 0 : found->second;
  }

 private:
  struct Waiting {
    SessionId session;
    coap::MessageData answer;
  };
  TransportEvents* events_ = nullptr;
  SessionId opened_ = 0;
  uint16_t next_message_id_ = 1;
  uint64_t polls_ = 0;
  std::vector<Waiting> waiting_;
  std::map<SessionId, uint64_t> sent_;
  net::TransportAddress target_ = *net::TransportAddress::parse("127.0.0.1:5683");
  std::vector<std::string> warnings_;
};

// Watches the stream as exchanges end: the most it held, and each client's exchanges in order.
class StreamWatch : public ReplayObserver {
 public:
  explicit StreamWatch(const ExchangeStream& stream) : stream_(stream) {}
  void on_exchange(const ExchangeResult& result) override {
    most_buffered = std::max(most_buffered, stream_.buffered());
    uint64_t& next = next_index[result.client->client];
    if (result.index != next) out_of_order = true;
    next = result.index + 1;
  }
  void on_finish(const ReplaySummary& /*summary*/) override {}

  std::size_t most_buffered = 0;
  std::map<std::size_t, uint64_t> next_index;
  bool out_of_order = false;

 private:
  const ExchangeStream& stream_;
};

// `clients` clients (10.0.1.1, 10.0.1.2...) registering, taking turns with `updates` Updates
// each, and de-registering; every request answered at once in the capture.
Traffic clients_taking_turns(int clients, int updates) {
  Traffic t;
  std::vector<net::TransportAddress> addresses;
  for (int i = 0; i < clients; ++i)
    addresses.push_back(
        *net::TransportAddress::parse("10.0.1." + std::to_string(i + 1) + ":49153"));
  int64_t time = 0;
  uint16_t mid = 1;
  const auto exchange = [&](const net::TransportAddress& client, const MessageData& request,
                            const MessageData& response) {
    t.add(client, kServer, request, time);
    t.add(kServer, client, response, time + 1000);
    time += 10 * 1000 * 1000;  // 10 ms
    ++mid;
  };
  for (int i = 0; i < clients; ++i) {
    const std::string location = "rd/" + std::to_string(i);
    exchange(addresses[i], registration(mid, 1), created(mid, 1, location.c_str()));
  }
  for (int u = 0; u < updates; ++u) {
    for (int i = 0; i < clients; ++i) {
      const std::string location = "/rd/" + std::to_string(i);
      exchange(addresses[i], request(coap::kPost, location.c_str(), mid, 2),
               ack(coap::code(2, 4), mid, 2));
    }
  }
  for (int i = 0; i < clients; ++i) {
    const std::string location = "/rd/" + std::to_string(i);
    exchange(addresses[i], request(coap::kDelete, location.c_str(), mid, 3),
             ack(coap::code(2, 2), mid, 3));
  }
  return t;
}

struct FastRun {
  ReplaySummary summary;
  std::size_t most_buffered = 0;
  bool out_of_order = false;
  uint64_t sent_by_slow_client = 0;
};

FastRun replay_fast(Traffic& t, std::size_t max_buffered) {
  const Survey survey = survey_capture(t.feed());
  const std::vector<bool> wanted(survey.clients.size(), true);
  ExchangeStream stream(t.feed(), survey, wanted);
  ScriptedServer server;
  server.slow = {0};  // the first client's answers take ten polls
  ReplaySettings settings;
  settings.fast = true;
  settings.max_buffered_exchanges = max_buffered;
  StreamWatch watch(stream);
  Replayer replayer(survey, stream, server, settings, {&watch}, nullptr);
  std::vector<std::size_t> clients(survey.clients.size());
  for (std::size_t i = 0; i < clients.size(); ++i) clients[i] = i;
  const std::atomic<bool> interrupted{false};
  FastRun run;
  run.summary = replayer.run(clients, interrupted);
  run.most_buffered = watch.most_buffered;
  run.out_of_order = watch.out_of_order;
  run.sent_by_slow_client = server.sent(0);
  return run;
}

TEST(ReplayerFast, ClientsAheadWaitWhileTheStreamHoldsItsBound) {
  Traffic t = clients_taking_turns(2, 2000);
  const FastRun bounded = replay_fast(t, 64);
  EXPECT_EQ(bounded.summary.exchanges, 4004u);
  EXPECT_EQ(bounded.summary.matched, 4004u);
  EXPECT_EQ(bounded.sent_by_slow_client, 2002u);
  EXPECT_FALSE(bounded.out_of_order);
  // A client that may go on reads until its next exchange is complete: one more exchange of
  // each client at most.
  EXPECT_LE(bounded.most_buffered, 64u + 2u);

  // Without the bound the fast client runs ahead of the slow one by most of the capture.
  const FastRun unbounded = replay_fast(t, std::size_t{1} << 30);
  EXPECT_EQ(unbounded.summary.matched, 4004u);
  EXPECT_FALSE(unbounded.out_of_order);
  EXPECT_GT(unbounded.most_buffered, 1500u);
}

TEST(ReplayerFast, TheBoundIsAtLeastFourExchangesPerClient) {
  // 40 clients and a bound of 64: 160 (4 each) is the bound that holds.
  Traffic t = clients_taking_turns(40, 400);
  const FastRun run = replay_fast(t, 64);
  EXPECT_EQ(run.summary.exchanges, 40u * 402u);
  EXPECT_EQ(run.summary.matched, 40u * 402u);
  EXPECT_EQ(run.sent_by_slow_client, 402u);
  EXPECT_FALSE(run.out_of_order);
  // Held to 64, the stream would peak at 64 plus what one client reads on to its next exchange
  // (a round of the capture, one exchange of each client): 103. Held to 160 it peaks above that,
  // within 160 and two such rounds (233 measured).
  EXPECT_GT(run.most_buffered, 64u + 40u);
  EXPECT_LE(run.most_buffered, 160u + 2u * 40u);
}

TEST(ReplayerFast, AClientWhoseNextExchangeIsAtTheEndOfTheCaptureStillGetsIt) {
  // The first client registers, then is silent until the last exchange of the capture; the
  // other's 500 Updates lie between. Bound 64: the first client waits while the other reads on.
  Traffic t;
  int64_t time = 0;
  t.add(kClient, kServer, registration(1, 1), time);
  t.add(kServer, kClient, created(1, 1, "rd/a"), time + 1000);
  t.add(kOther, kServer, registration(2, 1), time += 1000000);
  t.add(kServer, kOther, created(2, 1, "rd/b"), time + 1000);
  uint16_t mid = 3;
  for (int i = 0; i < 500; ++i, ++mid) {
    t.add(kOther, kServer, request(coap::kPost, "/rd/b", mid, 2), time += 1000000);
    t.add(kServer, kOther, ack(coap::code(2, 4), mid, 2), time + 1000);
  }
  t.add(kOther, kServer, request(coap::kDelete, "/rd/b", mid, 3), time += 1000000);
  t.add(kServer, kOther, ack(coap::code(2, 2), mid, 3), time + 1000);
  ++mid;
  t.add(kClient, kServer, request(coap::kDelete, "/rd/a", mid, 3), time += 1000000);
  t.add(kServer, kClient, ack(coap::code(2, 2), mid, 3), time + 1000);

  const FastRun run = replay_fast(t, 64);
  EXPECT_EQ(run.summary.exchanges, 504u);
  EXPECT_EQ(run.summary.matched, 504u);
  EXPECT_EQ(run.sent_by_slow_client, 2u);
  EXPECT_FALSE(run.out_of_order);
}

TEST(ReplayerTimed, ARequestCenturiesLaterAtASlowSpeedIsNeverDueNotAnOverflow) {
  // 9e18 ns (285 years) after the first request, stretched by --speed 0.5, lies past what the
  // steady clock counts from now: that request is due never, and the run waits for it until
  // interrupted, without an overflow (the sanitizer build runs this too).
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/a"), 1000);
  t.add(kClient, kServer, request(coap::kDelete, "/rd/a", 2, 2), 9000000000000000000);
  t.add(kServer, kClient, ack(coap::code(2, 2), 2, 2), 9000000000000001000);
  const Survey survey = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), survey, {true});
  ScriptedServer server;
  std::atomic<bool> interrupted{false};
  server.interrupt = &interrupted;
  server.interrupt_after_polls = 50;
  ReplaySettings settings;
  settings.speed = 0.5;
  StreamWatch watch(stream);
  Replayer replayer(survey, stream, server, settings, {&watch}, nullptr);
  const ReplaySummary summary = replayer.run({0}, interrupted);
  EXPECT_TRUE(summary.was_interrupted);
  EXPECT_EQ(summary.exchanges, 2u);
  EXPECT_EQ(summary.matched, 1u);
  EXPECT_EQ(summary.done(), 1u);
  EXPECT_EQ(server.sent(0), 1u);
}

// A NON request from the server gets a NON answer: a new message, with a message ID of the
// client's (RFC 7252 §4.4), not the request's; a CON gets its answer in the ACK, with the
// request's.
TEST(ReplayerServerRequests, ANonRequestIsAnsweredWithANewMessageIdAConPiggybacked) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/0"), 1000);
  MessageData read = request(coap::kGet, "/3/0/0", 50, 9);
  read.type = coap::Type::kNonConfirmable;
  t.add(kServer, kClient, read, 2000);
  MessageData content = ack(coap::code(2, 5), 7, 9);
  content.type = coap::Type::kNonConfirmable;
  content.body("Acme");
  t.add(kClient, kServer, content, 3000);
  t.add(kClient, kServer, request(coap::kDelete, "/rd/0", 2, 2), 4000);
  t.add(kServer, kClient, ack(coap::code(2, 2), 2, 2), 5000);
  const Survey survey = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), survey, {true});
  ScriptedServer server;
  MessageData live_read = request(coap::kGet, "/3/0/0", 0x4321, 0x33);
  live_read.type = coap::Type::kNonConfirmable;
  MessageData live_con_read = request(coap::kGet, "/3/0/0", 0x4322, 0x34);
  server.server_requests = {live_read, live_con_read};
  ReplaySettings settings;
  settings.fast = true;
  Replayer replayer(survey, stream, server, settings, {}, nullptr);
  const std::atomic<bool> interrupted{false};
  const ReplaySummary summary = replayer.run({0}, interrupted);
  EXPECT_EQ(summary.matched, 2u);
  ASSERT_EQ(server.answers.size(), 2u);
  ASSERT_TRUE(server.answers[0]);
  const MessageData& non = *server.answers[0];
  EXPECT_EQ(non.type, coap::Type::kNonConfirmable);
  EXPECT_EQ(non.code, coap::code(2, 5));
  EXPECT_EQ(non.token, coap::Bytes{0x33});
  EXPECT_EQ(non.payload, (coap::Bytes{'A', 'c', 'm', 'e'}));
  // The scripted server hands out message IDs from 1: the Register took 1, the answer 2.
  EXPECT_EQ(non.message_id, 2);
  ASSERT_TRUE(server.answers[1]);
  EXPECT_EQ(server.answers[1]->type, coap::Type::kAcknowledgement);
  EXPECT_EQ(server.answers[1]->message_id, 0x4322);
  EXPECT_EQ(server.answers[1]->token, coap::Bytes{0x34});
}

// Collects each exchange's description of its request, by outcome.
class RequestTexts : public ReplayObserver {
 public:
  void on_exchange(const ExchangeResult& result) override {
    texts.push_back(std::string(outcome_name(result.outcome)) + ": " + result.request);
  }
  void on_finish(const ReplaySummary& /*summary*/) override {}
  std::vector<std::string> texts;
};

// With --quiet and no report nothing shows a matched exchange, so its request is not described;
// an exchange that differs still is.
TEST(ReplayerDescriptions, MatchedExchangesAreDescribedOnlyWhenSomethingShowsThem) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/0"), 1000);
  t.add(kClient, kServer, request(coap::kPost, "/rd/0", 2, 2, {"lt=60"}), 2000);
  t.add(kServer, kClient, ack(coap::code(4, 4), 2, 2), 3000);  // the live 2.04 differs
  t.add(kClient, kServer, request(coap::kDelete, "/rd/0", 3, 3), 4000);
  t.add(kServer, kClient, ack(coap::code(2, 2), 3, 3), 5000);
  const Survey survey = survey_capture(t.feed());
  const auto texts = [&](bool describe_matched) {
    ExchangeStream stream(t.feed(), survey, {true});
    ScriptedServer server;
    ReplaySettings settings;
    settings.fast = true;
    settings.describe_matched = describe_matched;
    RequestTexts observer;
    Replayer replayer(survey, stream, server, settings, {&observer}, nullptr);
    const std::atomic<bool> interrupted{false};
    replayer.run({0}, interrupted);
    return observer.texts;
  };
  EXPECT_EQ(texts(true),
            (std::vector<std::string>{"matched: POST /rd?ept=2&ep=urn:imei:490154203237518",
                                      "differs: POST /rd/0?lt=60", "matched: DELETE /rd/0"}));
  EXPECT_EQ(texts(false),
            (std::vector<std::string>{"matched: ", "differs: POST /rd/0?lt=60", "matched: "}));
}

// A DTLS server whose handshakes all fail, as DtlsTransport reports it: the handshake's outcome,
// then the failure of the request waiting for it.
class RefusingServer : public Transport {
 public:
  explicit RefusingServer(std::optional<DtlsAlert> alert) : alert_(alert) {}
  void set_receiver(TransportEvents* events) override { events_ = events; }
  SessionId open() override { return opened_++; }
  net::TransportAddress local_address(SessionId session) const override {
    return *net::TransportAddress::parse("127.0.0.1:" + std::to_string(40000 + session));
  }
  coap::MessageData send(SessionId session, coap::MessageData request) override {
    request.token = {static_cast<uint8_t>(session + 1)};
    pending_.push_back({session, request.token});
    return request;
  }
  uint16_t new_message_id(SessionId /*session*/) override { return 1; }
  void poll(std::chrono::milliseconds /*timeout*/) override {
    for (const auto& [session, token] : pending_) {
      DtlsHandshake handshake;
      handshake.alert = alert_;
      handshake.cn = "2:urn:imei:490154203237518";
      events_->on_handshake(session, handshake);
      events_->on_failure(session, token, "the DTLS handshake " + handshake_text(handshake));
    }
    pending_.clear();
  }
  void close(SessionId /*session*/) override {}
  const net::TransportAddress& target() const override { return target_; }
  const std::vector<std::string>& warnings() const override { return warnings_; }

 private:
  std::optional<DtlsAlert> alert_;
  TransportEvents* events_ = nullptr;
  SessionId opened_ = 0;
  std::vector<std::pair<SessionId, coap::Bytes>> pending_;
  net::TransportAddress target_ = *net::TransportAddress::parse("127.0.0.1:5684");
  std::vector<std::string> warnings_;
};

class HandshakeWatch : public ReplayObserver {
 public:
  void on_exchange(const ExchangeResult& result) override { failures.push_back(result.failure); }
  void on_handshake(const HandshakeResult& result) override {
    handshakes.push_back(result.client->label + ": " + handshake_text(result.handshake));
  }
  void on_finish(const ReplaySummary& /*summary*/) override {}

  std::vector<std::string> handshakes;
  std::vector<std::string> failures;
};

ReplaySummary replay_refused(std::optional<DtlsAlert> alert, HandshakeWatch& watch) {
  Traffic t;
  t.add(kClient, kServer, registration(1, 1), 0);
  t.add(kServer, kClient, created(1, 1, "rd/a"), 1000);
  const Survey survey = survey_capture(t.feed());
  ExchangeStream stream(t.feed(), survey, std::vector<bool>(survey.clients.size(), true));
  RefusingServer server(alert);
  ReplaySettings settings;
  settings.fast = true;
  Replayer replayer(survey, stream, server, settings, {&watch}, nullptr);
  const std::atomic<bool> interrupted{false};
  return replayer.run({0}, interrupted);
}

// An alert, the server's or the replay's about the server's certificate, is the target
// answering: exit 1. A handshake that failed without one is silence: exit 3.
TEST(ReplayerHandshake, AFailedHandshakeIsReportedAndAnAlertCountsAsAnAnswer) {
  HandshakeWatch server_alert;
  const ReplaySummary refused = replay_refused(DtlsAlert{48, true}, server_alert);
  EXPECT_EQ(server_alert.handshakes,
            std::vector<std::string>{
                "urn:imei:490154203237518: failed: the server sent alert 48 unknown_ca"});
  EXPECT_EQ(server_alert.failures,
            std::vector<std::string>{"the DTLS handshake failed: the server sent alert 48 "
                                     "unknown_ca"});
  EXPECT_EQ(refused.handshakes_failed, 1u);
  EXPECT_EQ(refused.handshakes_completed, 0u);
  EXPECT_TRUE(refused.target_answered);
  EXPECT_EQ(exit_code(refused), kExitDiffer);

  HandshakeWatch replay_alert;
  EXPECT_EQ(exit_code(replay_refused(DtlsAlert{48, false}, replay_alert)), kExitDiffer);

  HandshakeWatch silence;
  const ReplaySummary silent = replay_refused(std::nullopt, silence);
  EXPECT_EQ(silence.handshakes, std::vector<std::string>{
                                    "urn:imei:490154203237518: failed; libcoap reported no alert"});
  EXPECT_FALSE(silent.target_answered);
  EXPECT_EQ(exit_code(silent), kExitNoAnswer);
}

}  // namespace
}  // namespace lwm2m::replay
