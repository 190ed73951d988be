// lwm2m-replay over DTLS with X.509 client certificates (--cert, --key, --ca), against the
// project's lwm2m-pki-server (which requires a client certificate from its CA, and with
// --check-cn answers 4.03 to a Register the CN does not name) and Debian's coap-rd-gnutls (which
// takes any CN its CA signed). The CA, the server's and the clients' certificates are made with
// openssl for each test (test_pki.h).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"
#include "test_pki.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

const std::string kEp = "urn:imei:490154203237518";  // the capture's client, ept 2

// Register (ept=2), two Updates and a De-register of one client, answered 2.01, 2.04, 2.04, 2.02.
std::string lifecycle() {
  return sample_capture("real-node-lifecycle.pcapng");
}

// DTLS through libcoap needs these at least; they keep a failed handshake short.
const std::vector<std::string> kQuick = {"--fast", "--ack-timeout", "1", "--max-retransmit",
                                         "1",      "--no-progress"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string refusal_line(const std::string& cn_words) {
  return "lwm2m-replay: " + kEp + ": the certificate's CN has " + cn_words +
         "; the Register sends ept 2, ep=" + kEp +
         "; nothing was sent (--allow-cn-mismatch sends it anyway)\n";
}

class ReplayCertificate : public testing::Test {
 protected:
  void SetUp() override {
    pki_.make_ca("ca");
    pki_.make_ca("other-ca");
    pki_.issue("server", "/CN=localhost", "ca");
    pki_.issue("match", "/CN=2:" + kEp, "ca");
    pki_.issue("mismatch", "/CN=1:00A0C6-Router-SN1", "ca");
    pki_.issue("foreign", "/CN=2:" + kEp, "other-ca");
  }

  // --cert and --key of the client certificate `name`.
  std::vector<std::string> client(const std::string& name) const {
    return {"--cert", pki_.cert(name), "--key", pki_.key(name)};
  }

  // Runs the replay of `args` (after the capture and --target) against a socket that counts what
  // it receives: exit 2, nothing on stdout, `err` exactly, and not a datagram sent.
  void expect_refused(const std::vector<std::string>& args, const std::string& err) {
    const int port = free_udp_port();
    UdpListener target("127.0.0.1", port);
    ASSERT_TRUE(target.bound());
    const CommandResult run = run_replay(with(
        {lifecycle(), "--target", "127.0.0.1:" + std::to_string(port), "--no-progress"}, args));
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, err);
    EXPECT_EQ(target.received(), 0);
  }

  PkiServer server(bool check_cn) const {
    return PkiServer(pki_.cert("server"), pki_.key("server"), pki_.cert("ca"), check_cn);
  }

  TempDir dir_;
  TestPki pki_{dir_};
};

// The CN names the Register: every exchange matches, and the report says the handshake completed
// with that CN; the server saw the same CN.
TEST_F(ReplayCertificate, AMatchingCnReplaysEveryExchangeAndTheReportShowsTheHandshake) {
  PkiServer live = server(true);
  const std::string report = dir_.path("report.json");
  const CommandResult run = run_replay(with(
      with({lifecycle(), "--target", live.target(), "--report", "json=" + report}, client("match")),
      with({"--ca", pki_.cert("ca")}, kQuick)));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("\n        " + kEp +
                         ": DTLS handshake completed, certificate CN '2:" + kEp + "'\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.out;

  const json parsed = read_json(report);
  ASSERT_EQ(parsed.at("handshakes").size(), 1u);
  const json& handshake = parsed.at("handshakes")[0];
  EXPECT_EQ(handshake.at("client"), kEp);
  EXPECT_EQ(handshake.at("outcome"), "completed");
  EXPECT_EQ(handshake.at("alert"), nullptr);
  EXPECT_EQ(handshake.at("text"), "completed");
  EXPECT_EQ(handshake.at("cn"), "2:" + kEp);
  EXPECT_EQ(parsed.at("summary").at("handshakes_completed"), 1);
  EXPECT_EQ(parsed.at("summary").at("handshakes_failed"), 0);

  const std::vector<json> events = live.events_after_listening();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0], json({{"event", "handshake"}, {"cn", "2:" + kEp}}));
  EXPECT_EQ(events[1], json({{"event", "registered"},
                             {"ep", kEp},
                             {"ept", "2"},
                             {"cn", "2:" + kEp},
                             {"location", "rd/1"}}));
  EXPECT_EQ(events[4], json({{"event", "deregistered"}, {"location", "rd/1"}}));
}

