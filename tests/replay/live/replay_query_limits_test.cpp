// What lwm2m-replay does when --ep-suffix, --clients or --set make a query too long: a Uri-Query
// option over CoAP's 255 bytes is refused before anything is sent (exit 2, one line); an ep over
// the name rule's 63 bytes is sent, with one warning per client.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

const std::string kEp = "urn:imei:490154203237518";  // the capture's client, 24 bytes

std::string lifecycle() {
  return sample_capture("real-node-lifecycle.pcapng");
}

// An ep of 64 bytes reaches the server as it is; the user is told once.
TEST(ReplayQueryLimits, AnEpOverSixtyThreeBytesIsSentWithAWarning) {
  NodeServer server;
  const std::string suffix = "-" + std::string(39, 'y');  // 24 + 40 = 64 bytes
  const CommandResult run = run_replay(
      {lifecycle(), "--target", server.target(), "--fast", "--ep-suffix", suffix, "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "lwm2m-replay: warning: " + kEp + ": the rewritten ep '" + kEp + suffix +
                         "' is 64 bytes, the limit is 63 (Endpoint Client Name); sent anyway\n");
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.out;
  const std::vector<json> registered = events_named(server, "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].at("ep"), kEp + suffix);
}

// A Uri-Query option of exactly 255 bytes is CoAP's longest: it is sent.
TEST(ReplayQueryLimits, AnEpOptionOfTwoHundredFiftyFiveBytesIsSent) {
  NodeServer server;
  const std::string suffix = "-" + std::string(227, 'z');  // "ep=" + 24 + 228 = 255 bytes
  const CommandResult run = run_replay(
      {lifecycle(), "--target", server.target(), "--fast", "--ep-suffix", suffix, "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "lwm2m-replay: warning: " + kEp + ": the rewritten ep '" + kEp + suffix +
                         "' is 252 bytes, the limit is 63 (Endpoint Client Name); sent anyway\n");
  const std::vector<json> registered = events_named(server, "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].at("ep"), kEp + suffix);
}

struct OverLimit {
  const char* name;
  std::vector<std::string> args;  // after the capture and --target
  std::string message;            // the whole of standard error
};

void PrintTo(const OverLimit& over, std::ostream* out) {
  *out << over.name;
}

class ReplayOverLongQuery : public testing::TestWithParam<OverLimit> {};

// One byte over: refused with exit 2 before the target sees a datagram.
TEST_P(ReplayOverLongQuery, IsRefusedBeforeAnythingIsSent) {
  const int port = free_udp_port();
  UdpListener target("127.0.0.1", port);
  ASSERT_TRUE(target.bound());
  std::vector<std::string> args = {lifecycle(), "--target", "127.0.0.1:" + std::to_string(port),
                                   "--no-progress"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const CommandResult run = run_replay(args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, GetParam().message);
  EXPECT_EQ(target.received(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplayOverLongQuery,
    testing::Values(
        OverLimit{"ep_suffix",
                  {"--ep-suffix", "-" + std::string(228, 'z')},  // 3 + 24 + 229 = 256 bytes
                  "lwm2m-replay: " + kEp +
                      ": the rewritten Uri-Query option 'ep=urn:imei:490154203237518-zzzzzzzzzzzz"
                      "...' would be 256 bytes, the limit is 255 (RFC 7252 §5.10); nothing was "
                      "sent\n"},
        // Copies 1-9 would be 255 bytes; copy 10's "-10" is one byte more.
        OverLimit{"clients",
                  {"--ep-suffix", "-" + std::string(225, 'z'), "--clients", "10"},
                  "lwm2m-replay: " + kEp +
                      ": the rewritten Uri-Query option of copy 10 (the longest) "
                      "'ep=urn:imei:490154203237518-zzzzzzzzzzzz...' would be 256 bytes, the "
                      "limit is 255 (RFC 7252 §5.10); nothing was sent\n"},
        OverLimit{"set_ep",
                  {"--set", "ep=" + std::string(253, 'n')},
                  "lwm2m-replay: " + kEp +
                      ": the rewritten Uri-Query option 'ep=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
                      "...' would be 256 bytes, the limit is 255 (RFC 7252 §5.10); nothing was "
                      "sent\n"},
        OverLimit{"set_other",
                  {"--set", "lt=" + std::string(300, '0')},
                  "lwm2m-replay: --set lt: the rewritten Uri-Query option "
                  "'lt=0000000000000000000000000000000000000...' would be 303 bytes, the limit is "
                  "255 (RFC 7252 §5.10); nothing was sent\n"}),
    [](const testing::TestParamInfo<OverLimit>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lwm2m::test
