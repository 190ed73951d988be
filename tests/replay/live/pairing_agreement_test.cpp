// The plugin and lwm2m-replay --list pair a capture's requests and responses the same way: both
// use core's ExchangeMatcher. The capture is made here, message by message, with the pairing cases
// that once split them: retransmitted requests, duplicated answers, empty ACKs followed by
// separate responses, Resets, a response after a Reset, token reuse and a superseded request.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "live_peers.h"
#include "lwm2m/coap_encode.h"
#include "net/packet_encoder.h"
#include "net/transport_address.h"
#include "pcap_writer.h"
#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

using coap::MessageData;
using coap::Type;

constexpr int kLinkTypeRaw = DLT_RAW;  // each record is an IP packet
constexpr int64_t kMillisecond = 1'000'000;

const uint8_t kCreated = coap::code(2, 1);
const uint8_t kChanged = coap::code(2, 4);
const uint8_t kDeleted = coap::code(2, 2);

MessageData message(Type type, uint8_t code, uint16_t message_id, coap::Bytes token) {
  MessageData m;
  m.type = type;
  m.code = code;
  m.message_id = message_id;
  m.token = std::move(token);
  return m;
}

MessageData request(Type type, uint8_t code, uint16_t message_id, coap::Bytes token,
                    std::string_view path) {
  MessageData m = message(type, code, message_id, std::move(token));
  m.path(path);
  return m;
}

class Capture {
 public:
  Capture(const std::string& path) : writer_(path, kLinkTypeRaw) {}

  void client_sends(const MessageData& m) { add(client_, server_, m); }
  void server_sends(const MessageData& m) { add(server_, client_, m); }

 private:
  void add(const net::TransportAddress& from, const net::TransportAddress& to,
           const MessageData& m) {
    const coap::Bytes payload = coap::encode_datagram(m);
    time_ns_ += 100 * kMillisecond;
    writer_.add(net::encode_udp_packet(from, to, payload.data(), payload.size(), ++ip_id_),
                time_ns_);
  }

  const uint8_t client_address_[4] = {10, 0, 0, 51};
  const uint8_t server_address_[4] = {10, 0, 0, 1};
  net::TransportAddress client_ = net::TransportAddress::ipv4(client_address_, 49153);
  net::TransportAddress server_ = net::TransportAddress::ipv4(server_address_, 5683);
  PcapWriter writer_;
  int64_t time_ns_ = 1'768'471'200'000'000'000;
  uint16_t ip_id_ = 0;
};

// Writes the capture; the frame numbers in the comments are the ones the tests name.
void write_capture(const std::string& path) {
  Capture c(path);
  MessageData reg = request(Type::kConfirmable, coap::kPost, 1, {0xa1}, "/rd");
  reg.query({"ept=2", "ep=urn:imei:490154203237518", "lt=300"});
  c.client_sends(reg);  // 1 Register
  c.client_sends(reg);  // 2 its retransmission
  MessageData created = message(Type::kAcknowledgement, kCreated, 1, {0xa1});
  created.location("rd/7");
  c.server_sends(created);  // 3 piggybacked 2.01
  c.server_sends(created);  // 4 the same ACK again
  c.client_sends(request(Type::kConfirmable, coap::kPost, 2, {0xa2}, "/rd/7"));  // 5 Update
  c.server_sends(message(Type::kAcknowledgement, 0, 2, {}));                     // 6 empty ACK
  const MessageData separate = message(Type::kConfirmable, kChanged, 900, {0xa2});
  c.server_sends(separate);                                                      // 7 separate 2.04
  c.client_sends(message(Type::kAcknowledgement, 0, 900, {}));                   // 8 its ACK
  c.server_sends(separate);                                                      // 9 sent again
  c.client_sends(request(Type::kConfirmable, coap::kPost, 3, {0xa3}, "/rd/7"));  // 10 Update
  c.server_sends(message(Type::kReset, 0, 3, {}));                               // 11 Reset
  c.server_sends(message(Type::kConfirmable, kChanged, 901, {0xa3}));  // 12 after the Reset
  c.client_sends(request(Type::kConfirmable, coap::kPost, 4, {0xa4}, "/rd/7"));     // 13 unanswered
  c.client_sends(request(Type::kNonConfirmable, coap::kPost, 5, {0xa5}, "/rd/7"));  // 14 NON
  c.server_sends(message(Type::kNonConfirmable, kChanged, 902, {0xa5}));            // 15 NON 2.04
  // The answered token again, by a new request: a new exchange.
  c.client_sends(request(Type::kConfirmable, coap::kPost, 6, {0xa5}, "/rd/7"));  // 16 Update
  c.server_sends(message(Type::kAcknowledgement, kChanged, 6, {0xa5}));          // 17
  // Two open requests with one token: the later one takes the token over.
  c.client_sends(request(Type::kConfirmable, coap::kPost, 7, {0xb1}, "/rd/7"));    // 18 Update
  c.client_sends(request(Type::kConfirmable, coap::kDelete, 8, {0xb1}, "/rd/7"));  // 19 De-reg.
  c.server_sends(message(Type::kConfirmable, kDeleted, 903, {0xb1}));              // 20 answers 19
  c.server_sends(message(Type::kAcknowledgement, kChanged, 7, {0xb1}));            // 21 answers 18
}