// With the JSON report on standard output, standard output is that report and nothing else: no
// line of libcoap's (it prints each PDU to stdout when its log level is debug) and no table.
TEST_F(ReplayCertificate, TheJsonReportOnStandardOutputIsAllThatIsPrintedThere) {
  PkiServer live = server(true);
  const CommandResult run = run_replay(with(
      with({lifecycle(), "--target", live.target(), "--report", "json"}, client("match")), kQuick));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("v:1 t:"), std::string::npos) << run.out;
  ASSERT_TRUE(json::accept(run.out)) << run.out;
  EXPECT_EQ(json::parse(run.out).at("summary").at("matched"), 4);
}

// A certificate-authenticated capture (samples/cert-match.pcapng: a DTLS 1.2 session with a
// client certificate, its session secret embedded) replays with a certificate of the same CN: the
// capture's Register is decrypted, sent over a new DTLS session and answered 2.01.
TEST_F(ReplayCertificate, ACertificateAuthenticatedCaptureReplaysWithItsCn) {
  PkiServer live = server(true);
  const CommandResult run = run_replay(
      with(with({sample_capture("cert-match.pcapng"), "--target", live.target()}, client("match")),
           kQuick));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("(2 CoAP, 17 DTLS, 0 other; 2 CoAP decrypted from DTLS)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(": DTLS handshake completed, certificate CN '2:" + kEp + "'\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 1 exchange: 1 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.out;
  const std::vector<json> events = live.events_after_listening();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], json({{"event", "handshake"}, {"cn", "2:" + kEp}}));
  EXPECT_EQ(events[1].at("event"), "registered");
  EXPECT_EQ(events[1].at("ep"), kEp);
}

// The same capture with the certificate of another device: refused before anything is sent.
TEST_F(ReplayCertificate, ACertificateAuthenticatedCaptureRefusesAnotherCn) {
  PkiServer live = server(true);
  const CommandResult run = run_replay(with(
      with({sample_capture("cert-match.pcapng"), "--target", live.target()}, client("mismatch")),
      kQuick));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, refusal_line("ept 1, ep=00A0C6-Router-SN1"));
  EXPECT_EQ(live.events_after_listening().size(), 0u);
}

