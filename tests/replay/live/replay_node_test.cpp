// lwm2m-replay against lwm2m-node-lib's server (tests/replay/peers) on loopback: a real client's
// Register -> Read -> Updates -> De-register (samples/real-node-lifecycle.pcapng) replayed, and
// what the server saw.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"
#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

const char kEp[] = "urn:imei:490154203237518";

std::vector<std::string> column(const json& exchanges, const std::string& key) {
  std::vector<std::string> values;
  for (const json& exchange : exchanges) values.push_back(exchange.at(key).get<std::string>());
  return values;
}

TEST(ReplayNode, EveryExchangeOfTheRealLifecycleMatchesAndTheServerReadIsAnswered) {
  NodeServer server({"--read", "/3/0/0"});
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(),
                  "--report", "json=" + dir.path("report.json"), "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer; 1 server "
                         "request (1 answered from the capture, 0 with 4.04); 1 client;"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("server Read /3/0/0 to urn:imei:490154203237518: answered 2.05 Content "
                         "from captured frame 5"),
            std::string::npos)
      << run.out;

  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("target"), server.target());
  EXPECT_EQ(report.at("server"), "127.0.0.1:5683");
  const json& exchanges = report.at("exchanges");
  EXPECT_EQ(column(exchanges, "operation"),
            (std::vector<std::string>{"Register", "Update", "Update", "De-register"}));
  EXPECT_EQ(column(exchanges, "outcome"),
            (std::vector<std::string>{"matched", "matched", "matched", "matched"}));
  std::vector<std::string> live_codes;
  for (const json& exchange : exchanges) live_codes.push_back(exchange.at("live").at("code"));
  EXPECT_EQ(live_codes, (std::vector<std::string>{"2.01", "2.04", "2.04", "2.02"}));
  EXPECT_EQ(exchanges[0].at("live").at("location"), "/rd/1");
  EXPECT_EQ(exchanges[0].at("request_frame"), 1);
  EXPECT_EQ(exchanges[0].at("response_frame"), 2);
  // Every request left from one socket, not from the captured client's four ports.
  EXPECT_EQ(exchanges[0].at("captured_address"), "127.0.0.1:42731");
  for (const json& exchange : exchanges)
    EXPECT_EQ(exchange.at("live_address"), exchanges[0].at("live_address"));
  const json& server_requests = report.at("server_requests");
  ASSERT_EQ(server_requests.size(), 1u);
  EXPECT_EQ(server_requests[0].at("request"), "Read /3/0/0");
  EXPECT_EQ(server_requests[0].at("answer").at("code"), "2.05");
  EXPECT_EQ(server_requests[0].at("captured_frame"), 5);
  EXPECT_EQ(report.at("summary").at("matched"), 4);
  EXPECT_EQ(report.at("summary").at("target_answered"), true);

  // The server saw the device's lifecycle, and read the captured value.
  ASSERT_EQ(events_named(server, "registered").size(), 1u);
  EXPECT_EQ(events_named(server, "registered")[0].at("ep"), kEp);
  EXPECT_EQ(events_named(server, "registered")[0].at("query").at("ept"), "2");
  ASSERT_EQ(events_named(server, "read").size(), 1u);
  EXPECT_EQ(events_named(server, "read")[0].at("code"), "2.05");
  EXPECT_EQ(events_named(server, "read")[0].at("value"), "lwm2m-ept");
  EXPECT_EQ(events_named(server, "updated").size(), 2u);
  ASSERT_EQ(events_named(server, "deregistered").size(), 1u);
  EXPECT_EQ(events_named(server, "deregistered")[0].at("location"), "/rd/1");
}

