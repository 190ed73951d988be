// UdpTransport against a scripted server socket on loopback: the datagrams it sends, byte for byte
// where the message layer fixes them, and the events it reports for each kind of answer.
#include "live/udp_transport.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loopback_socket.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_message.h"

namespace lwm2m::replay {
namespace {

using namespace std::chrono_literals;
using coap::Bytes;
using coap::MessageData;

// The LwM2M server's socket, taking the transport's addresses (all on 127.0.0.1).
class ServerSocket : public test::LoopbackSocket {
 public:
  net::TransportAddress address() const {
    return *net::TransportAddress::parse("127.0.0.1:" + std::to_string(port()));
  }
  std::optional<Bytes> receive(std::chrono::milliseconds wait,
                               net::TransportAddress* from = nullptr) {
    uint16_t from_port = 0;
    std::optional<Bytes> bytes = LoopbackSocket::receive(wait, &from_port);
    if (bytes && from)
      *from = *net::TransportAddress::parse("127.0.0.1:" + std::to_string(from_port));
    return bytes;
  }
  void send_to(const net::TransportAddress& to, const Bytes& bytes) {
    LoopbackSocket::send_to(to.port, bytes);
  }
};

MessageData parse(const Bytes& bytes) {
  const coap::ParseResult parsed =
      coap::parse_message(bytes.data(), bytes.size(), coap::Framing::kDatagram);
  if (!parsed.ok) throw std::runtime_error("not CoAP: " + parsed.error);
  return coap::copy_message(bytes.data(), parsed.message);
}

// The events, in order, as text; and the answer to give to server requests.
class EventLog : public TransportEvents {
 public:
  std::vector<std::string> events;
  std::vector<MessageData> responses;
  std::vector<MessageData> requests;
  std::vector<Bytes> failed_tokens;
  std::function<std::optional<MessageData>(const MessageData&)> answer;

  void on_response(SessionId session, const MessageData& response) override {
    events.push_back("response " + std::to_string(session) + " " + coap::code_text(response.code));
    responses.push_back(response);
  }
  void on_failure(SessionId session, const Bytes& token, const std::string& why) override {
    events.push_back("failure " + std::to_string(session) + " " + why);
    failed_tokens.push_back(token);
  }
  std::optional<MessageData> on_request(SessionId session, const MessageData& request) override {
    events.push_back("request " + std::to_string(session) + " " + coap::code_text(request.code));
    requests.push_back(request);
    return answer ? answer(request) : std::nullopt;
  }
  // Every datagram on the wire: "sent request", "sent retransmission", "received"...
  std::vector<std::string> wire;
  void on_wire(SessionId /*session*/, WireKind kind, const uint8_t* bytes,
               std::size_t size) override {
    static const char* const kNames[] = {"sent request",   "sent retransmission", "sent answer",
                                         "sent empty ACK", "sent Reset",          "received"};
    wire.push_back(std::string(kNames[static_cast<int>(kind)]) + " " + std::to_string(size));
    (void)bytes;
  }
  void on_unreachable(SessionId session, int error) override {
    events.push_back("unreachable " + std::to_string(session) +
                     (error == ECONNREFUSED ? " refused" : ""));
  }
};

MessageData update_request() {
  MessageData m;
  m.type = coap::Type::kConfirmable;
  m.code = coap::kPost;
  m.path("/rd/5a3f");
  m.query({"lt=300"});
  return m;
}

MessageData answer_to(const MessageData& request, coap::Type type, uint8_t code) {
  MessageData m;
  m.type = type;
  m.code = code;
  m.message_id = request.message_id;
  m.token = request.token;
  return m;
}

Bytes empty(coap::Type type, uint16_t message_id) {
  MessageData m;
  m.type = type;
  m.message_id = message_id;
  return coap::encode_datagram(m);
}

class UdpTransportTest : public ::testing::Test {
 protected:
  ServerSocket server;
  EventLog log;
  TransportSettings settings;