// A CN that does not name the Register: refused before the first datagram; the server saw no
// handshake at all.
TEST_F(ReplayCertificate, AMismatchingCnIsRefusedAndTheServerSeesNothing) {
  PkiServer live = server(true);
  const CommandResult run =
      run_replay(with(with({lifecycle(), "--target", live.target()}, client("mismatch")), kQuick));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, refusal_line("ept 1, ep=00A0C6-Router-SN1"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(live.events_after_listening(), std::vector<json>{});
}

// --allow-cn-mismatch sends it: a server that checks the CN answers the Register 4.03, and the
// Updates and De-register have no registration to address.
TEST_F(ReplayCertificate, AllowCnMismatchShowsTheServerForbiddingTheRegister) {
  PkiServer live = server(true);
  const std::string report = dir_.path("report.json");
  const CommandResult run =
      run_replay(with(with({lifecycle(), "--target", live.target(), "--report", "json=" + report,
                            "--allow-cn-mismatch"},
                           client("mismatch")),
                      kQuick));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(run.err.substr(0, run.err.find('\n') + 1),
            "lwm2m-replay: warning: " + kEp +
                ": the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept "
                "2, ep=" +
                kEp + "; sent anyway (--allow-cn-mismatch)\n");
  EXPECT_NE(run.out.find("summary: 4 exchanges: 0 matched, 1 differs, 0 no answer, 3 skipped;"),
            std::string::npos)
      << run.out;

  const json parsed = read_json(report);
  const json& register_exchange = parsed.at("exchanges")[0];
  EXPECT_EQ(register_exchange.at("outcome"), "differs");
  EXPECT_EQ(register_exchange.at("live").at("code"), "4.03");
  EXPECT_EQ(register_exchange.at("live").at("text"), "4.03 Forbidden");
  EXPECT_EQ(parsed.at("handshakes")[0].at("outcome"), "completed");
  EXPECT_EQ(parsed.at("handshakes")[0].at("cn"), "1:00A0C6-Router-SN1");

  const std::vector<json> rejected = events_named(live, "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].at("reason"),
            "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
            "ep=" +
                kEp);
  EXPECT_TRUE(events_named(live, "registered").empty());
}

// A client certificate from another CA: the server ends the handshake with alert 48 unknown_ca,
// which the report names; the server answered, so the exit code is 1 (some exchange got no
// answer), not 3.
TEST_F(ReplayCertificate, ACertificateFromAnotherCaFailsTheHandshakeWithUnknownCa) {
  PkiServer live = server(true);
  const std::string report = dir_.path("report.json");
  const std::string junit = dir_.path("report.xml");
  const CommandResult run =
      run_replay(with(with({lifecycle(), "--target", live.target(), "--report", "json=" + report,
                            "--report", "junit=" + junit},
                           client("foreign")),
                      kQuick));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("\n        " + kEp +
                         ": DTLS handshake failed: the server sent alert 48 unknown_ca, "
                         "certificate CN '2:" +
                         kEp + "'\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 0 matched, 0 differ, 1 no answer, 3 skipped; 0 "
                         "server requests; 1 DTLS handshake failed; 1 client;"),
            std::string::npos)
      << run.out;

  const json parsed = read_json(report);
  const json& handshake = parsed.at("handshakes")[0];
  EXPECT_EQ(handshake.at("outcome"), "failed");
  EXPECT_EQ(handshake.at("alert"),
            json({{"number", 48}, {"name", "unknown_ca"}, {"sent_by", "server"}}));
  EXPECT_EQ(handshake.at("text"), "failed: the server sent alert 48 unknown_ca");
  EXPECT_EQ(parsed.at("exchanges")[0].at("failure"),
            "the DTLS handshake failed: the server sent alert 48 unknown_ca");
  EXPECT_EQ(parsed.at("summary").at("handshakes_failed"), 1);
  EXPECT_EQ(parsed.at("summary").at("target_answered"), true);

  std::ifstream in(junit);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("<testcase classname=\"" + kEp +
                     "\" name=\"DTLS handshake (certificate CN &apos;2:" + kEp +
                     "&apos;)\" time=\"0\">\n      <failure type=\"handshake failed\" "
                     "message=\"failed: the server sent alert 48 unknown_ca\"/>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(events_named(live, "handshake_failed").size(), 1u);
  EXPECT_TRUE(events_named(live, "handshake").empty());
}

// --ca: the server's certificate must come from that CA. One from another is refused by the
// replay itself, with the same alert the other way.
TEST_F(ReplayCertificate, WithCaTheReplayRefusesAServerCertificateFromAnotherCa) {
  PkiServer live = server(true);
  const CommandResult run =
      run_replay(with(with({lifecycle(), "--target", live.target()}, client("match")),
                      with({"--ca", pki_.cert("other-ca")}, kQuick)));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find(": DTLS handshake failed: the replay sent alert 48 unknown_ca, "
                         "certificate CN '2:" +
                         kEp + "'\n"),
            std::string::npos)
      << run.out;
  EXPECT_TRUE(events_named(live, "registered").empty());
}

