// Messages quoted inside ICMP and ICMPv6 errors (samples/undelivered.pcapng, made by the
// generator, and the real Wakaama capture of ../shared/captures): a quoted copy is not a message.
// It creates, pairs, counts and flags nothing; it says what it quotes, and the message it quotes
// says it was not delivered (with two passes: the error comes later). Also the labels that read
// wrong before: an Update whose Register got no 2.01, lwm2m.operation.code, lwm2m.ept.text.
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

const std::vector<std::string> kFields = {
    "frame.number",         "lwm2m.operation", "lwm2m.operation.code", "lwm2m.quote_of",
    "lwm2m.undelivered_in", "lwm2m.ep",        "_ws.expert.message"};

std::string undelivered() {
  return sample("undelivered.pcapng");
}

TEST(UndeliveredSample, EachQuotedCopySaysWhatItQuotesAndItsOriginalIsUndelivered) {
  // Two passes: the original learns of the error that comes after it.
  const Rows rows =
      tshark_fields(undelivered(), "lwm2m.quote_of || lwm2m.undelivered_in", kFields, {"-2"});
  const Rows expected = {
      {"1", "Register", "1", "", "2", "urn:imei:490154203237518",
       "Not delivered: ICMP host unreachable from 10.0.4.254 (frame 2)"},
      {"2", "Register", "1", "1", "", "urn:imei:490154203237518",
       "Retransmitted|The Register of frame 1 was not delivered: ICMP host unreachable from "
       "10.0.4.254 (this frame quotes it)"},
      {"7", "Update", "2", "", "8", "urn:imei:356938035643809",
       "Not delivered: ICMPv6 port unreachable from 2001:db8::1 (frame 8)"},
      {"8", "Update", "2", "7", "", "urn:imei:356938035643809",
       "Retransmitted|The Update of frame 7 was not delivered: ICMPv6 port unreachable from "
       "2001:db8::1 (this frame quotes it)"},
      {"12", "De-register", "3", "", "13", "urn:imei:352099001761481",
       "Not delivered: ICMPv6 port unreachable from 2001:db8:4::3 (frame 13)"},
      {"13", "De-register", "3", "12", "", "urn:imei:352099001761481",
       "The De-register response 2.02 Deleted of frame 12 was not delivered: ICMPv6 port "
       "unreachable from 2001:db8:4::3 (this frame quotes it)"},
      {"14", "Bootstrap-Request", "4", "", "15", "urn:imei:860012345678902",
       "Not delivered: ICMPv6 address unreachable from 2001:db8:4::fe (frame 15)"},
      {"15", "Bootstrap-Request", "4", "14", "", "urn:imei:860012345678902",
       "Retransmitted|The Bootstrap-Request of frame 14 was not delivered: ICMPv6 address "
       "unreachable from 2001:db8:4::fe (this frame quotes it)"},
      {"18", "Register", "1", "", "19", "urn:imei:860012345678910",
       "Not delivered: ICMP host unreachable from 10.0.4.254 (frame 19)"},
      {"19", "Register", "1", "18", "", "urn:imei:860012345678910",
       "Retransmitted|The Register of frame 18 was not delivered: ICMP host unreachable from "
       "10.0.4.254 (this frame quotes it)"},
  };
  EXPECT_EQ(rows, expected);
  // One pass: the error's own frame says it all; the original is as it was.
  EXPECT_EQ(tshark_fields(undelivered(), "lwm2m.undelivered_in", {"frame.number"}), Rows{});
  EXPECT_EQ(tshark_fields(undelivered(), "lwm2m.quote_of", {"frame.number"}),
            (Rows{{"2"}, {"8"}, {"13"}, {"15"}, {"19"}}));
}

TEST(UndeliveredSample, TheErrorKeepsItsInfoAndNamesTheMessageItQuotes) {
  EXPECT_EQ(tshark_info(undelivered(), "icmp || icmpv6"),
            (std::vector<std::string>{
                "Destination unreachable (Host unreachable) [LwM2M: the Register of frame 1 was "
                "not delivered]",
                "Destination Unreachable (Port unreachable) [LwM2M: the Update of frame 7 was not "
                "delivered]",
                "Destination Unreachable (Port unreachable) [LwM2M: the De-register response "
                "2.02 Deleted of frame 12 was not delivered]",
                "Destination Unreachable (Address unreachable) [LwM2M: the Bootstrap-Request of "
                "frame 14 was not delivered]",
                "Destination unreachable (Port unreachable)",
                "Destination unreachable (Host unreachable) [LwM2M: the Register of frame 18 was "
                "not delivered]"}));
  // Frame 17 quotes a GET of no LwM2M client: nothing of LwM2M.
  EXPECT_EQ(tshark_fields(undelivered(), "frame.number == 16 || frame.number == 17",
                          {"frame.number", "lwm2m.operation"}),
            (Rows{{"16", ""}, {"17", ""}}));
}