  std::unique_ptr<UdpTransport> make(std::chrono::milliseconds ack_timeout = 2000ms,
                                     int max_retransmit = 4) {
    settings.target = server.address();
    settings.ack_timeout = ack_timeout;
    settings.max_retransmit = max_retransmit;
    auto transport = std::make_unique<UdpTransport>(settings);
    transport->set_receiver(&log);
    return transport;
  }

  // Polls until `done` or `limit` has passed.
  static void poll_until(UdpTransport& transport, const std::function<bool()>& done,
                         std::chrono::milliseconds limit = 2000ms) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) transport.poll(5ms);
  }
  // Polls until `count` events have come or `limit` has passed.
  void poll_until(UdpTransport& transport, std::size_t count) {
    poll_until(transport, [&] { return log.events.size() >= count; });
  }
  // Polls for `span`, whatever comes.
  static void poll_for(UdpTransport& transport, std::chrono::milliseconds span) {
    const auto end = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < end) transport.poll(5ms);
  }
};

TEST_F(UdpTransportTest, SendsFromItsOwnPortWithAFreshMessageIdAndAnEightByteToken) {
  auto transport = make();
  const SessionId first = transport->open();
  const SessionId second = transport->open();
  EXPECT_EQ(first, 0u);
  EXPECT_EQ(second, 1u);
  const net::TransportAddress local = transport->local_address(first);
  EXPECT_EQ(local.host_string(), "127.0.0.1");
  EXPECT_NE(local.port, 0);
  EXPECT_NE(local.port, transport->local_address(second).port);

  const MessageData sent = transport->send(first, update_request());
  const MessageData next = transport->send(first, update_request());
  EXPECT_EQ(sent.token.size(), 8u);
  EXPECT_NE(sent.token, next.token);
  EXPECT_EQ(static_cast<uint16_t>(sent.message_id + 1), next.message_id);

  net::TransportAddress from;
  const auto datagram = server.receive(1000ms, &from);
  ASSERT_TRUE(datagram);
  EXPECT_EQ(from, local);
  EXPECT_EQ(*datagram, coap::encode_datagram(sent));  // exactly what send() returned
  const MessageData received = parse(*datagram);
  EXPECT_EQ(received.values(coap::kUriPath), (std::vector<std::string_view>{"rd", "5a3f"}));
  EXPECT_EQ(received.values(coap::kUriQuery), (std::vector<std::string_view>{"lt=300"}));
}

TEST_F(UdpTransportTest, APiggybackedResponseIsReportedOnceAndEndsTheRetransmissions) {
  auto transport = make(30ms);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  ASSERT_TRUE(server.receive(1000ms));
  MessageData answer = answer_to(sent, coap::Type::kAcknowledgement, coap::code(2, 4));
  answer.payload = {'o', 'k'};
  server.send_to(transport->local_address(session), coap::encode_datagram(answer));
  poll_until(*transport, 1);
  ASSERT_EQ(log.events, (std::vector<std::string>{"response 0 2.04"}));
  EXPECT_EQ(log.responses[0].token, sent.token);
  EXPECT_EQ(log.responses[0].payload, (Bytes{'o', 'k'}));
  poll_for(*transport, 200ms);  // over six first timeouts
  EXPECT_FALSE(server.receive(0ms)) << "retransmitted after the ACK";
  EXPECT_EQ(log.events.size(), 1u);
}

TEST_F(UdpTransportTest, RetransmitsTheSameDatagramUntilAcknowledged) {
  auto transport = make(20ms);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  const auto first = server.receive(1000ms);
  ASSERT_TRUE(first);
  // Ignored twice: the first timeout is 20-30 ms, the second 40-60 ms.
  for (int retransmission = 1; retransmission <= 2; ++retransmission) {
    std::optional<Bytes> again;
    const auto end = std::chrono::steady_clock::now() + 1000ms;
    while (!again && std::chrono::steady_clock::now() < end) {
      transport->poll(5ms);
      again = server.receive(0ms);
    }
    ASSERT_TRUE(again) << "retransmission " << retransmission;
    EXPECT_EQ(*again, *first);
  }
  server.send_to(
      transport->local_address(session),
      coap::encode_datagram(answer_to(sent, coap::Type::kAcknowledgement, coap::code(2, 4))));
  poll_until(*transport, 1);
  EXPECT_EQ(log.events, (std::vector<std::string>{"response 0 2.04"}));
}