// Debian's coap-rd does not enforce the CN rule: it registers a client whose certificate names
// another endpoint. (Without --ca the replay accepts its certificate unverified. coap-rd 4.3.1
// aborts on the De-register, as it did when the capture was made: neither answers it.)
TEST_F(ReplayCertificate, CoapRdRegistersAMismatchingCn) {
  const std::string both = dir_.path("server-both.pem");
  {
    std::ofstream out(both);
    out << std::ifstream(pki_.cert("server")).rdbuf() << std::ifstream(pki_.key("server")).rdbuf();
  }
  CoapRdServer live(CoapRdPki{both, pki_.cert("ca")});
  const CommandResult run = run_replay(with(with({sample_capture("real-coap-rd.pcapng"), "--target",
                                                  live.target(), "--allow-cn-mismatch"},
                                                 client("mismatch")),
                                            kQuick));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(": DTLS handshake completed, certificate CN '1:00A0C6-Router-SN1'\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" Register POST /rd?ept=2&ep=urn:imei:490154203~ 2.01 Created /rd/dd24-1~ "
                         "2.01 Created "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 3 exchanges: 3 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.out;
}

// --clients N: every copy sends its own ep, and the refusal says a certificate names one at most.
TEST_F(ReplayCertificate, CopiesCannotAllMatchOneCertificate) {
  expect_refused(with(client("match"), {"--clients", "3"}),
                 "lwm2m-replay: " + kEp + ": the certificate's CN has ept 2, ep=" + kEp +
                     "; the Register of copy 1 sends ept 2, ep=" + kEp +
                     "-1; so do 2 more of its 3 copies (--clients gives every copy its own ep: "
                     "one certificate names at most one); nothing was sent (--allow-cn-mismatch "
                     "sends it anyway)\n");
}

// The rewriting is judged: --ep-suffix makes the matching certificate a mismatch.
TEST_F(ReplayCertificate, TheRewrittenRegisterIsWhatTheCnMustName) {
  expect_refused(with(client("match"), {"--ep-suffix", "-lab"}),
                 "lwm2m-replay: " + kEp + ": the certificate's CN has ept 2, ep=" + kEp +
                     "; the Register sends ept 2, ep=" + kEp +
                     "-lab; nothing was sent (--allow-cn-mismatch sends it anyway)\n");
}

TEST_F(ReplayCertificate, ACnWithoutTypeIsRefusedWithTheFormItWants) {
  pki_.issue("notype", "/CN=" + kEp, "ca");
  expect_refused(client("notype"), "lwm2m-replay: --cert " + pki_.cert("notype") + ": CN '" + kEp +
                                       "' has no type: the seed wants '<ept>:<ep>', e.g. '2:" +
                                       kEp + "'\n" + refusal_line("no type, ep=" + kEp));
}

// Files that cannot be used: one line each, exit 2, nothing sent.
TEST_F(ReplayCertificate, UnusableFilesAreRefusedBeforeAnythingIsSent) {
  const std::string missing = dir_.path("missing.pem");
  expect_refused(
      {"--cert", missing, "--key", pki_.key("match")},
      "lwm2m-replay: --cert " + missing + ": cannot read it: No such file or directory\n");
  expect_refused(
      {"--cert", pki_.cert("match"), "--key", missing},
      "lwm2m-replay: --key " + missing + ": cannot read it: No such file or directory\n");
  expect_refused(with(client("match"), {"--ca", missing}),
                 "lwm2m-replay: --ca " + missing + ": cannot read it: No such file or directory\n");

  const std::string text = dir_.path("text.pem");
  std::ofstream(text) << "not a certificate\n";
  expect_refused({"--cert", text, "--key", pki_.key("match")},
                 "lwm2m-replay: --cert " + text +
                     ": not a PEM file (libcoap reads certificates as PEM only)\n");

  pki_.self_signed("nocn", "/O=ACME", "match");
  expect_refused({"--cert", pki_.cert("nocn"), "--key", pki_.key("match")},
                 "lwm2m-replay: --cert " + pki_.cert("nocn") +
                     ": the certificate's Subject 'O=ACME' has no Common Name (CN); the seed "
                     "wants CN '<ept>:<ep>' of the Register\n");

  expect_refused({"--cert", pki_.cert("match"), "--key", pki_.key("mismatch")},
                 "lwm2m-replay: --key " + pki_.key("mismatch") + " does not fit --cert " +
                     pki_.cert("match") + ": the certificate and the key do not match\n");

  expect_refused({"--cert", pki_.cert("match")}, "lwm2m-replay: --cert and --key go together\n");
  expect_refused(with(client("match"), {"--psk-identity", "id", "--psk-key", "k"}),
                 "lwm2m-replay: --cert and --psk-identity exclude each other: DTLS uses a "
                 "certificate or a pre-shared key\n");
}

}  // namespace
}  // namespace lwm2m::test