TEST(ReplayNode, TheWrittenCaptureShowsTheLiveExchangesDecodedByThePlugin) {
  NodeServer server({"--read", "/3/0/0"});
  TempDir dir;
  const std::string written = dir.path("live.pcapng");
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--write", written, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string port = std::to_string(server.port());
  EXPECT_EQ(run.err, "lwm2m-replay: wrote 10 packets to " + written +
                         "\nlwm2m-replay: the target's port " + port +
                         " is not CoAP's default: open it with tshark -d udp.port==" + port +
                         ",coap (Wireshark: Decode As)\n");

  // The target is not on 5683: Wireshark needs "Decode As" for it.
  const Rows rows =
      tshark_fields(written, "",
                    {"frame.number", "coap.type", "coap.code", "lwm2m.operation", "lwm2m.ep",
                     "lwm2m.location", "lwm2m.response_to", "frame.comment"},
                    {"-d", "udp.port==" + std::to_string(server.port()) + ",coap"});
  const std::string ep = kEp;
  const Rows expected = {
      {"1", "0", "2", "Register", ep, "", "",
       "request: exchange 1 of " + ep + " (captured frame 1)"},
      {"2", "2", "65", "Register", ep, "/rd/1", "1",
       "response: exchange 1 of " + ep + " (captured frame 1)"},
      // The server's Read and its answer are named, and carry the registered client's name too.
      {"3", "0", "1", "Read", ep, "", "", "server request to " + ep},
      {"4", "2", "69", "Read", ep, "", "3", "answer from captured frame 5"},
      {"5", "0", "2", "Update", ep, "/rd/1", "",
       "request: exchange 2 of " + ep + " (captured frame 7)"},
      {"6", "2", "68", "Update", ep, "", "5",
       "response: exchange 2 of " + ep + " (captured frame 7)"},
      {"7", "0", "2", "Update", ep, "/rd/1", "",
       "request: exchange 3 of " + ep + " (captured frame 9)"},
      {"8", "2", "68", "Update", ep, "", "7",
       "response: exchange 3 of " + ep + " (captured frame 9)"},
      {"9", "0", "4", "De-register", ep, "/rd/1", "",
       "request: exchange 4 of " + ep + " (captured frame 11)"},
      {"10", "2", "66", "De-register", ep, "", "9",
       "response: exchange 4 of " + ep + " (captured frame 11)"},
  };
  EXPECT_EQ(rows, expected);
}

// The device of the capture is still registered (a real lwm2m-node-lib client that lingers) on
// a server that refuses a second registration of a name: without --ep-suffix the replay gets
// 4.09 and cannot go on; with it every exchange matches under the new name.
TEST(ReplayNode, EpSuffixAvoidsTheDeviceThatIsStillRegistered) {
  NodeServer server({"--conflict-on-duplicate"});
  BackgroundProcess device(
      {"node", std::string(LWM2M_SOURCE_DIR) + "/tests/replay/peers/lwm2m-client.js", "--server",
       server.target(), "--ep", kEp, "--ept", "2", "--linger-ms", "60000"});
  ASSERT_FALSE(device
                   .wait_for_line(
                       [](const std::string& line) {
                         return line.find("\"registered\"") != std::string::npos;
                       },
                       std::chrono::seconds(20))
                   .empty())
      << device.err();

  const CommandResult clash = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                          server.target(), "--fast", "--no-progress"});
  EXPECT_EQ(clash.exit_code, 1) << clash.out << clash.err;
  EXPECT_NE(clash.out.find("2.01 Created /rd/1       4.09 Conflict            differs"),
            std::string::npos)
      << clash.out;
  EXPECT_NE(clash.out.find("summary: 4 exchanges: 0 matched, 1 differs, 0 no answer, 3 skipped;"),
            std::string::npos)
      << clash.out;

  const CommandResult renamed =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(),
                  "--fast", "--ep-suffix", "-replay", "--no-progress"});
  EXPECT_EQ(renamed.exit_code, 0) << renamed.out << renamed.err;
  EXPECT_NE(renamed.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << renamed.out;
  const std::vector<json> registered = events_named(server, "registered");
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_EQ(registered[0].at("ep"), kEp);  // the device
  EXPECT_EQ(registered[1].at("ep"), std::string(kEp) + "-replay");
  EXPECT_EQ(registered[1].at("location"), "/rd/2");
  // The device's registration was left alone.
  for (const json& event : events_named(server, "deregistered"))
    EXPECT_EQ(event.at("ep"), std::string(kEp) + "-replay");
}

TEST(ReplayNode, AStoppedServerEndsTheRunWithExitThreeWithinItsBounds) {
  int port = 0;
  {
    NodeServer server;
    port = server.port();
    ASSERT_EQ(server.stop(), 0);
  }
  const auto started = std::chrono::steady_clock::now();
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        "127.0.0.1:" + std::to_string(port), "--ack-timeout", "1",
                                        "--max-retransmit", "1", "--no-progress"});
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  // The retransmission, 1-1.5 s after the Register, is refused again: the client stops then,
  // before giving up on the acknowledgement.
  EXPECT_NE(run.out.find("        the target's port refused it (ICMP port unreachable) for "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" ms: nothing listens there; the client stopped\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 0 matched, 0 differ, 1 no answer, 3 skipped, 1 "
                         "needed a retransmission (100.0 %); 0 server requests; 1 client;"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("; the target never answered (its port is closed: ICMP port unreachable)"),
            std::string::npos)
      << run.out;
  // MAX_TRANSMIT_WAIT for ACK_TIMEOUT 1 s and one retransmission is 4.5 s; the run is bounded by
  // it and by the captured gaps (under 1 s), not by the defaults (93 s).
  EXPECT_LT(took, std::chrono::seconds(30));
}

