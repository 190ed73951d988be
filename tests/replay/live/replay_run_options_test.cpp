// The tcpreplay-style options of lwm2m-replay against lwm2m-node-lib's server on loopback:
// --loop (each loop registers afresh), --limit and --duration (the report so far, with why the
// run stopped), --stats (periodic lines on stderr) and --bind (the clients' source address).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

const std::string kLifecycle = "real-node-lifecycle.pcapng";  // Register, 2 Updates, De-register

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Three loops: each Register gets a location of its own, and each loop's Updates and
// De-register go to its loop's location.
TEST(ReplayRunOptions, EachLoopRegistersAfresh) {
  NodeServer server;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--fast", "--loop", "3",
                  "--report", "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 12 exchanges: 12 matched, 0 differ, 0 no answer; 0 server "
                         "requests; 1 client; "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" s; 3 loops\n"), std::string::npos) << run.out;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("summary").at("loops"), 3);
  const json& exchanges = report.at("exchanges");
  ASSERT_EQ(exchanges.size(), 12u);
  std::vector<std::string> locations;
  for (std::size_t loop = 0; loop < 3; ++loop) {
    const json& reg = exchanges[loop * 4];
    EXPECT_EQ(reg.at("request").get<std::string>().rfind("POST /rd?", 0), 0u) << reg;
    const std::string location = reg.at("live").at("location");
    locations.push_back(location);
    // The captured location is /rd/1: a live /rd/1 changes nothing.
    const json changes = location == "/rd/1" ? json::array() : json({"/rd/1 -> " + location});
    for (std::size_t i = 1; i < 4; ++i)
      EXPECT_EQ(exchanges[loop * 4 + i].at("changes"), changes) << loop << " " << i;
  }
  EXPECT_NE(locations[0], locations[1]);
  EXPECT_NE(locations[1], locations[2]);
  EXPECT_EQ(events_named(server, "registered").size(), 3u);
}

TEST(ReplayRunOptions, LimitStopsAfterThatManyExchangesWithTheReportSoFar) {
  NodeServer server;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--fast", "--limit", "2",
                  "--report", "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 2 exchanges of 4: 2 matched, 0 differ, 0 no answer; 0 server "
                         "requests; 1 client; "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" s; stopped by --limit 2\n"), std::string::npos) << run.out;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("exchanges").size(), 2u);
  EXPECT_EQ(report.at("summary").at("stopped_by"), "--limit 2");
  EXPECT_EQ(report.at("summary").at("exit_code"), 0);
  // Across loops, the limit counts every loop's exchanges.
  const CommandResult loops =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--fast", "--loop", "3",
                  "--limit", "6", "--no-progress"});
  EXPECT_EQ(loops.exit_code, 0) << loops.out << loops.err;
  EXPECT_NE(loops.out.find("summary: 6 exchanges of 8: 6 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << loops.out;
  EXPECT_NE(loops.out.find(" s; 2 loops; stopped by --limit 6\n"), std::string::npos) << loops.out;
}

// At a tenth of the captured speed the first Update is due 3.17 s in: --duration 1 ends the run
// after the Register.
TEST(ReplayRunOptions, DurationStopsTheRunWithTheReportSoFar) {
  NodeServer server;
  const CommandResult run = run_replay({sample_capture(kLifecycle), "--target", server.target(),
                                        "--speed", "0.1", "--duration", "1", "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 1 exchange of 4: 1 matched, 0 differ, 0 no answer; 0 server "
                         "requests; 1 client; 1."),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" s; stopped by --duration 1 s\n"), std::string::npos) << run.out;
}

// An exchange in flight when the time is up is reported as stopped, as an interrupt's would be.
TEST(ReplayRunOptions, DurationReportsTheExchangeInFlight) {
  const int port = free_udp_port();
  UdpListener silent("127.0.0.1", port);
  const CommandResult run =
      run_replay({sample_capture(kLifecycle), "--target", "127.0.0.1:" + std::to_string(port),
                  "--duration", "0.5", "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.out.find("        stopped by --duration before the response came\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 1 exchange of 4: 0 matched, 0 differ, 0 no answer, 1 "
                         "interrupted; 0 server requests; 1 client; 0."),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" s; stopped by --duration 0.5 s; the target never answered\n"),
            std::string::npos)
      << run.out;
  EXPECT_GE(silent.received(), 1);
}

