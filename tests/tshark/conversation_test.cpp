// One device's whole conversation (samples/conversation.pcapng, samples/README.md): every message
// to and from a bootstrapping or registered client carries its name, so that one filter shows
// one device, on one pass and on two.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

const std::string kDevice = "urn:imei:490154203237518";

std::vector<std::string> frames_of(const std::string& filter,
                                   const std::vector<std::string>& extra_args = {}) {
  std::vector<std::string> args = {"-d", "udp.port==5783,coap"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<std::string> frames;
  for (const auto& row :
       tshark_fields(sample("conversation.pcapng"), filter, {"frame.number"}, args)) {
    frames.push_back(row.at(0));
  }
  return frames;
}

std::vector<std::string> numbers(int first, int last) {
  std::vector<std::string> out;
  for (int n = first; n <= last; ++n) out.push_back(std::to_string(n));
  return out;
}

std::vector<std::string> device_frames() {
  // Bootstrap (1-12), Register (13/14), the server's requests and Notifies (17-20, 23-36),
  // Update and De-register (37-40); 15/16 and 21/22 belong to the other client.
  std::vector<std::string> frames = numbers(1, 14);
  for (const auto& range : {numbers(17, 20), numbers(23, 40)}) {
    frames.insert(frames.end(), range.begin(), range.end());
  }
  return frames;
}

TEST(ConversationSample, OneFilterShowsOneDevice) {
  const std::string filter = "lwm2m.ep == \"" + kDevice + "\"";
  EXPECT_EQ(frames_of(filter), device_frames());
  EXPECT_EQ(frames_of(filter, {"-2"}), device_frames());
  EXPECT_EQ(frames_of("lwm2m.ep == \"00A0C9-ThermoV2-SN12345\""),
            (std::vector<std::string>{"15", "16", "21", "22"}));
  EXPECT_EQ(frames_of("lwm2m.ep == \"urn:uuid:6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\" && ipv6"),
            numbers(41, 46));
}

TEST(ConversationSample, EachMessageSaysWhereItsNameComesFrom) {
  Rows rows = tshark_fields(
      sample("conversation.pcapng"),
      "frame.number == 3 || frame.number == 11 || frame.number == 17 || frame.number == 31 || "
      "frame.number == 32",
      {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.ept", "lwm2m.registration_in",
       "lwm2m.bootstrap_in", "_ws.col.Info"},
      {"-d", "udp.port==5783,coap"});
  Rows expected = {
      // The bootstrap server's Bootstrap-Discover, named, with the client's name.
      {"3", "Bootstrap-Discover", kDevice, "2", "", "1", "LwM2M Bootstrap-Discover /"},
      {"11", "Bootstrap-Finish", kDevice, "2", "", "1",
       "LwM2M Bootstrap-Finish ep=" + kDevice + " [URN]"},
      {"17", "Read", kDevice, "2", "13", "", "LwM2M Read /3/0 (Device)"},
      // A Notify from the client, and the server's empty ACK of it (no operation: CoAP's Info).
      {"31", "Notify", kDevice, "2", "13", "",
       "LwM2M Notify /3/0/9 (Device / Battery Level) 2.05 Content"},
      {"32", "", kDevice, "2", "13", "", "ACK, MID:4112, Empty Message"},
  };
  EXPECT_EQ(rows, expected);
}

// Every operation of the conversation is counted (the bootstrap server's, the server's and the
// Notifies); the server's empty ACKs of the Notifies are no operation.
TEST(ConversationSample, ConversationOperationsAreCounted) {
  CommandResult result = run_tshark(
      {"-r", sample("conversation.pcapng"), "-d", "udp.port==5783,coap", "-q", "-z", "lwm2m,ops"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string rule =
      "============================================================================================"
      "=="
      "=======\n";
  EXPECT_EQ(result.out,
            "\n" + rule +
                "LwM2M Operations:\n"
                "Filter for statistics: \n"
                "Operation |Message |Type |Count |Invalid names |Invalid % |\n"
                "Per operation and message\n"
                "Bootstrap-Request            |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Bootstrap-Request            |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Bootstrap-Discover           |request                        |URN               "
                "   |    1 |            0 |      0.0 |\n"
                "Bootstrap-Discover           |2.05 Content                   |                  "
                "   |    1 |            0 |      0.0 |\n"
                "Bootstrap-Delete             |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Bootstrap-Delete             |2.02 Deleted                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Bootstrap-Write              |request                        |URN                "
                "  |    2 |            0 |      0.0 |\n"
                "Bootstrap-Write              |2.04 Changed                   |                   "
                "  |    2 |            0 |      0.0 |\n"
                "Bootstrap-Finish             |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Bootstrap-Finish             |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Register                     |request                        |URN                "
                "  |    2 |            0 |      0.0 |\n"
                "Register                     |2.01 Created                   |                   "
                "  |    3 |            0 |      0.0 |\n"
                "Register                     |request                        |OUI-PC-Serial "
                "Number |    1 |            0 |      0.0 |\n"
                "Read                         |request                        |URN                "
                "  |    2 |            0 |      0.0 |\n"
                "Read                         |2.05 Content                   |                   "
                "  |    3 |            0 |      0.0 |\n"
                "Discover                     |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Discover                     |2.05 Content                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Read                         |request                        |OUI-PC-Serial "
                "Number |    1 |            0 |      0.0 |\n"
                "Write                        |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Write                        |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Write-Attributes             |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Write-Attributes             |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Execute                      |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Execute                      |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Observe                      |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Observe                      |2.05 Content                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "Notify                       |2.05 Content                   |                   "
                "  |    2 |            0 |      0.0 |\n"
                "Cancel Observation           |request                        |URN               "
                "   |    1 |            0 |      0.0 |\n"
                "Cancel Observation           |2.05 Content                   |                  "
                "   |    1 |            0 |      0.0 |\n"
                "Update                       |request                        |URN                "
                "  |    1 |            0 |      0.0 |\n"
                "Update                       |2.04 Changed                   |                   "
                "  |    1 |            0 |      0.0 |\n"
                "De-register                  |request                        |URN                "
                "  |    2 |            0 |      0.0 |\n"
                "De-register                  |2.02 Deleted                   |                   "
                "  |    2 |            0 |      0.0 |\n" +
                rule);
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// A real device's life against Eclipse Wakaama's bootstrap server (UDP 5785) and LwM2M server
// (UDP 5783), ../shared/captures/PEERS.md: every message carries the client's name, and the
// bootstrap server's query-less POST /bs is its Bootstrap-Finish. Frame 25 (a copy quoted in an
// ICMP error) is left to the ICMP issue.
TEST(WakaamaBootstrapThenRegister, TheDevicesWholeLifeCarriesItsName) {
  const std::string capture = shared_capture("wakaama-bootstrap-then-register.pcapng");
  if (capture.empty()) {
    GTEST_SKIP() << "../shared/captures/wakaama-bootstrap-then-register.pcapng absent";
  }
  Rows rows = tshark_fields(capture, "frame.number <= 24",
                            {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.bootstrap_in",
                             "lwm2m.registration_in"},
                            {"-d", "udp.port==5785,coap", "-d", "udp.port==5783,coap"});
  const std::string name = "urn:imei:356938035643809";
  Rows expected = {{"1", "Bootstrap-Request", name, "", ""},
                   {"2", "Bootstrap-Request", name, "", ""}};
  // The bootstrap server's Discover, Deletes and Writes, each request and answer (the operations
  // frame by frame: operations_test.cpp).
  for (const char* operation : {"Bootstrap-Discover", "Bootstrap-Delete", "Bootstrap-Delete",
                                "Bootstrap-Write", "Bootstrap-Write", "Bootstrap-Write"}) {
    for (int i = 0; i < 2; ++i)
      expected.push_back({std::to_string(expected.size() + 1), operation, name, "1", ""});
  }
  expected.push_back({"15", "Bootstrap-Finish", name, "1", ""});
  expected.push_back({"16", "Bootstrap-Finish", name, "1", ""});
  expected.push_back({"17", "Register", name, "", ""});
  expected.push_back({"18", "Register", name, "", "17"});
  expected.push_back({"19", "Read", name, "", "17"});  // the server's Read and its answer
  expected.push_back({"20", "Read", name, "", "17"});
  expected.push_back({"21", "Update", name, "", "17"});
  expected.push_back({"22", "Update", name, "", "17"});
  expected.push_back({"23", "De-register", name, "", "17"});
  expected.push_back({"24", "De-register", name, "", "17"});
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test