TEST(UndeliveredSample, AQuotedCopyIsNotARetransmissionNorAnAnswer) {
  // Frame 3 sends the Register of frame 1 again: its retransmission, not of the copy in frame 2.
  EXPECT_EQ(tshark_fields(undelivered(), "lwm2m.retransmission_of",
                          {"frame.number", "lwm2m.retransmission_of"}),
            (Rows{{"3", "1"}}));
  // The De-register's only answer is frame 12.
  EXPECT_EQ(tshark_fields(undelivered(), "frame.number == 11", {"lwm2m.response_in"}, {"-2"}),
            (Rows{{"12"}}));
}

TEST(UndeliveredSample, StatisticsCountEachMessageOnceAndTheUndeliveredApart) {
  const CommandResult ops =
      run_tshark({"-r", undelivered(), "-q", "-z", "lwm2m,ops", "-z", "lwm2m,endpoints"});
  ASSERT_EQ(ops.exit_code, 0) << ops.err;
  EXPECT_NE(
      ops.out.find(
          "De-register                  |2.02 Deleted                   |                     "
          "|    1 |"),
      std::string::npos)
      << ops.out;
  EXPECT_NE(
      ops.out.find(
          "Register                     |request                        |URN                  "
          "|    6 |"),
      std::string::npos)
      << ops.out;
  EXPECT_NE(ops.out.find("2       |URN                  |urn:imei:352099001761481                  "
                         "   |IMEI      |yes   |[2001:db8:4::3]:49153 |[2001:db8::1]:5683    |   "
                         "              0 |        1 |      0 |           1 |/rd/2          |      "
                         "   0 |          1 |\n"),
            std::string::npos)
      << ops.out;
  EXPECT_NE(ops.out.find("2       |URN                  |urn:imei:860012345678902                  "
                         "   |IMEI      |yes   |[2001:db8:4::4]:49153 |[2001:db8::99]:5683   |   "
                         "              1 |        0 |      0 |           0 |               |      "
                         "   0 |          1 |\n"),
            std::string::npos)
      << ops.out;
}

TEST(UndeliveredSample, AnUpdateWithoutA201SaysWhatIsMissing) {
  EXPECT_EQ(tshark_info(undelivered(), "lwm2m.registration.unknown"),
            (std::vector<std::string>{"LwM2M Update /rd/7 [Register of frame 18 got no answer]",
                                      "LwM2M Update /rd/8 [Register of frame 22 refused]",
                                      "LwM2M Update /rd/10 [no 2.01 for /rd/10 in capture]"}));
  EXPECT_EQ(
      tshark_fields(undelivered(), "lwm2m.registration.unknown", {"_ws.expert.message"}),
      (Rows{{"No 2.01 made this registration: the Register of frame 18 from this host got no "
             "answer in the capture"},
            {"No 2.01 made this registration: the server refused the Register of frame 22 from "
             "this host (frame 23)"},
            {"No 2.01 in the capture hands out /rd/10: the Register of frame 26 from this host "
             "was given another location"}}));
}

TEST(OperationCode, IsAnIntegerFieldWithTheOperationNames) {
  const CommandResult values = run_tshark({"-G", "values"});
  ASSERT_EQ(values.exit_code, 0) << values.err;
  for (const char* line :
       {"V\tlwm2m.operation.code\t1\tRegister\n", "V\tlwm2m.operation.code\t2\tUpdate\n",
        "V\tlwm2m.operation.code\t3\tDe-register\n",
        "V\tlwm2m.operation.code\t4\tBootstrap-Request\n",
        "V\tlwm2m.operation.code\t5\tBootstrap-Finish\n"}) {
    EXPECT_NE(values.out.find(line), std::string::npos) << line;
  }
  const CommandResult fields = run_tshark({"-G", "fields"});
  EXPECT_NE(fields.out.find("F\tUnusable Endpoint Client Name Type\tlwm2m.ept.text\tFT_STRING"),
            std::string::npos);
}

