// lwm2m-replay's memory must not grow with the capture's length: a replayed exchange is released
// once its client has moved past it, and an answered exchange's deadline once it is stale. Two
// captures of one client, 4 times apart in length, are replayed as fast as a local server
// answers, and their peak memory compared.
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

std::string make_capture(const TempDir& dir, int packets) {
  const std::string path = dir.path("client-" + std::to_string(packets) + ".pcap");
  const CommandResult made =
      run_command({LWM2M_CAPGEN_BINARY, "bench-client", path, "--count", std::to_string(packets)});
  if (made.exit_code != 0) throw std::runtime_error("lwm2m-capgen: " + made.err);
  return path;
}

TEST(ReplayMemory, PeakMemoryDoesNotGrowWithTheCapturesLength) {
  Responder responder;
  TempDir dir;
  long peak_kib[2] = {0, 0};
  // Both longer than EXCHANGE_LIFETIME (247 s) at the captures' 100 exchanges per second, so
  // the message ID and token tables are at their steady size in both.
  const int packets[2] = {100000, 400000};
  for (int i = 0; i < 2; ++i) {
    const CommandResult run =
        run_replay({make_capture(dir, packets[i]), "--target", responder.target(), "--fast",
                    "--quiet", "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    const std::string matched = std::to_string(packets[i] / 2);
    EXPECT_NE(run.out.find("summary: " + matched + " exchanges: " + matched + " matched"),
              std::string::npos)
        << run.out;
    peak_kib[i] = run.max_rss_kib;
  }
  // 150 000 more exchanges held would be tens of MiB (and their deadlines 3.6 MiB); allocator
  // noise is well under 2 MiB.
  EXPECT_LT(peak_kib[1], peak_kib[0] + 2 * 1024)
      << "peak memory " << peak_kib[0] << " KiB for " << packets[0] << " packets, " << peak_kib[1]
      << " KiB for " << packets[1];
}

}  // namespace
}  // namespace lwm2m::test
