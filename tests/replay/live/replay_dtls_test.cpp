// lwm2m-replay on DTLS captures: --list shows each DTLS client's session, its certificate CN and
// whether that names the endpoint of the Register (seed Change 7), the sessions decrypt with the
// capture's embedded secrets or --keylog, and a decrypted capture replays as plain CoAP against
// libcoap's coap-rd. The --list tests send nothing.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "live_peers.h"

namespace lwm2m::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

uint32_t le32(const std::string& bytes, std::size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

// A copy of a little-endian pcapng sample without its Decryption Secrets Blocks (type 0x0A), as
// a capture made without SSLKEYLOGFILE would be; editcap 4.0 cannot write one.
std::string without_secrets(const std::string& sample, const TempDir& dir) {
  const std::string in = read_file(sample_capture(sample));
  std::string out;
  for (std::size_t at = 0; at + 8 <= in.size();) {
    const uint32_t length = le32(in, at);
    const uint32_t total = le32(in, at + 4);
    if (length != 0x0A) out += in.substr(at, total);
    at += total;
  }
  const std::string path = dir.path("no-secrets-" + sample);
  write_file(path, out);
  return path;
}

// cert-match.pcapng's session secret, as its Decryption Secrets Block holds it.
const std::string kCertMatchKeyLog =
    "CLIENT_RANDOM 594fb3c5593884e74477899eb90ccd3fa9a9220ace077e35903bb3e520960a5d "
    "c10d4aed1c3ebd50648eceefc5937418d825e44566e9b54e5f70a697392daa0257a958bd12a99ca7439615ef9e"
    "1570c0\n";

const std::string kClientsHeader =
    "clients:\n"
    "     #  address                 server                  endpoint                          ept"
    "  exchanges  retransmitted  server requests  first frame\n";

std::string client_line(const std::string& port, const std::string& endpoint,
                        const std::string& ept, int exchanges, uint64_t first_frame) {
  char line[200];
  std::snprintf(line, sizeof line,
                "     1  127.0.0.1:%-13s 127.0.0.1:5684          %-33s %-4s %9d"
                "  %13d  %15d  %11llu\n",
                port.c_str(), endpoint.c_str(), ept.c_str(), exchanges, 0, 0,
                static_cast<unsigned long long>(first_frame));
  return line;
}

const std::string kDecrypted =
    "        DTLS session of frame 1: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, decrypted with the "
    "capture's session secret\n";

std::string registered(const std::string& port) {
  return client_line(port, "urn:imei:490154203237518", "2", 1, 16);
}

struct ListCase {
  const char* sample;
  std::string clients;  // the client lines of --list, header and exchanges left out
};

class ReplayDtlsList : public ::testing::TestWithParam<ListCase> {};

TEST_P(ReplayDtlsList, ShowsTheCertificateAndItsVerdict) {
  const ListCase& c = GetParam();
  const CommandResult run = run_replay({"--list", sample_capture(c.sample)});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_NE(run.out.find(kClientsHeader + c.clients + "exchanges:\n"), std::string::npos)
      << run.out;
}

INSTANTIATE_TEST_SUITE_P(
    CertificateCaptures, ReplayDtlsList,
    ::testing::Values(
        ListCase{"cert-match.pcapng",
                 registered("55801") + kDecrypted +
                     "        client certificate (frame 9): CN '2:urn:imei:490154203237518'\n"
                     "        CN matches the Register of frame 16\n"},
        ListCase{"cert-type-differs.pcapng",
                 registered("33668") + kDecrypted +
                     "        client certificate (frame 9): CN '1:00A0C6-Router-SN1'\n"
                     "        CN does not match the Register of frame 16: the certificate's CN "
                     "has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
                     "ep=urn:imei:490154203237518\n"},
        ListCase{"cert-name-differs.pcapng",
                 registered("52737") + kDecrypted +
                     "        client certificate (frame 9): CN '2:urn:imei:356938035643809'\n"
                     "        CN does not match the Register of frame 16: the certificate's CN "
                     "has ept 2, ep=urn:imei:356938035643809; the Register sends ept 2, "
                     "ep=urn:imei:490154203237518\n"},
        ListCase{"cert-no-type.pcapng",
                 registered("34660") + kDecrypted +
                     "        client certificate (frame 9): CN 'urn:imei:490154203237518'\n"
                     "        CN format: CN 'urn:imei:490154203237518' has no type: the seed "
                     "wants '<ept>:<ep>', e.g. '2:urn:imei:490154203237518'\n"
                     "        CN does not match the Register of frame 16: the certificate's CN "
                     "has no type, ep=urn:imei:490154203237518; the Register sends ept 2, "
                     "ep=urn:imei:490154203237518\n"},
        ListCase{"cert-type-as-name.pcapng",
                 registered("34793") + kDecrypted +
                     "        client certificate (frame 9): CN 'URN:urn:imei:490154203237518'\n"
                     "        CN format: CN 'URN:urn:imei:490154203237518' writes the type as its "
                     "name 'URN' instead of its number: the seed wants "
                     "'2:urn:imei:490154203237518'\n"
                     "        CN does not match the Register of frame 16: the certificate's CN "
                     "has the type 'URN' (not a number 1-255), ep=urn:imei:490154203237518; the "
                     "Register sends ept 2, ep=urn:imei:490154203237518\n"},
        ListCase{"cert-rejected.pcapng",
                 client_line("58860", "-", "-", 0, 1) +
                     "        DTLS session of frame 1: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8; the "
                     "server ended the handshake with fatal alert 48 (unknown_ca) in frame 10\n"
                     "        client certificate (frame 9): CN '2:urn:imei:490154203237518'\n"
                     "        CN not checked: no Register in this session\n"
                     "        not replayable: DTLS, no request in the capture: the server ended "
                     "the handshake with fatal alert 48 (unknown_ca) in frame 10\n"},
        ListCase{"real-dtls.pcapng",
                 client_line("58584", "urn:imei:490154203237518", "2", 1, 12) +
                     "        DTLS session of frame 1: TLS_PSK_WITH_AES_128_CCM_8, decrypted "
                     "with the capture's session secret\n"
                     "        PSK identity 'urn:imei:490154203237518' (frame 7)\n"}),
    [](const ::testing::TestParamInfo<ListCase>& info) {
      std::string name = info.param.sample;
      name = name.substr(0, name.find('.'));
      for (char& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

TEST(ReplayDtls, ListSummaryCountsTheDecryptedCoap) {
  const CommandResult run = run_replay({"--list", sample_capture("cert-match.pcapng")});
  EXPECT_EQ(run.out.substr(0, run.out.find('\n') + 1),
            "capture " + sample_capture("cert-match.pcapng") +
                ": 19 frames, 19 UDP datagrams (2 CoAP, 17 DTLS, 0 other; 2 CoAP decrypted from "
                "DTLS)\n");
  EXPECT_NE(run.out.find("       1     1     16  Register POST /rd?ept=2&ep=urn:imei:"
                         "490154203237518&lt=~ 2.01 Created /rd/bba-189  response in frame 17\n"),
            std::string::npos)
      << run.out;
}

// Without the embedded secrets the Register stays encrypted; --keylog brings the secret back.
TEST(ReplayDtls, WithoutSecretsTheListSaysWhyAndKeylogDecrypts) {
  TempDir dir;
  const std::string capture = without_secrets("cert-match.pcapng", dir);
  const CommandResult bare = run_replay({"--list", capture});
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_NE(
      bare.out.find(kClientsHeader + client_line("55801", "-", "-", 0, 1) +
                    "        DTLS session of frame 1: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, not "
                    "decrypted: no secret for this session (use --keylog)\n"
                    "        client certificate (frame 9): CN '2:urn:imei:490154203237518'\n"
                    "        CN not checked: the Register is encrypted, no secret for this session "
                    "(use --keylog)\n"
                    "        not replayable: DTLS-encrypted, not decrypted: no secret for this "
                    "session (use --keylog)\n"),
      std::string::npos)
      << bare.out;

  write_file(dir.path("keys.log"), kCertMatchKeyLog);
  const CommandResult keyed = run_replay({"--list", capture, "--keylog", dir.path("keys.log")});
  EXPECT_EQ(keyed.exit_code, 0) << keyed.err;
  EXPECT_NE(keyed.out.find(registered("55801") +
                           "        DTLS session of frame 1: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, "
                           "decrypted with the session secret from --keylog\n"
                           "        client certificate (frame 9): CN '2:urn:imei:490154203237518'\n"
                           "        CN matches the Register of frame 16\n"),
            std::string::npos)
      << keyed.out;
}

// real-dtls.pcapng without its embedded secret: its client cannot be replayed, and the run says
// why before it sends anything. (With the secret it replays: see the coap-rd test below.)
TEST(ReplayDtls, ListOfTheDtlsCaptureWithoutSecretsSaysWhyItCannotBeReplayed) {
  TempDir dir;
  const std::string capture = without_secrets("real-dtls.pcapng", dir);
  const CommandResult list = run_replay({"--list", capture});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("        DTLS session of frame 1: TLS_PSK_WITH_AES_128_CCM_8, not "
                          "decrypted: no secret for this session (use --keylog)\n"
                          "        PSK identity 'urn:imei:490154203237518' (frame 7)\n"
                          "        not replayable: DTLS-encrypted, not decrypted: no secret for "
                          "this session (use --keylog)\n"),
            std::string::npos)
      << list.out;
  const CommandResult run = run_replay({capture, "--target", "127.0.0.1:9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "lwm2m-replay: not replayable: 127.0.0.1:58584: DTLS-encrypted, not decrypted: no "
            "secret for this session (use --keylog)\n"
            "lwm2m-replay: nothing to replay in " +
                capture + ": no selected client can be replayed\n");
}

TEST(ReplayDtls, AWrongSecretSaysAuthenticationFailed) {
  TempDir dir;
  const std::string capture = without_secrets("cert-match.pcapng", dir);
  std::string wrong = kCertMatchKeyLog;
  wrong[wrong.size() - 2] = wrong[wrong.size() - 2] == '0' ? '1' : '0';
  write_file(dir.path("wrong.log"), wrong);
  const CommandResult run = run_replay({"--list", capture, "--keylog", dir.path("wrong.log")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("        not replayable: DTLS-encrypted, not decrypted: the session "
                         "secret does not decrypt it (authentication failed in frame 13)\n"),
            std::string::npos)
      << run.out;
}

TEST(ReplayDtls, KeylogErrorsExitTwoWithOneLine) {
  TempDir dir;
  const std::string capture = sample_capture("cert-match.pcapng");
  const CommandResult missing = run_replay({"--list", capture, "--keylog", dir.path("none.log")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err, "lwm2m-replay: --keylog " + dir.path("none.log") +
                             ": cannot open: No such file or directory\n");
  write_file(dir.path("empty.log"), "# nothing\n");
  const CommandResult empty = run_replay({"--list", capture, "--keylog", dir.path("empty.log")});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err, "lwm2m-replay: --keylog " + dir.path("empty.log") +
                           ": no CLIENT_RANDOM line (an NSS key log, as SSLKEYLOGFILE writes, "
                           "with \"CLIENT_RANDOM <client random> <master secret>\" in hex)\n");
}

// The replay reads UDP only: the TLS-over-TCP certificate capture has nothing for it.
TEST(ReplayDtls, TheTlsOverTcpCaptureIsOutOfScope) {
  const std::string capture = sample_capture("cert-tls.pcapng");
  const CommandResult run = run_replay({"--list", capture});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "lwm2m-replay: no LwM2M client in " + capture +
                         " (33 frames, 0 UDP datagrams (0 CoAP, 0 DTLS, 0 other); 33 skipped: 33 "
                         "not UDP): no Register, Update, De-register or Bootstrap-Request over "
                         "CoAP/UDP\n");
}

// The decrypted Registers of cert-match (certificate) and real-dtls (PSK), replayed as plain
// CoAP to libcoap's resource directory.
TEST(ReplayDtls, DecryptedCapturesReplayAgainstCoapRd) {
  CoapRdServer server;
  for (const char* sample : {"cert-match.pcapng", "real-dtls.pcapng"}) {
    const CommandResult run =
        run_replay({sample_capture(sample), "--target", server.target(), "--fast", "--ack-timeout",
                    "1", "--max-retransmit", "1", "--no-progress"});
    EXPECT_EQ(run.exit_code, 0) << sample << run.out << run.err;
    EXPECT_NE(run.out.find("summary: 1 exchange: 1 matched, 0 differ, 0 no answer; 0 server "
                           "requests; 1 client;"),
              std::string::npos)
        << run.out;
  }
}

}  // namespace
}  // namespace lwm2m::test
