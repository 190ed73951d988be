// exchanges.pcapng: request/response pairing traps, a Block1 Register whose server shrinks the
// block size, and CoAP over TCP with messages cut across and packed into segments;
// truncated.pcapng: payloads cut short by the capture's snapshot length.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frame_builder.h"
#include "lwm2m/coap_code.h"
#include "lwm2m/coap_encode.h"
#include "pcap_writer.h"
#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

TEST(ExchangesSample, ResponsesPairOnlyWithTheRequestTheyAnswer) {
  Rows rows = tshark_fields(sample("exchanges.pcapng"), "frame.number <= 14",
                            {"frame.number", "lwm2m.operation", "lwm2m.response_to"});
  Rows expected = {
      {"1", "Register", ""},
      {"2", "Register", "1"},
      // The server's own GET (a Read) reuses the Register's message ID: its 2.05 answers the Read,
      // not the Register.
      {"3", "Read", ""},
      {"4", "Read", "3"},
      {"5", "Update", ""},
      {"6", "Update", "5"},
      // The server's own GET (a Read) reuses the Update's token: its 4.04 answers the Read, not
      // the Update.
      {"7", "Read", ""},
      {"8", "Read", "7"},
      {"9", "Update", ""},
      {"10", "Update", "9"},
      {"11", "Update", "9"},  // the same answer again
      {"12", "Update", ""},
      {"13", "Update", ""},  // a retransmission of frame 12
      {"14", "Update", "12"},
  };
  EXPECT_EQ(rows, expected);
  Rows answered =
      tshark_fields(sample("exchanges.pcapng"), "lwm2m.response_in && frame.number <= 14",
                    {"frame.number", "lwm2m.response_in"}, {"-2"});
  EXPECT_EQ(answered, (Rows{{"1", "2"},
                            {"3", "4"},
                            {"5", "6"},
                            {"7", "8"},
                            {"9", "10"},
                            {"12", "14"},
                            {"13", "14"}}));
  // Frame 13 repeats frame 12 (the same message ID and token): it is in 12's exchange.
  EXPECT_EQ(tshark_fields(sample("exchanges.pcapng"), "lwm2m.retransmission_of",
                          {"frame.number", "lwm2m.retransmission_of"}),
            (Rows{{"13", "12"}, {"21", "19"}}));
}