using Pairs = std::map<std::string, std::string>;  // request frame -> response frame ("": none)

// What the plugin pairs: every LwM2M request that is not a retransmission (which the plugin marks
// with lwm2m.retransmission_of), and its response, known once the whole capture was read (-2).
Pairs plugin_pairs(const std::string& capture) {
  Pairs pairs;
  const Rows rows =
      // The operations only: other messages of a registered client carry its name too.
      tshark_fields(capture, "lwm2m.operation && !lwm2m.response_to && !lwm2m.retransmission_of",
                    {"frame.number", "lwm2m.response_in"}, {"-2"});
  for (const std::vector<std::string>& row : rows) pairs[row.at(0)] = row.at(1);
  return pairs;
}

// What --list pairs: each exchange's request frame and "response in frame N".
Pairs listed_pairs(const std::string& capture) {
  const CommandResult listed = run_replay({"--list", capture});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  Pairs pairs;
  std::istringstream lines(listed.out);
  const std::regex exchange(R"(^\s+1\s+\d+\s+(\d+)\s.*?(?:response in frame (\d+))?(?:,.*)?$)");
  bool in_exchanges = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "exchanges:") {
      in_exchanges = true;
      continue;
    }
    std::smatch match;
    if (in_exchanges && std::regex_match(line, match, exchange))
      pairs[match[1].str()] = match[2].str();
  }
  return pairs;
}

TEST(PairingAgreement, PluginAndListPairTheSameExchanges) {
  TempDir dir;
  const std::string capture = dir.path("pairing.pcap");
  write_capture(capture);
  const Pairs expected = {
      {"1", "3"},    // the retransmission (2) and the duplicate ACK (4) fold into it
      {"5", "7"},    // after the empty ACK (6), by token; 9 is 7 again
      {"10", "11"},  // the Reset answers it; the 2.04 after it (12) answers nothing
      {"13", ""},    // never answered
      {"14", "15"},  // NON request, NON response
      {"16", "17"},  // the token of 14 again, once 14 was answered
      {"18", "21"},  // acknowledged by its message ID after 19 took its token over
      {"19", "20"},  // the separate response with the token answers the later request
  };
  EXPECT_EQ(plugin_pairs(capture), expected);
  EXPECT_EQ(listed_pairs(capture), expected);
}

TEST(PairingAgreement, ThePluginShowsWhatAnsweredEachRequest) {
  TempDir dir;
  const std::string capture = dir.path("pairing.pcap");
  write_capture(capture);
  const Rows rows = tshark_fields(capture, "lwm2m.response_to",
                                  {"frame.number", "lwm2m.operation", "lwm2m.response_to"});
  EXPECT_EQ(rows, (Rows{{"3", "Register", "1"},
                        {"4", "Register", "1"},  // a copy of the answer shows as one
                        {"7", "Update", "5"},
                        {"9", "Update", "5"},
                        {"11", "Update", "10"},
                        {"15", "Update", "14"},
                        {"17", "Update", "16"},
                        {"20", "De-register", "19"},
                        {"21", "Update", "18"}}));
  // The retransmission is in its first transmission's exchange.
  EXPECT_EQ(tshark_fields(capture, "lwm2m.retransmission_of",
                          {"frame.number", "lwm2m.retransmission_of", "lwm2m.response_in"}, {"-2"}),
            (Rows{{"2", "1", "3"}}));
  EXPECT_EQ(tshark_info(capture, "frame.number == 11"),
            (std::vector<std::string>{"LwM2M Update response Reset"}));
}

TEST(PairingAgreement, ListCountsTheRetransmissionAndTheCopies) {
  TempDir dir;
  const std::string capture = dir.path("pairing.pcap");
  write_capture(capture);
  const CommandResult listed = run_replay({"--list", capture});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  // Client 1: 8 exchanges, 1 retransmitted request.
  EXPECT_NE(listed.out.find("urn:imei:490154203237518          2            8              1"),
            std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("RST"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace lwm2m::test
