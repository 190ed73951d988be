// Reports that tell the whole truth (issue 16, part 2): retransmissions counted against a server
// that loses a known share of the requests, --write holding what went over the wire, a closed
// port and a reflecting target said for what they are, clients with one name told apart, and the
// small things a report must not say.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fault_proxy.h"
#include "live_peers.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

// A UDP socket on loopback that sends every datagram back to where it came from.
class Reflector {
 public:
  Reflector() {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("reflector: cannot bind");
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~Reflector() {
    stopping_ = true;
    thread_.join();
    close(fd_);
  }
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  int reflected() const { return reflected_; }

 private:
  void run() {
    std::vector<char> buffer(65536);
    while (!stopping_) {
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, 50) <= 0) continue;
      sockaddr_in from{};
      socklen_t length = sizeof from;
      const ssize_t n = recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &length);
      if (n < 0) continue;
      sendto(fd_, buffer.data(), static_cast<std::size_t>(n), 0,
             reinterpret_cast<const sockaddr*>(&from), length);
      ++reflected_;
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> reflected_{0};
  std::thread thread_;
};

std::string percent(uint64_t part, uint64_t whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", 100.0 * static_cast<double>(part) / whole);
  return text;
}

// A proxy drops a quarter of the requests, each client's from its own seeded generator: the
// number dropped is known before the run, and each drop is one retransmission. The report counts
// exactly those, per exchange, per client and in the summary; --write holds every datagram.
TEST(ReplayTruth, RetransmissionsAreCountedAgainstAServerThatDropsAKnownShareOfRequests) {
  NodeServer server;
  Faults faults;
  faults.loss = 0.25;
  faults.to_client = false;  // requests (and retransmissions) only: each drop is one retransmission
  faults.seed = 16;
  faults.seed_per_client = true;
  const int clients = 10;
  const uint64_t expected = FaultProxy::expected_drops(faults, clients, 4);
  ASSERT_EQ(expected, 17u);  // what seed 16 gives: 17 of the 57 requests sent
  FaultProxy proxy(server.port(), faults);
  TempDir dir;
  const CommandResult run = run_replay(
      {sample_capture("real-node-lifecycle.pcapng"), "--target", proxy.target(), "--clients",
       std::to_string(clients), "--fast", "--ack-timeout", "1", "--max-retransmit", "8", "--report",
       "json=" + dir.path("report.json"), "--report", "junit=" + dir.path("report.xml"), "--write",
       dir.path("live.pcapng"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(proxy.counts().dropped, expected);

  const json report = read_json(dir.path("report.json"));
  const json& summary = report.at("summary");
  EXPECT_EQ(summary.at("matched"), 40);
  EXPECT_EQ(summary.at("retransmissions"), expected);
  uint64_t per_exchange = 0, retransmitted = 0;
  for (const json& exchange : report.at("exchanges")) {
    const uint64_t n = exchange.at("retransmissions");
    per_exchange += n;
    retransmitted += n > 0 ? 1 : 0;
  }
  EXPECT_EQ(per_exchange, expected);
  EXPECT_EQ(summary.at("retransmitted_exchanges"), retransmitted);
  uint64_t per_client = 0;
  ASSERT_EQ(report.at("clients").size(), static_cast<std::size_t>(clients));
  for (const json& client : report.at("clients"))
    per_client += client.at("retransmissions").get<uint64_t>();
  EXPECT_EQ(per_client, expected);

  const std::string needed = std::to_string(retransmitted) + " needed a retransmission (" +
                             percent(retransmitted, 40) + ")";
  EXPECT_NE(run.out.find("summary: 40 exchanges: 40 matched, 0 differ, 0 no answer, " + needed +
                         "; 0 server requests; 10 clients;"),
            std::string::npos)
      << run.out;
  // Over 5 % in a load test (--fast, --clients): a warning.
  EXPECT_NE(run.err.find("lwm2m-replay: warning: " + needed +
                         " of 40 exchanges sent, over 5 %: the network or the server lost "
                         "requests, and the timing measured the losses too\n"),
            std::string::npos)
      << run.err;
  // JUnit: a property on each retransmitted case.
  std::FILE* xml = std::fopen(dir.path("report.xml").c_str(), "r");
  ASSERT_NE(xml, nullptr);
  std::string junit;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, xml)) > 0;) junit.append(buffer, n);
  std::fclose(xml);
  std::size_t properties = 0;
  for (std::size_t at = 0;
       (at = junit.find("<property name=\"retransmissions\"", at)) != std::string::npos; ++at)
    ++properties;
  EXPECT_EQ(properties, retransmitted);

  // Every datagram: 40 requests as first sent, the retransmissions, 40 responses.
  EXPECT_NE(run.err.find("wrote " + std::to_string(80 + expected) + " packets to " +
                         dir.path("live.pcapng")),
            std::string::npos)
      << run.err;
}