// Plain CoAP has no lower bound of its own (DTLS has libcoap's): a quarter-second ACK timeout and
// no retransmission give up on the Register after a quarter to three eighths of a second.
TEST(ReplayNode, PlainCoapTakesAnAckTimeoutBelowOneSecondAndNoRetransmission) {
  const int port = free_udp_port();
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                  "127.0.0.1:" + std::to_string(port), "--fast", "--ack-timeout", "0.25",
                  "--max-retransmit", "0", "--report", "json", "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const json report = json::parse(run.out);
  const json& first = report.at("exchanges").at(0);
  EXPECT_EQ(first.at("outcome"), "no_answer");
  EXPECT_EQ(first.at("failure"),
            "no acknowledgement after 0 retransmissions (ICMP errors: is the server running?)");
  // 250-375 ms; a clamp to 1 s (libcoap's least) would show as 1000-1500.
  const double waited_ms = first.at("round_trip_ms");
  EXPECT_GE(waited_ms, 250.0);
  EXPECT_LT(waited_ms, 1000.0);
}

TEST(ReplayNode, ServerRequestsWithoutACapturedAnswerGetNotFound) {
  // /3/0/1 was never read in the capture.
  NodeServer server({"--read", "/3/0/0", "--read", "/3/0/1"});
  const CommandResult run = run_replay(
      {sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 server requests (1 answered from the capture, 1 with 4.04)"),
            std::string::npos)
      << run.out;
  const std::vector<json> reads = events_named(server, "read");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].at("path"), "/3/0/0");
  EXPECT_EQ(reads[0].at("code"), "2.05");
  EXPECT_EQ(reads[1].at("path"), "/3/0/1");
  EXPECT_EQ(reads[1].at("code"), "4.04");
}

TEST(ReplayNode, RespondNoneLeavesServerRequestsUnanswered) {
  NodeServer server({"--read", "/3/0/0"});
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--respond", "none", "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("server Read /3/0/0 to urn:imei:490154203237518: left unanswered "
                         "(--respond none)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("1 server request (0 answered from the capture, 0 with 4.04)"),
            std::string::npos)
      << run.out;
  EXPECT_TRUE(events_named(server, "read").empty());
}

TEST(ReplayNode, SetAndDropRewriteTheQueriesTheServerSees) {
  NodeServer server;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(),
                  "--fast", "--drop", "ept", "--set", "lt=120", "--report",
                  "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::vector<json> registered = events_named(server, "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].at("query"),
            json({{"ep", kEp}, {"lt", "120"}, {"lwm2m", "1.0"}, {"b", "U"}}));
  EXPECT_EQ(registered[0].at("lifetime"), 120);
  const std::vector<json> updated = events_named(server, "updated");
  ASSERT_EQ(updated.size(), 2u);
  EXPECT_EQ(updated[0].at("query"), json({{"lt", "120"}, {"lwm2m", "1.0"}, {"b", "U"}}));
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("exchanges")[0].at("changes"), json({"dropped ept=2", "lt=60 -> lt=120"}));
}

// --clients 3 turns the one device into three with their own names, sockets and registrations;
// the copies' Updates and De-registers go to their own live locations (one-option rd/N form).
TEST(ReplayNode, ClientsCopiesEachFollowTheirOwnLiveLocation) {
  NodeServer server;
  TempDir dir;
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--fast", "--clients", "3", "--report",
                                        "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 12 exchanges: 12 matched, 0 differ, 0 no answer; 0 server "
                         "requests; 3 clients;"),
            std::string::npos)
      << run.out;
  std::map<std::string, std::string> location_of;  // ep -> live location
  for (const json& event : events_named(server, "registered"))
    location_of[event.at("ep")] = event.at("location");
  ASSERT_EQ(location_of.size(), 3u);
  for (int copy = 1; copy <= 3; ++copy)
    EXPECT_EQ(location_of.count(std::string(kEp) + "-" + std::to_string(copy)), 1u) << copy;
  // Each copy de-registered its own registration.
  std::map<std::string, std::string> deregistered;
  for (const json& event : events_named(server, "deregistered"))
    deregistered[event.at("ep")] = event.at("location");
  EXPECT_EQ(deregistered, location_of);
  // A copy whose live location is not the captured /rd/1 says how its requests were rewritten.
  const json report = read_json(dir.path("report.json"));
  int mapped = 0;
  for (const json& exchange : report.at("exchanges")) {
    if (exchange.at("operation") == "Register") continue;
    const std::string live = location_of.at(exchange.at("client").get<std::string>());
    if (live == "/rd/1") {
      EXPECT_EQ(exchange.at("changes"), json::array());
    } else {
      EXPECT_EQ(exchange.at("changes"), json({"/rd/1 -> " + live}));
      ++mapped;
    }
  }
  EXPECT_EQ(mapped, 6);  // two copies, three requests each
}

}  // namespace
}  // namespace lwm2m::test
