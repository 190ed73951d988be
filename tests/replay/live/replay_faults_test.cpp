// lwm2m-replay when the network or the server misbehaves: a fault proxy between the replay and
// lwm2m-node-lib's server drops, duplicates and reorders datagrams, or pauses; the server is
// restarted mid-run. Every exchange must still end within its bounds and be counted once.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fault_proxy.h"
#include "live_peers.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

bool is_register_matched(const std::string& line) {
  return line.find("Register POST") != std::string::npos &&
         line.find("matched") != std::string::npos;
}

// 20 % of the datagrams lost each way: confirmable requests are retransmitted until they get
// through, and every exchange of five copies of the device matches.
TEST(ReplayFaults, TwentyPercentLossEveryExchangeCompletesThroughRetransmission) {
  NodeServer server({"--read", "/3/0/0"});
  Faults faults;
  faults.loss = 0.2;
  faults.seed = 20;
  FaultProxy proxy(server.port(), faults);
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", proxy.target(),
                  "--clients", "5", "--ack-timeout", "1", "--max-retransmit", "8", "--report",
                  "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("summary").at("exchanges"), 20);
  EXPECT_EQ(report.at("summary").at("matched"), 20) << run.out;
  EXPECT_GT(proxy.counts().dropped, 0u);
  // Each copy registered once and de-registered once, whatever was retransmitted.
  EXPECT_EQ(events_named(server, "registered").size(), 5u);
  EXPECT_EQ(events_named(server, "deregistered").size(), 5u);
}

// Half the datagrams sent twice and all delayed by up to 30 ms (so reordered): duplicates of
// requests and of responses are not counted as exchanges, answers or registrations.
TEST(ReplayFaults, DuplicatedAndReorderedDatagramsAreCountedOnce) {
  NodeServer server({"--read", "/3/0/0"});
  Faults faults;
  faults.duplicate = 0.5;
  faults.max_delay = std::chrono::milliseconds(30);
  faults.seed = 3;
  FaultProxy proxy(server.port(), faults);
  TempDir dir;
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        proxy.target(), "--clients", "5", "--report",
                                        "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("exchanges").size(), 20u);
  EXPECT_EQ(report.at("summary").at("matched"), 20) << run.out;
  EXPECT_EQ(report.at("summary").at("differ"), 0);
  EXPECT_GT(proxy.counts().duplicated, 10u);
  EXPECT_EQ(events_named(server, "registered").size(), 5u);
  EXPECT_EQ(events_named(server, "deregistered").size(), 5u);
  // Each copy's server Read is reported once, however often it arrived.
  EXPECT_EQ(report.at("server_requests").size(), 5u);
  EXPECT_EQ(report.at("summary").at("server_requests"), 5);
  // A duplicate got the captured answer again, not a 4.04 for a second Read.
  EXPECT_EQ(report.at("summary").at("answered_from_capture"), 5);
  EXPECT_EQ(report.at("summary").at("answered_not_found"), 0);
  for (const json& read : events_named(server, "read")) EXPECT_EQ(read.at("code"), "2.05");
}

// The server restarts between the Register and the first Update: it forgot the registration,
// so the Updates and the De-register get 4.04, each reported as such, and the run ends.
TEST(ReplayFaults, AServerRestartMidRunIsReportedPerExchange) {
  const int port = free_udp_port();
  auto server = std::make_unique<NodeServer>(std::vector<std::string>{}, "127.0.0.1", port);
  TempDir dir;
  // Captured gaps 5 times slower: the first Update leaves 1.5 s after the Register.
  BackgroundProcess replay(
      replay_argv({sample_capture("real-node-lifecycle.pcapng"), "--target", server->target(),
                   "--speed", "0.2", "--ack-timeout", "1", "--max-retransmit", "2", "--report",
                   "json=" + dir.path("report.json"), "--no-progress"}));
  ASSERT_FALSE(replay.wait_for_line(is_register_matched, std::chrono::seconds(20)).empty())
      << replay.err();
  server->stop();
  server = std::make_unique<NodeServer>(std::vector<std::string>{}, "127.0.0.1", port);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_FALSE(
      replay
          .wait_for_line([](const std::string& line) { return line.rfind("summary:", 0) == 0; },
                         std::chrono::seconds(60))
          .empty())
      << replay.err();
  EXPECT_EQ(replay.stop(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));

  const json report = read_json(dir.path("report.json"));
  const std::map<int, std::string> expected = {
      {1, "matched"}, {7, "differs"}, {9, "differs"}, {11, "differs"}};
  EXPECT_EQ(outcomes_by_frame(report), expected);
  for (const json& exchange : report.at("exchanges")) {
    if (exchange.at("operation") == "Register") continue;
    EXPECT_EQ(exchange.at("live").at("code"), "4.04") << exchange.dump();
  }
}

// No datagram gets through for 5 s, longer than an exchange may take with ACK_TIMEOUT 1 s and
// one retransmission (4.5 s): the Update sent meanwhile ends as "no answer" within that bound;
// the exchanges after the pause match.
TEST(ReplayFaults, APauseLongerThanTheRetransmissionWindowEndsThatExchangeOnly) {
  NodeServer server;
  FaultProxy proxy(server.port(), Faults{});
  TempDir dir;
  BackgroundProcess replay(
      replay_argv({sample_capture("real-node-lifecycle.pcapng"), "--target", proxy.target(),
                   "--speed", "0.2", "--ack-timeout", "1", "--max-retransmit", "1", "--report",
                   "json=" + dir.path("report.json"), "--no-progress"}));
  ASSERT_FALSE(replay.wait_for_line(is_register_matched, std::chrono::seconds(20)).empty())
      << replay.err();
  proxy.pause();
  std::this_thread::sleep_for(std::chrono::seconds(5));
  proxy.resume();
  ASSERT_FALSE(
      replay
          .wait_for_line([](const std::string& line) { return line.rfind("summary:", 0) == 0; },
                         std::chrono::seconds(60))
          .empty())
      << replay.err();
  EXPECT_EQ(replay.stop(), 1);
  const json report = read_json(dir.path("report.json"));
  const std::map<int, std::string> expected = {
      {1, "matched"}, {7, "no_answer"}, {9, "matched"}, {11, "matched"}};
  EXPECT_EQ(outcomes_by_frame(report), expected);
  EXPECT_GT(proxy.counts().dropped, 0u);
}

}  // namespace
}  // namespace lwm2m::test