// Nothing listens at the target: the first ICMP port unreachable is said at once, and the run
// stops when the port still refuses a second later, instead of waiting out MAX_TRANSMIT_WAIT
// (93 s) for each client.
TEST(ReplayTruth, AClosedPortIsSaidAtOnceAndStopsTheRun) {
  const std::string target = "127.0.0.1:" + std::to_string(free_udp_port());
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", target, "--clients",
                  "3", "--fast", "--report", "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(
      run.err.find("lwm2m-replay: " + target + " refused a request of urn:imei:490154203237518-"),
      std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(" (ICMP port unreachable): is the server running on that port? A client "
                         "whose requests are still refused 1000 ms later stops\n"),
            std::string::npos)
      << run.err;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("summary").at("port_refused"), true);
  EXPECT_EQ(report.at("summary").at("no_answer"), 3);
  EXPECT_EQ(report.at("summary").at("skipped"), 9);
  for (const json& exchange : report.at("exchanges")) {
    if (exchange.at("operation") != "Register") continue;
    const std::string failure = exchange.at("failure");
    EXPECT_EQ(failure.rfind("the target's port refused it (ICMP port unreachable)", 0), 0u)
        << failure;
    EXPECT_NE(failure.find(": nothing listens there; the client stopped"), std::string::npos)
        << failure;
  }
  EXPECT_NE(run.out.find("; the target never answered (its port is closed: ICMP port "
                         "unreachable)"),
            std::string::npos)
      << run.out;
}

// A target that echoes datagrams: the Register comes back as it was sent. That is not a server
// request to answer 4.04 (whose echo the report then took for the server's answer), it is a
// reflection, and the report says so.
TEST(ReplayTruth, AReflectingTargetIsReportedAsSuchNotAsA404) {
  Reflector reflector;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", reflector.target(),
                  "--fast", "--report", "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const json report = read_json(dir.path("report.json"));
  const json& first = report.at("exchanges").at(0);
  EXPECT_EQ(first.at("operation"), "Register");
  EXPECT_EQ(first.at("outcome"), "no_answer");
  EXPECT_EQ(first.at("live"), nullptr);
  EXPECT_EQ(first.at("failure"),
            "the target sent this request back unchanged: it reflects datagrams, it is not a "
            "CoAP server");
  EXPECT_EQ(report.at("summary").at("reflected"), 1);
  EXPECT_EQ(report.at("summary").at("server_requests"), 0);
  EXPECT_EQ(report.at("summary").at("answered_not_found"), 0);
  EXPECT_EQ(reflector.reflected(), 1);  // nothing was sent after it: no answer, no retransmission
  EXPECT_NE(run.out.find("; 1 request reflected back (the target echoes datagrams);"),
            std::string::npos)
      << run.out;
}

// samples/lifecycle.pcapng has two clients of 10.0.0.1 with one name (10.0.0.11, then 10.0.0.12;
// --list numbers them 2 and 3, after 10.0.0.11's bootstrap): the table shows each with that number.
TEST(ReplayTruth, ClientsWithTheSameNameShowTheirListNumber) {
  const std::string capture = sample_capture("lifecycle.pcapng");
  const CommandResult list = run_replay({"--list", capture, "--server", "10.0.0.1:5683"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\n     2  10.0.0.11:49153         10.0.0.1:5683 "), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("\n     3  10.0.0.12:49153         10.0.0.1:5683 "), std::string::npos)
      << list.out;

  NodeServer server;
  TempDir dir;
  const CommandResult run = run_replay({capture, "--server", "10.0.0.1:5683", "--target",
                                        server.target(), "--fast", "--timeout", "2", "--report",
                                        "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("\n   1  (2) urn:imei:490154203237~     7  Register"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\n   1  (3) urn:imei:490154203237~    15  Register"), std::string::npos)
      << run.out;
  const json report = read_json(dir.path("report.json"));
  for (const json& exchange : report.at("exchanges"))
    EXPECT_EQ(exchange.at("client_number"), exchange.at("request_frame") == 15 ? 3 : 2)
        << exchange.dump();
}

// A report on standard output takes the table's place: standard error keeps the summary only.
TEST(ReplayTruth, AJsonReportOnStandardOutputLeavesNoTable) {
  NodeServer server;
  const CommandResult run =
      run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target", server.target(),
                  "--fast", "--report", "json", "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(json::parse(run.out).at("summary").at("matched"), 4);
  EXPECT_EQ(run.err.find("   #  client"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("Register POST"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("\nsummary: 4 exchanges: 4 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.err;
}

// -q shows the exchanges that did not match: when all matched, no column titles over nothing.
TEST(ReplayTruth, QuietWithEverythingMatchedPrintsNoHeader) {
  NodeServer server;
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--fast", "-q", "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("   #  client"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\nsummary: 4 exchanges: 4 matched,"), std::string::npos) << run.out;
}

// --list of a capture without LwM2M exits 2, as README's exit status table says.
TEST(ReplayTruth, ListingACaptureWithoutLwm2mExitsTwo) {
  const std::string capture = sample_capture("real-tcp.pcapng");
  const CommandResult run = run_replay({"--list", capture});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind("lwm2m-replay: no LwM2M client in " + capture, 0), 0u) << run.err;
}

}  // namespace
}  // namespace lwm2m::test
