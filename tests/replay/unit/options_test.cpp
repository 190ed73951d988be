// The checks of lwm2m-replay's command line that CLI11 cannot express, for the DTLS options: the
// exact sentence main() prints after "lwm2m-replay: ", with exit 2 (live/replay_inputs_test.cpp
// runs the program on a few of them).
#include "options.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

namespace lwm2m::replay {
namespace {

// `args` parsed as the program parses them; "" when check_options finds nothing.
std::string problem_of(std::vector<std::string> args) {
  CLI::App app;
  Options options;
  define_options(app, options);
  args.insert(args.begin(), {"capture.pcapng", "--target", "127.0.0.1:5684"});
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
  app.parse(args);
  return check_options(options);
}

TEST(Options, CertAndKeyMakeDtlsWithACertificate) {
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem"}), "");
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem", "--ca", "ca.pem"}), "");
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem", "--allow-cn-mismatch"}), "");
}

TEST(Options, CertAndKeyGoTogether) {
  EXPECT_EQ(problem_of({"--cert", "c.pem"}), "--cert and --key go together");
  EXPECT_EQ(problem_of({"--key", "k.pem"}), "--cert and --key go together");
}

TEST(Options, ACertificateExcludesAPreSharedKey) {
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem", "--psk-identity", "id", "--psk-key",
                        "secret"}),
            "--cert and --psk-identity exclude each other: DTLS uses a certificate or a "
            "pre-shared key");
}

TEST(Options, CaAndAllowCnMismatchNeedACertificate) {
  EXPECT_EQ(problem_of({"--ca", "ca.pem"}),
            "--ca verifies the server's certificate: it needs --cert and --key");
  EXPECT_EQ(problem_of({"--psk-identity", "id", "--psk-key", "secret", "--ca", "ca.pem"}),
            "--ca verifies the server's certificate: it needs --cert and --key");
  EXPECT_EQ(problem_of({"--allow-cn-mismatch"}), "--allow-cn-mismatch needs --cert");
}

// libcoap's minimums hold for DTLS with a certificate as with a pre-shared key.
TEST(Options, DtlsWithACertificateHasLibcoapsMinimums) {
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem", "--ack-timeout", "0.5"}),
            "--ack-timeout: at least 1 second with DTLS (libcoap's minimum)");
  EXPECT_EQ(problem_of({"--cert", "c.pem", "--key", "k.pem", "--max-retransmit", "0"}),
            "--max-retransmit: at least 1 with DTLS (libcoap's minimum)");
  EXPECT_EQ(problem_of({"--ack-timeout", "0.5"}), "");
}

TEST(Options, TheTransportGetsTheFiles) {
  CLI::App app;
  Options options;
  define_options(app, options);
  app.parse(std::vector<std::string>{"ca.pem", "--ca", "k.pem", "--key", "c.pem", "--cert", "x"});
  const TransportSettings settings =
      transport_settings(options, *net::TransportAddress::parse("127.0.0.1:5684"));
  ASSERT_TRUE(settings.certificate);
  EXPECT_EQ(settings.certificate->cert_file, "c.pem");
  EXPECT_EQ(settings.certificate->key_file, "k.pem");
  EXPECT_EQ(settings.certificate->ca_file, "ca.pem");
  EXPECT_FALSE(settings.psk_identity);
  EXPECT_TRUE(settings.dtls());
}

}  // namespace
}  // namespace lwm2m::replay