TEST(ExchangesSample, Block1FollowsAShrinkingBlockSize) {
  Rows rows =
      tshark_fields(sample("exchanges.pcapng"), "frame.number >= 15 && frame.number <= 22",
                    {"frame.number", "lwm2m.operation", "lwm2m.block.number", "lwm2m.block.first",
                     "lwm2m.response_to", "lwm2m.object", "_ws.expert.message"});
  Rows expected = {
      {"15", "Register", "0", "", "", "", ""},
      {"16", "Register", "", "", "15", "", ""},
      {"17", "Register", "2", "15", "", "", ""},  // block 2 at 32 bytes = byte 64
      {"18", "Register", "", "", "17", "", ""},
      {"19", "Register", "3", "15", "", "1|3|3303|3303|3303|3304|3304|3308|3308|5|4", ""},
      {"20", "Register", "", "", "19", "", ""},
      // The last block again (a retransmission): not an incomplete transfer.
      {"21", "Register", "3", "15", "", "", "Retransmitted"},
      {"22", "Register", "", "", "19", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(ExchangesSample, ACopyOfA201ShowsItsLocationAndMakesNoRegistration) {
  Rows rows = tshark_fields(sample("exchanges.pcapng"), "frame.number == 20 || frame.number == 22",
                            {"frame.number", "lwm2m.response_to", "lwm2m.location",
                             "lwm2m.registration_in", "lwm2m.registration.replaces"});
  EXPECT_EQ(rows, (Rows{{"20", "19", "/rd/8", "15", ""}, {"22", "19", "/rd/8", "", ""}}));
  EXPECT_EQ(tshark_info(sample("exchanges.pcapng"), "frame.number == 22"),
            std::vector<std::string>{
                "LwM2M Register response 2.01 Created location=/rd/8 [copy of frame 20]"});
}

TEST(ExchangesSample, LaterBlocksCarryTheTransfersName) {
  Rows rows = tshark_fields(sample("exchanges.pcapng"), "lwm2m.block.first",
                            {"frame.number", "lwm2m.ep", "lwm2m.ept", "lwm2m.block.first"});
  const std::string name = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
  EXPECT_EQ(rows,
            (Rows{{"17", name, "2", "15"}, {"19", name, "2", "15"}, {"21", name, "2", "15"}}));
}

TEST(ExchangesSample, CoapOverTcpShowsWhatTheCoapDissectorShows) {
  // Wireshark 4.0 dissects one CoAP message per TCP segment here (samples/README.md): the plugin
  // adds nothing of its own to these frames and reports nothing wrong.
  Rows rows = tshark_fields(sample("exchanges.pcapng"), "tcp && lwm2m", {"frame.number"});
  EXPECT_TRUE(rows.empty());
  CommandResult result = run_tshark({"-r", sample("exchanges.pcapng"), "-V"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.find("Malformed Packet: LwM2M]"), std::string::npos);
}

TEST(TruncatedSample, CutPayloadsAreNotDecodedButNamesStillAre) {
  Rows rows = tshark_fields(sample("truncated.pcapng"), "frame.number == 7 || frame.number == 15",
                            {"frame.number", "lwm2m.ep", "lwm2m.ep.valid", "lwm2m.objects",
                             "lwm2m.undecoded", "lwm2m.objects.invalid"});
  Rows expected = {
      {"7", "urn:imei:490154203237518", "1", "", "1", ""},
      {"15", "urn:imei:490154203237518", "1", "", "1", ""},
  };
  EXPECT_EQ(rows, expected);
  Rows notes = tshark_fields(sample("truncated.pcapng"), "lwm2m.undecoded",
                             {"frame.number", "_ws.expert.message"});
  EXPECT_EQ(notes,
            (Rows{{"7", "The capture cut the payload short: the objects are not decoded"},
                  // Frame 15 is also lifecycle.pcapng's duplicate registration.
                  {"15",
                   "Duplicate Endpoint Client Name: ep=urn:imei:490154203237518 with ept 2 is "
                   "already registered with this server by 10.0.0.11:49153 (frame 7, /rd/5a3f)|"
                   "The capture cut the payload short: the objects are not decoded"}}));
}

// A request of no known client still takes over its token once the capture has an LwM2M
// exchange open: here a GET reuses the token of a Register the server has not answered yet, so
// the GET's separate 2.05 is not the Register's answer (the 2.01 acknowledging the Register's
// message ID is).
TEST(PlainCoap, ARequestOfNoKnownClientTakesOverAPendingRegistersToken) {
  TempDir dir;
  const std::string capture = dir.file("token-reuse.pcap");
  {
    using coap::MessageData;
    const auto message = [](coap::Type type, uint8_t code, uint16_t message_id) {
      MessageData m;
      m.type = type;
      m.code = code;
      m.message_id = message_id;
      m.token = {0x7a};
      return m;
    };
    // CON POST /rd?ept=2&ep=…, MID 1, token 7a.
    const Bytes reg = coap::encode_datagram(message(coap::Type::kConfirmable, coap::kPost, 1)
                                                .path("/rd")
                                                .query({"ept=2", "ep=urn:imei:490154203237518"}));
    // CON GET /sensors/temp, MID 2, token 7a again.
    const Bytes get = coap::encode_datagram(
        message(coap::Type::kConfirmable, coap::kGet, 2).path("/sensors/temp"));
    // NON 2.05 "21.5", MID 0x100, token 7a: a separate response, paired by its token.
    const Bytes content = coap::encode_datagram(
        message(coap::Type::kNonConfirmable, coap::kContent, 0x100).body("21.5"));
    // ACK 2.01, MID 1, token 7a, Location-Path rd/5: the Register's answer, by message ID.
    const Bytes created = coap::encode_datagram(
        message(coap::Type::kAcknowledgement, coap::kCreated, 1).location("rd/5"));
    const Ipv4 up("10.0.0.9", "10.0.0.1");
    const Ipv4 down("10.0.0.1", "10.0.0.9");
    PcapWriter writer(capture, DLT_EN10MB);
    writer.add(ethernet(0x0800, ipv4(up, udp(49153, 5683, reg))), 1'000'000'000);
    writer.add(ethernet(0x0800, ipv4(up, udp(49153, 5683, get))), 1'001'000'000);
    writer.add(ethernet(0x0800, ipv4(down, udp(5683, 49153, content))), 1'002'000'000);
    writer.add(ethernet(0x0800, ipv4(down, udp(5683, 49153, created))), 1'003'000'000);
  }
  EXPECT_EQ(
      tshark_fields(capture, "frame",
                    {"frame.number", "lwm2m.operation", "lwm2m.response_to", "lwm2m.location"}),
      (Rows{{"1", "Register", "", ""},
            {"2", "", "", ""},
            {"3", "", "", ""},
            {"4", "Register", "1", "/rd/5"}}));
}

}  // namespace
}  // namespace lwm2m::test