// The real Wakaama client closed its port before the server's 2.02 to its De-register came back
// (../shared/captures/wakaama-bootstrap-then-register.pcapng, frame 25).
TEST(WakaamaUndelivered, TheQuoted202IsNoSecondAnswer) {
  const std::string capture = shared_capture("wakaama-bootstrap-then-register.pcapng");
  if (capture.empty()) GTEST_SKIP() << "../shared/captures absent";
  const std::vector<std::string> decode = {"-d", "udp.port==5785,coap", "-d",
                                           "udp.port==5783,coap"};
  std::vector<std::string> two_passes = decode;
  two_passes.push_back("-2");
  EXPECT_EQ(tshark_fields(capture, "frame.number >= 24", kFields, two_passes),
            (Rows{{"24", "De-register", "3", "", "25", "urn:imei:356938035643809",
                   "Not delivered: ICMP port unreachable from 127.0.0.1 (frame 25)"},
                  {"25", "De-register", "3", "24", "", "urn:imei:356938035643809",
                   "The De-register response 2.02 Deleted of frame 24 was not delivered: ICMP "
                   "port unreachable from 127.0.0.1 (this frame quotes it)"}}));
  EXPECT_EQ(tshark_info(capture, "frame.number == 25", decode),
            (std::vector<std::string>{"Destination unreachable (Port unreachable) [LwM2M: the "
                                      "De-register response 2.02 Deleted of frame 24 was not "
                                      "delivered]"}));
  std::vector<std::string> args = {"-r", capture, "-q", "-z", "lwm2m,ops"};
  args.insert(args.end(), decode.begin(), decode.end());
  const CommandResult ops = run_tshark(args);
  ASSERT_EQ(ops.exit_code, 0) << ops.err;
  EXPECT_NE(
      ops.out.find(
          "De-register                  |2.02 Deleted                   |                     "
          "|    1 |"),
      std::string::npos)
      << ops.out;
  EXPECT_EQ(ops.out.find("copy"), std::string::npos) << ops.out;
}

// The error's sender is read from the outer IPv6 header, also when extension headers (here a
// Hop-by-Hop and a Destination Options header) lie between it and the ICMPv6 error.
TEST(UndeliveredIpv6, TheSenderIsFoundBehindExtensionHeaders) {
  TempDir dir;
  const std::string capture = dir.file("icmpv6-extensions.pcap");
  {
    // CON POST /rd?ept=2&ep=…, MID 1, token 7a.
    coap::MessageData message;
    message.code = coap::kPost;
    message.message_id = 1;
    message.token = {0x7a};
    message.path("/rd").query({"ept=2", "ep=urn:imei:490154203237518"});
    const Bytes reg = coap::encode_datagram(message);
    const Bytes datagram = ipv6(Ipv6("2001:db8::9", "2001:db8::1"), udp(49153, 5683, reg));
    // ICMPv6 destination unreachable, port unreachable (checksum not set), quoting it all.
    const Bytes error = Bytes{1, 4, 0, 0, 0, 0, 0, 0} + datagram;
    Ipv6 outer("2001:db8::1", "2001:db8::9");
    outer.next_header = 0;  // Hop-by-Hop, then Destination Options (60), then ICMPv6 (58)
    const Bytes extensions = ipv6_extension(60, 8) + ipv6_extension(58, 16);
    PcapWriter writer(capture, DLT_EN10MB);
    writer.add(ethernet(0x86dd, datagram), 1'000'000'000);
    writer.add(ethernet(0x86dd, ipv6(outer, extensions + error)), 1'001'000'000);
  }
  EXPECT_EQ(tshark_fields(capture, "lwm2m.quote_of", {"frame.number", "lwm2m.quote_of"}),
            (Rows{{"2", "1"}}));
  const Rows notes = tshark_fields(capture, "lwm2m.quote_of", {"_ws.expert.message"});
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0][0].find("The Register of frame 1 was not delivered: ICMPv6 port unreachable "
                             "from 2001:db8::1 (this frame quotes it)"),
            std::string::npos)
      << notes[0][0];
}

}  // namespace
}  // namespace lwm2m::test
