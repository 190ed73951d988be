// lwm2m-replay's memory must not grow with the capture's length: a replayed exchange is released
// once its client has moved past it, an answered exchange's deadline once it is stale, and with
// --fast the clients ahead wait when the stream holds too many exchanges for the ones behind.
// Two captures 4 times apart in length, of one client and of 1000, are replayed as fast as a
// local server answers, and their peak memory compared.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

// build/bench/lwm2m_responder on a free port: Register 2.01, Update 2.04, De-register 2.02.
class Responder {
 public:
  Responder() : process_({LWM2M_RESPONDER_BINARY, "0"}) {
    const std::string line = process_.wait_for_line(
        [](const std::string& text) { return text.rfind("listening on ", 0) == 0; },
        std::chrono::seconds(10));
    if (line.empty()) throw std::runtime_error("lwm2m_responder did not start: " + process_.err());
    target_ = line.substr(std::string("listening on ").size());
  }
  const std::string& target() const { return target_; }

 private:
  BackgroundProcess process_;
  std::string target_;
};

struct CaptureKind {
  const char* name;
  std::vector<std::string> generator_args;  // scenario and options, without OUT and --count
  int packets[2];                           // the two lengths compared
};

std::string make_capture(const TempDir& dir, const CaptureKind& kind, int packets) {
  const std::string path =
      dir.path(std::string(kind.name) + "-" + std::to_string(packets) + ".pcap");
  std::vector<std::string> argv{LWM2M_CAPGEN_BINARY, kind.generator_args.front(), path, "--count",
                                std::to_string(packets)};
  argv.insert(argv.end(), kind.generator_args.begin() + 1, kind.generator_args.end());
  const CommandResult made = run_command(argv);
  if (made.exit_code != 0) throw std::runtime_error("lwm2m-capgen: " + made.err);
  return path;
}

class ReplayMemory : public testing::TestWithParam<CaptureKind> {};

TEST_P(ReplayMemory, PeakMemoryDoesNotGrowWithTheCapturesLength) {
  Responder responder;
  TempDir dir;
  long peak_kib[2] = {0, 0};
  const int* packets = GetParam().packets;
  for (int i = 0; i < 2; ++i) {
    const CommandResult run =
        run_replay({make_capture(dir, GetParam(), packets[i]), "--target", responder.target(),
                    "--fast", "--quiet", "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    const std::string matched = std::to_string(packets[i] / 2);
    EXPECT_NE(run.out.find("summary: " + matched + " exchanges: " + matched + " matched"),
              std::string::npos)
        << run.out;
    peak_kib[i] = run.max_rss_kib;
  }
  // 150 000 more exchanges held would be tens of MiB (and their deadlines 3.6 MiB); allocator
  // noise is well under 2 MiB. With 1000 clients and no bound on how far the fastest may run
  // ahead, the 1 000 000-packet capture took 8-28 MiB more than the 100 000-packet one in most
  // runs; how far the clients drift apart depends on timing, so replayer_test.cpp
  // (ReplayerFast) shows the bound at work deterministically.
  EXPECT_LT(peak_kib[1], peak_kib[0] + 2 * 1024)
      << "peak memory " << peak_kib[0] << " KiB for " << packets[0] << " packets, " << peak_kib[1]
      << " KiB for " << packets[1];
}

INSTANTIATE_TEST_SUITE_P(
    Clients, ReplayMemory,
    // Every length is over EXCHANGE_LIFETIME (247 s) at the captures' 100 exchanges per second,
    // so the message ID and token tables are at their steady size in each. The spread between
    // 1000 clients grows slowly: it takes the longer capture to show.
    testing::Values(
        CaptureKind{"one_client", {"bench-client"}, {100000, 400000}},
        CaptureKind{"thousand_clients", {"bench-replay", "--clients", "1000"}, {100000, 1000000}}),
    [](const testing::TestParamInfo<CaptureKind>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lwm2m::test
