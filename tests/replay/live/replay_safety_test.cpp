// What lwm2m-replay must never do: send anywhere but --target, or lose what it did when it is
// interrupted. These tests capture on the loopback interface, so ctest runs them alone
// (RUN_SERIAL): any other test's traffic would show in the capture.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

// The captured peers of samples/real-node-lifecycle.pcapng: its server and the client's four
// ports (one per request, lwm2m-node-lib's habit).
const int kCapturedPorts[] = {5683, 42731, 58302, 42354, 49338};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ReplaySafety, NothingReachesTheCapturedAddresses) {
  std::vector<std::unique_ptr<UdpListener>> listeners;
  for (int port : kCapturedPorts) {
    listeners.push_back(std::make_unique<UdpListener>("127.0.0.1", port));
    // 5683 is where the capture's server was: the one address a careless replay would use.
    if (port == 5683) {
      ASSERT_TRUE(listeners.back()->bound()) << "127.0.0.1:5683 is in use";
    }
  }
  NodeServer server({"--read", "/3/0/0"});
  const CommandResult run = run_replay(
      {sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(), "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (std::size_t i = 0; i < listeners.size(); ++i)
    EXPECT_EQ(listeners[i]->received(), 0) << "127.0.0.1:" << kCapturedPorts[i];
}

// A capture of lo while three copies of the client replay: every datagram from the replay's
// sockets goes to the target, and no datagram goes to an address of the capture.
TEST(ReplaySafety, ALoopbackCaptureShowsTheReplayTalkingToTheTargetOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "capturing on lo needs root";
  NodeServer server({"--read", "/3/0/0"});
  TempDir dir;
  const std::string capture = dir.path("lo.pcapng");
  BackgroundProcess dumpcap({"dumpcap", "-i", "lo", "-f", "udp", "-w", capture});
  ASSERT_TRUE(dumpcap.wait_for_err("Capturing on", std::chrono::seconds(20))) << dumpcap.err();
  usleep(1000 * 1000);  // dumpcap says so a moment before the capture really starts

  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--clients", "3", "--report",
                                        "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  usleep(200 * 1000);  // let the last datagrams reach dumpcap
  dumpcap.stop(SIGINT);

  std::ifstream json_in(dir.path("report.json"));
  const nlohmann::json report = nlohmann::json::parse(json_in);
  std::set<std::string> replay_sockets;  // "127.0.0.1,PORT" of each copy's socket
  for (const nlohmann::json& exchange : report.at("exchanges")) {
    const std::string address = exchange.at("live_address");
    replay_sockets.insert("127.0.0.1," + address.substr(address.rfind(':') + 1));
  }
  ASSERT_EQ(replay_sockets.size(), 3u);

  const CommandResult read =
      run_command({"tshark", "-r", capture, "-T", "fields", "-E", "separator=,", "-e", "ip.src",
                   "-e", "udp.srcport", "-e", "ip.dst", "-e", "udp.dstport"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const std::string target = "127.0.0.1," + std::to_string(server.port());
  std::set<std::string> captured_addresses;
  for (int port : kCapturedPorts) captured_addresses.insert("127.0.0.1," + std::to_string(port));
  int from_replay = 0;
  std::string seen;  // for the failure message
  for (const std::string& row : lines_of(read.out)) {
    seen += row + "\n";
    const std::size_t middle = row.find(',', row.find(',') + 1);
    const std::string source = row.substr(0, middle);
    const std::string destination = row.substr(middle + 1);
    EXPECT_EQ(captured_addresses.count(destination), 0u) << row;
    if (replay_sockets.count(source)) {
      ++from_replay;
      EXPECT_EQ(destination, target) << row;
    }
  }
  // 3 copies x 4 requests and 3 x the answer to the server's Read.
  EXPECT_EQ(from_replay, 15) << run.out << seen;
}

TEST(ReplaySafety, SigintLeavesAPartialReportAndAValidCapture) {
  NodeServer server({"--read", "/3/0/0"});
  TempDir dir;
  // Captured gaps 10 times slower: the four exchanges take about 9 s.
  BackgroundProcess replay(replay_argv(
      {sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(), "--speed", "0.1",
       "--write", dir.path("live.pcapng"), "--report", "json=" + dir.path("report.json"),
       "--report", "junit=" + dir.path("report.xml"), "--no-progress"}));
  ASSERT_FALSE(replay
                   .wait_for_line(
                       [](const std::string& line) {
                         return line.find("Register POST") != std::string::npos &&
                                line.find("matched") != std::string::npos;
                       },
                       std::chrono::seconds(20))
                   .empty())
      << replay.err();
  // One SIGINT: a second one ends the replay at once, before its reports are written (the test
  // sent two until it failed on trixie with an empty JUnit file).
  EXPECT_EQ(replay.stop(SIGINT), 130) << replay.err();

  std::string summary;
  for (const std::string& line : replay.lines())
    if (line.rfind("summary: ", 0) == 0) summary = line;
  // Exchanges not started are not reported; the summary says how far the run got.
  EXPECT_NE(summary.find("summary: 1 exchange of 4: 1 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("; interrupted"), std::string::npos) << summary;

  std::ifstream json_in(dir.path("report.json"));
  const nlohmann::json report = nlohmann::json::parse(json_in, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << "the JSON report is not complete";
  EXPECT_EQ(report.at("summary").at("was_interrupted"), true);
  EXPECT_EQ(report.at("summary").at("matched"), 1);
  ASSERT_EQ(report.at("exchanges").size(), 1u);
  EXPECT_EQ(report.at("exchanges")[0].at("operation"), "Register");

  const CommandResult junit = run_command({"xmllint", "--noout", dir.path("report.xml")});
  EXPECT_EQ(junit.exit_code, 0) << junit.err;

  // The written capture is whole: tshark reads every packet without complaint.
  const CommandResult read = run_command({"tshark", "-r", dir.path("live.pcapng"), "-d",
                                          "udp.port==" + std::to_string(server.port()) + ",coap",
                                          "-T", "fields", "-e", "coap.code"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.err.find("cut short"), std::string::npos) << read.err;
  const std::vector<std::string> codes = lines_of(read.out);
  ASSERT_GE(codes.size(), 2u);
  EXPECT_EQ(codes[0], "2");   // the Register (POST)
  EXPECT_EQ(codes[1], "65");  // its 2.01
}

}  // namespace
}  // namespace lwm2m::test