TEST(ReplayRunOptions, StatsPrintsLinesOnStandardError) {
  NodeServer server;
  const CommandResult run =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--speed", "0.5",
                  "--stats", "0.5", "--no-progress", "--loop", "2"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::vector<std::string> lines = lines_of(run.err);
  ASSERT_GE(lines.size(), 2u) << run.err;  // the run lasts 3.7 s
  const std::regex line(
      R"(lwm2m-replay: stats: \d+\.\d s: \d of (4|8) exchanges done \(\d matched, 0 differ, 0 )"
      R"(no answer\), \d+\.\d/s; 0 server requests; loop [12] of 2)");
  for (const std::string& text : lines) EXPECT_TRUE(std::regex_match(text, line)) << text;
}

TEST(ReplayRunOptions, BindSetsTheClientsSourceAddress) {
  NodeServer server;
  TempDir dir;
  const CommandResult any_port =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--fast", "--bind",
                  "127.0.0.2", "--report", "json=" + dir.path("any.json"), "--no-progress"});
  EXPECT_EQ(any_port.exit_code, 0) << any_port.out << any_port.err;
  const std::string live = read_json(dir.path("any.json")).at("exchanges")[0].at("live_address");
  EXPECT_EQ(live.rfind("127.0.0.2:", 0), 0u) << live;

  const int port = free_udp_port("127.0.0.2");
  const std::string fixed = "127.0.0.2:" + std::to_string(port);
  const CommandResult fixed_port =
      run_replay({sample_capture(kLifecycle), "--target", server.target(), "--fast", "--bind",
                  fixed, "--report", "json=" + dir.path("fixed.json"), "--no-progress"});
  EXPECT_EQ(fixed_port.exit_code, 0) << fixed_port.out << fixed_port.err;
  EXPECT_EQ(read_json(dir.path("fixed.json")).at("exchanges")[3].at("live_address"), fixed);
}

struct BadRunOption {
  const char* name;
  std::vector<std::string> args;
  std::string message;  // the whole of standard error
};

void PrintTo(const BadRunOption& usage, std::ostream* out) {
  *out << usage.name;
}

class ReplayBadRunOption : public testing::TestWithParam<BadRunOption> {};

TEST_P(ReplayBadRunOption, OneLineAndExitTwo) {
  std::vector<std::string> args = {sample_capture(kLifecycle), "--target", "127.0.0.1:9"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const CommandResult run = run_replay(args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplayBadRunOption,
    testing::Values(
        BadRunOption{"loop_zero",
                     {"--loop", "0"},
                     "lwm2m-replay: --loop: '0' is not a whole number from 1 to 1000000\n"},
        BadRunOption{"limit_word",
                     {"--limit", "all"},
                     "lwm2m-replay: --limit: 'all' is not a whole number from 1 to 1000000000\n"},
        BadRunOption{"duration_zero",
                     {"--duration", "0"},
                     "lwm2m-replay: --duration: '0' is not a number from 0.1 to 604800\n"},
        BadRunOption{"stats_negative",
                     {"--stats", "-1"},
                     "lwm2m-replay: --stats: '-1' is not a number from 0.1 to 86400\n"},
        BadRunOption{"bind_name",
                     {"--bind", "localhost"},
                     "lwm2m-replay: --bind 'localhost': expected a local IP address, optionally "
                     "with :PORT, e.g. 127.0.0.2, 127.0.0.2:40000 or [::1]:40000\n"},
        BadRunOption{"bind_bad_port",
                     {"--bind", "127.0.0.2:99999"},
                     "lwm2m-replay: --bind '127.0.0.2:99999': expected a local IP address, "
                     "optionally with :PORT, e.g. 127.0.0.2, 127.0.0.2:40000 or [::1]:40000\n"},
        BadRunOption{"bind_other_family",
                     {"--bind", "::1"},
                     "lwm2m-replay: --bind '::1': an IPv6 address cannot send to the IPv4 "
                     "target 127.0.0.1:9\n"},
        BadRunOption{"bind_port_for_several_clients",
                     {"--bind", "127.0.0.2:40000", "--clients", "3"},
                     "lwm2m-replay: --bind '127.0.0.2:40000': a fixed port serves one client, "
                     "and this replay has 3; give the address alone (each client then gets a "
                     "port of its own)\n"}),
    [](const testing::TestParamInfo<BadRunOption>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lwm2m::test