TEST_F(UdpTransportTest, GivesUpAfterMaxRetransmitRetransmissions) {
  auto transport = make(10ms, 2);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  // 10-15 + 20-30 + 40-60 ms: the failure comes after the last timeout.
  poll_until(*transport, 1);
  ASSERT_EQ(log.events, (std::vector<std::string>{"failure 0 no acknowledgement after 2 "
                                                  "retransmissions"}));
  EXPECT_EQ(log.failed_tokens[0], sent.token);
  int datagrams = 0;
  while (server.receive(0ms)) ++datagrams;
  EXPECT_EQ(datagrams, 3);  // the request and two retransmissions
}

TEST_F(UdpTransportTest, AnEmptyAckStopsRetransmittingAndTheSeparateResponseIsAcknowledged) {
  auto transport = make(20ms);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  ASSERT_TRUE(server.receive(1000ms));
  const net::TransportAddress client = transport->local_address(session);
  server.send_to(client, empty(coap::Type::kAcknowledgement, sent.message_id));
  poll_for(*transport, 150ms);
  EXPECT_FALSE(server.receive(0ms)) << "retransmitted after the empty ACK";
  EXPECT_TRUE(log.events.empty());

  MessageData separate = answer_to(sent, coap::Type::kConfirmable, coap::code(2, 4));
  separate.message_id = 0x7001;
  server.send_to(client, coap::encode_datagram(separate));
  poll_until(*transport, 1);
  EXPECT_EQ(log.events, (std::vector<std::string>{"response 0 2.04"}));
  const auto ack = server.receive(1000ms);
  ASSERT_TRUE(ack);
  EXPECT_EQ(*ack, (Bytes{0x60, 0x00, 0x70, 0x01}));
}

// The empty ACK was lost: the separate response acknowledges the request (RFC 7252 §5.2.2), so
// its retransmissions stop; a copy of the response is acknowledged again but passed on once.
TEST_F(UdpTransportTest,
       ASeparateResponseWithoutItsEmptyAckEndsTheRetransmissionsAndIsPassedOnOnce) {
  auto transport = make(30ms, 3);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  ASSERT_TRUE(server.receive(1000ms));
  MessageData separate = answer_to(sent, coap::Type::kConfirmable, coap::code(2, 4));
  separate.message_id = 0x7002;
  const net::TransportAddress client = transport->local_address(session);
  server.send_to(client, coap::encode_datagram(separate));
  server.send_to(client, coap::encode_datagram(separate));
  poll_for(*transport, 500ms);  // past every retransmission the request would have had
  EXPECT_EQ(log.events, (std::vector<std::string>{"response 0 2.04"}));
  EXPECT_EQ(server.receive(0ms), (Bytes{0x60, 0x00, 0x70, 0x02}));
  EXPECT_EQ(server.receive(0ms), (Bytes{0x60, 0x00, 0x70, 0x02}));
  EXPECT_FALSE(server.receive(0ms)) << "retransmitted the answered request";
}

TEST_F(UdpTransportTest, NewMessageIdsComeFromTheSessionsCounter) {
  auto transport = make();
  const SessionId session = transport->open();
  const MessageData first = transport->send(session, update_request());
  const uint16_t for_an_answer = transport->new_message_id(session);
  const MessageData second = transport->send(session, update_request());
  EXPECT_EQ(for_an_answer, static_cast<uint16_t>(first.message_id + 1));
  EXPECT_EQ(second.message_id, static_cast<uint16_t>(first.message_id + 2));
}

