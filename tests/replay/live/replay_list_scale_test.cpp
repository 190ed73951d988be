// --list of a capture with 100 000 LwM2M clients (lwm2m-capgen bench-replay, 400 000 packets,
// 35 MB): every client and exchange listed, in a few seconds (bench/README.md has the figures).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

TEST(ReplayListScale, OneHundredThousandClients) {
  TempDir dir;
  const std::string capture = dir.path("clients-100000.pcap");
  const CommandResult made = run_command(
      {LWM2M_CAPGEN_BINARY, "bench-replay", capture, "--count", "400000", "--clients", "100000"});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const CommandResult list = run_replay({"--list", capture});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.err, "");
  const std::string head = "capture " + capture +
                           ": 400000 frames, 400000 UDP datagrams (400000 CoAP, 0 DTLS, 0 other)\n"
                           "servers:\n"
                           "  127.0.0.1:5683          100000 clients, 200000 exchanges\n"
                           "clients:\n";
  EXPECT_EQ(list.out.substr(0, head.size()), head);
  // The last client: the fourth block of 25 000 (127.0.3.x), the last port; a Register and a
  // De-register each.
  EXPECT_NE(list.out.find("\n100000  127.0.3.251:64999       127.0.0.1:5683          "
                          "urn:imei:350000000999991          -            2              0        "
                          "        0       199999\n"),
            std::string::npos);
  // 400 000 frames: the frame column is six wide from its header down, so every line lines up.
  EXPECT_NE(list.out.find("\nexchanges:\n  client     #   frame  exchange   "), std::string::npos);
  EXPECT_NE(
      list.out.find("\n       1     1       1  Register POST /rd?ep=urn:imei:350000000000006"),
      std::string::npos);
  const std::string last_exchange =
      "  100000     2  399999  De-register DELETE /rd/1969f                             "
      "2.02 Deleted              response in frame 400000\n";
  ASSERT_GE(list.out.size(), last_exchange.size());
  EXPECT_EQ(list.out.substr(list.out.size() - last_exchange.size()), last_exchange);
  // 4 lines of head, a column line and 100 000 clients, 2 lines of head and 200 000 exchanges.
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 300007);
}

}  // namespace
}  // namespace lwm2m::test