// 65 536 requests from one socket in well under EXCHANGE_LIFETIME: the message IDs come round
// again, which a server detecting duplicates would take for repeats. Reported once.
TEST_F(UdpTransportTest, MessageIdsComingRoundWithinExchangeLifetimeAreReportedOnce) {
  auto transport = make();
  const SessionId session = transport->open();
  MessageData non = update_request();
  non.type = coap::Type::kNonConfirmable;  // nothing to retransmit or wait for
  const uint16_t first = transport->send(session, non).message_id;
  for (int i = 1; i < 65535; ++i) transport->send(session, non);
  EXPECT_TRUE(transport->warnings().empty());
  transport->send(session, non);  // the last one of the round
  EXPECT_EQ(transport->warnings().size(), 1u);
  EXPECT_EQ(transport->send(session, non).message_id, first);
  for (int i = 0; i < 65536; ++i) transport->send(session, non);
  ASSERT_EQ(transport->warnings().size(), 1u);
  EXPECT_EQ(transport->warnings()[0].rfind("the replay of 127.0.0.1:", 0), 0u)
      << transport->warnings()[0];
  EXPECT_NE(transport->warnings()[0].find("used all 65 536 message IDs within EXCHANGE_LIFETIME"),
            std::string::npos);
}

TEST_F(UdpTransportTest, AResetFailsTheRequestWithItsToken) {
  auto transport = make();
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  ASSERT_TRUE(server.receive(1000ms));
  server.send_to(transport->local_address(session), empty(coap::Type::kReset, sent.message_id));
  poll_until(*transport, 1);
  EXPECT_EQ(log.events, (std::vector<std::string>{"failure 0 the server answered with a Reset"}));
  EXPECT_EQ(log.failed_tokens, (std::vector<Bytes>{sent.token}));
}

TEST_F(UdpTransportTest, AServerRequestGetsTheReceiversAnswerOrAnEmptyAck) {
  auto transport = make();
  const SessionId session = transport->open();
  const net::TransportAddress client = transport->local_address(session);
  log.answer = [](const MessageData& request) -> std::optional<MessageData> {
    if (request.values(coap::kUriPath) != std::vector<std::string_view>{"3", "0", "0"})
      return std::nullopt;
    MessageData content = answer_to(request, coap::Type::kAcknowledgement, coap::code(2, 5));
    content.body("Acme");
    return content;
  };
  MessageData read;
  read.type = coap::Type::kConfirmable;
  read.code = coap::kGet;
  read.message_id = 0x1234;
  read.token = {0xAB};
  read.path("/3/0/0");
  server.send_to(client, coap::encode_datagram(read));
  poll_until(*transport, 1);
  ASSERT_EQ(log.events, (std::vector<std::string>{"request 0 GET"}));
  EXPECT_EQ(log.requests[0].message_id, 0x1234);
  MessageData expected = answer_to(read, coap::Type::kAcknowledgement, coap::code(2, 5));
  expected.body("Acme");
  EXPECT_EQ(server.receive(1000ms), coap::encode_datagram(expected));

  read.message_id = 0x1235;
  read.options.clear();
  read.path("/5/0/1");
  server.send_to(client, coap::encode_datagram(read));
  poll_until(*transport, 2);
  EXPECT_EQ(log.events.size(), 2u);
  EXPECT_EQ(server.receive(1000ms), (Bytes{0x60, 0x00, 0x12, 0x35}));  // unanswered: empty ACK
}

TEST_F(UdpTransportTest, APingGetsAResetAndNonCoapIsIgnoredWithAWarning) {
  auto transport = make();
  const SessionId session = transport->open();
  const net::TransportAddress client = transport->local_address(session);
  server.send_to(client, empty(coap::Type::kConfirmable, 0x0042));
  server.send_to(client, Bytes{0x47, 0x01});  // too short to be CoAP
  // A confirmable message whose token length is 9 (reserved): a format error, rejected.
  server.send_to(client, Bytes{0x49, 0x01, 0x00, 0x43, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  poll_until(
      *transport, [&] { return transport->warnings().size() == 2; }, 5000ms);
  EXPECT_TRUE(log.events.empty());
  EXPECT_EQ(server.receive(1000ms), (Bytes{0x70, 0x00, 0x00, 0x42}));
  EXPECT_EQ(server.receive(1000ms), (Bytes{0x70, 0x00, 0x00, 0x43}));
  ASSERT_EQ(transport->warnings().size(), 2u);
  EXPECT_EQ(transport->warnings()[0].rfind(
                "ignored a datagram from the target that is not CoAP (2 bytes): ", 0),
            0u)
      << transport->warnings()[0];
}

TEST_F(UdpTransportTest, OnlyTheTargetIsHeard) {
  auto transport = make();
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  ASSERT_TRUE(server.receive(1000ms));
  ServerSocket stranger;
  stranger.send_to(
      transport->local_address(session),
      coap::encode_datagram(answer_to(sent, coap::Type::kAcknowledgement, coap::code(2, 4))));
  poll_for(*transport, 100ms);
  EXPECT_TRUE(log.events.empty());
}

TEST_F(UdpTransportTest, NothingListeningIsReportedAsUnreachableAndRetransmissionsGoOn) {
  net::TransportAddress closed;
  {
    ServerSocket gone;
    closed = gone.address();
  }
  settings.target = closed;
  settings.ack_timeout = 20ms;
  settings.max_retransmit = 2;
  UdpTransport transport(settings);
  transport.set_receiver(&log);
  const SessionId session = transport.open();
  transport.send(session, update_request());
  poll_until(transport, [&] { return !log.failed_tokens.empty(); });
  ASSERT_GE(log.events.size(), 2u);
  EXPECT_EQ(log.events.front(), "unreachable 0 refused");
  EXPECT_EQ(log.events.back(), "failure 0 no acknowledgement after 2 retransmissions");
}

// Every datagram is reported as it goes or comes, the retransmissions and the transport's own
// empty ACK included: what --write records and the retransmission counts come from.
TEST_F(UdpTransportTest, EveryDatagramIsReportedOnTheWireRetransmissionsAndEmptyAcksIncluded) {
  auto transport = make(20ms);
  const SessionId session = transport->open();
  const MessageData sent = transport->send(session, update_request());
  const std::size_t request_size = coap::encode_datagram(sent).size();
  ASSERT_TRUE(server.receive(1000ms));
  poll_until(*transport, [&] { return server.receive(0ms).has_value(); });  // one retransmission
  ASSERT_EQ(log.wire.size(), 2u);
  // The server's empty ACK, then its separate response as a CON, which the transport acknowledges.
  server.send_to(transport->local_address(session),
                 empty(coap::Type::kAcknowledgement, sent.message_id));
  MessageData separate = answer_to(sent, coap::Type::kConfirmable, coap::code(2, 4));
  separate.message_id = 0x7001;
  server.send_to(transport->local_address(session), coap::encode_datagram(separate));
  poll_until(*transport, 1);
  const std::string size = std::to_string(request_size);
  EXPECT_EQ(log.wire,
            (std::vector<std::string>{"sent request " + size, "sent retransmission " + size,
                                      "received 4", "received 12", "sent empty ACK 4"}));
}

// A target that echoes datagrams: the request that comes back is not a server request. It is not
// answered (an answer would come back too, as if the server had sent it) and ends the request.
TEST_F(UdpTransportTest, ARequestReflectedBackIsNotAnsweredAndEndsTheRequest) {
  auto transport = make(20ms);
  log.answer = [](const MessageData& request) {
    return std::optional<MessageData>(
        answer_to(request, coap::Type::kAcknowledgement, coap::code(4, 4)));
  };
  const SessionId session = transport->open();
  transport->send(session, update_request());
  const auto datagram = server.receive(1000ms);
  ASSERT_TRUE(datagram);
  server.send_to(transport->local_address(session), *datagram);
  poll_until(*transport, 1);
  EXPECT_EQ(log.events, (std::vector<std::string>{"failure 0 " + std::string(kReflected)}));
  poll_for(*transport, 200ms);  // over six first timeouts
  EXPECT_FALSE(server.receive(0ms)) << "answered or retransmitted after the reflection";
}

TEST_F(UdpTransportTest, ASendOnAClosedSessionIsRefused) {
  auto transport = make();
  const SessionId session = transport->open();
  transport->close(session);
  EXPECT_THROW(transport->send(session, update_request()), TransportError);
}

}  // namespace
}  // namespace lwm2m::replay
