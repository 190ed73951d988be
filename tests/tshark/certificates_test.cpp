// Real DTLS 1.2 and TLS 1.2 captures with X.509 client certificates (samples/capture-certs.sh):
// the plugin reads the client's certificate on its Certificate handshake message (in clear),
// checks its Subject CN as seed Change 7 asks ("<ept>:<ep>"), and checks the Register of the same
// session, decrypted with the TLS key log embedded in the capture, and the server's answer
// against it. Wireshark's own x509 fields pin what the captures hold.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// x509sat.uTF8String on a Certificate message: the issuer's O and CN, then the subject's CN.
std::string utf8_strings(const std::string& subject_cn) {
  return "lwm2m-ept samples|lwm2m-ept sample CA|" + subject_cn;
}

// The client certificate, as the handshake frame shows it.
const std::vector<std::string> kCertificateFields = {
    "frame.number",     "lwm2m.cert.cn",      "lwm2m.cert.ept",    "lwm2m.cert.ep",
    "lwm2m.cert.valid", "lwm2m.cert.problem", "_ws.expert.message"};
// The Register's check and the server's answer.
const std::vector<std::string> kRequestFields = {
    "frame.number",        "lwm2m.operation",   "lwm2m.ep",      "lwm2m.ept",
    "lwm2m.ep.valid",      "lwm2m.cert.in",     "lwm2m.cert.cn", "lwm2m.cert.match",
    "lwm2m.cert.enforced", "_ws.expert.message"};

struct DtlsCase {
  const char* file;
  const char* client_cn;
  const char* cert_ept;  // lwm2m.cert.ept, "" when the CN has no usable type
  const char* cert_ep;
  const char* cn_problem;  // "" for a CN of the form "<ept>:<ep>"
  const char* mismatch;    // cn_mismatch's sentence, "" when the CN matches the Register
};

const char* const kRegisterInfo = "LwM2M Register ep=urn:imei:490154203237518 [URN]";

class CertificateDtlsSample : public ::testing::TestWithParam<DtlsCase> {};

TEST_P(CertificateDtlsSample, WiresharkShowsTheClientCertificateCn) {
  const DtlsCase& c = GetParam();
  // The server's certificate (frame 5) and the client's (frame 9), both in clear.
  Rows rows = tshark_fields(sample(c.file), "dtls.handshake.type == 11",
                            {"frame.number", "udp.srcport", "x509sat.uTF8String"});
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"5", "5684", utf8_strings("localhost")}));
  EXPECT_EQ(rows[1][0], "9");
  EXPECT_NE(rows[1][1], "5684");
  EXPECT_EQ(rows[1][2], utf8_strings(c.client_cn));
  // The cipher suite LwM2M names for certificates: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.
  EXPECT_EQ(
      tshark_fields(sample(c.file), "dtls.handshake.type == 2", {"dtls.handshake.ciphersuite"}),
      (Rows{{"0xc0ae"}}));
}

TEST_P(CertificateDtlsSample, TheHandshakeFrameShowsTheCnAndItsVerdict) {
  const DtlsCase& c = GetParam();
  const std::string problem = c.cn_problem;
  const std::string expert = problem.empty() ? "" : "Client certificate: " + problem;
  // Only the client's certificate: the server's (frame 5, CN=localhost) is not an LwM2M name.
  EXPECT_EQ(tshark_fields(sample(c.file), "lwm2m.cert.cn && dtls.handshake", kCertificateFields),
            (Rows{{"9", c.client_cn, c.cert_ept, c.cert_ep, problem.empty() ? "1" : "0", problem,
                   expert}}));
  EXPECT_EQ(tshark_info(sample(c.file), "frame.number == 9"),
            (std::vector<std::string>{std::string("Certificate [LwM2M client certificate CN=") +
                                      c.client_cn + (problem.empty() ? "]" : ", INVALID]")}));
  EXPECT_EQ(tshark_fields(sample(c.file), "lwm2m.cert.cn.format", {"frame.number"}),
            problem.empty() ? Rows{} : Rows{{"9"}});
}

TEST_P(CertificateDtlsSample, TheRegisterIsCheckedAgainstTheCn) {
  const DtlsCase& c = GetParam();
  const std::string mismatch = c.mismatch;
  const bool matches = mismatch.empty();
  const std::string register_expert =
      matches
          ? ""
          : "The client certificate of frame 9 does not name what this Register names: " + mismatch;
  const std::string answer_expert =
      matches ? ""
              : std::string(
                    "The server accepted (2.01 Created) the Register whose client "
                    "certificate (frame 9, CN '") +
                    c.client_cn + "') does not match it: seed 7.1.3 says it MUST reject it";
  Rows rows = tshark_fields(sample(c.file), "lwm2m && coap", kRequestFields);
  Rows expected = {
      {"16", "Register", "urn:imei:490154203237518", "2", "1", "9", c.client_cn,
       matches ? "1" : "0", "", register_expert},
      {"17", "Register", "urn:imei:490154203237518", "2", "", "", "", "", matches ? "" : "0",
       answer_expert},
  };
  EXPECT_EQ(rows, expected);
  std::vector<std::string> info =
      tshark_info(sample(c.file), "frame.number == 16 || frame.number == 17");
  ASSERT_EQ(info.size(), 2U);
  EXPECT_EQ(info[0],
            std::string(kRegisterInfo) +
                (matches ? "" : std::string(" [CN MISMATCH: ") + c.client_cn + ", frame 9]"));
  // "LwM2M Register response 2.01 Created location=/rd/<x>", the location new in every file.
  const std::string accepted = " [CN mismatch accepted]";
  EXPECT_EQ(info[1].rfind("LwM2M Register response 2.01 Created location=/rd/", 0), 0U) << info[1];
  EXPECT_EQ(info[1].find(accepted) != std::string::npos, !matches) << info[1];
  EXPECT_EQ(tshark_fields(sample(c.file), "lwm2m.cert.mismatch", {"frame.number"}),
            matches ? Rows{} : Rows{{"16"}});
  EXPECT_EQ(tshark_fields(sample(c.file), "lwm2m.cert.mismatch_accepted", {"frame.number"}),
            matches ? Rows{} : Rows{{"17"}});
}

TEST_P(CertificateDtlsSample, BothPassesShowTheSame) {
  const DtlsCase& c = GetParam();
  EXPECT_EQ(tshark_info(sample(c.file), "lwm2m", {"-2"}), tshark_info(sample(c.file), "lwm2m"));
  EXPECT_EQ(
      tshark_fields(sample(c.file), "lwm2m.cert.cn", {"frame.number", "lwm2m.cert.match"}, {"-2"}),
      tshark_fields(sample(c.file), "lwm2m.cert.cn", {"frame.number", "lwm2m.cert.match"}));
}

INSTANTIATE_TEST_SUITE_P(
    Certificate, CertificateDtlsSample,
    ::testing::Values(
        DtlsCase{"cert-match.pcapng", "2:urn:imei:490154203237518", "2", "urn:imei:490154203237518",
                 "", ""},
        DtlsCase{"cert-type-differs.pcapng", "1:00A0C6-Router-SN1", "1", "00A0C6-Router-SN1", "",
                 "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
                 "ep=urn:imei:490154203237518"},
        DtlsCase{"cert-name-differs.pcapng", "2:urn:imei:356938035643809", "2",
                 "urn:imei:356938035643809", "",
                 "the certificate's CN has ept 2, ep=urn:imei:356938035643809; the Register sends "
                 "ept 2, ep=urn:imei:490154203237518"},
        DtlsCase{"cert-no-type.pcapng", "urn:imei:490154203237518", "", "urn:imei:490154203237518",
                 "CN 'urn:imei:490154203237518' has no type: the seed wants '<ept>:<ep>', e.g. "
                 "'2:urn:imei:490154203237518'",
                 "the certificate's CN has no type, ep=urn:imei:490154203237518; the Register "
                 "sends ept 2, ep=urn:imei:490154203237518"},
        DtlsCase{"cert-type-as-name.pcapng", "URN:urn:imei:490154203237518", "",
                 "urn:imei:490154203237518",
                 "CN 'URN:urn:imei:490154203237518' writes the type as its name 'URN' instead of "
                 "its number: the seed wants '2:urn:imei:490154203237518'",
                 "the certificate's CN has the type 'URN' (not a number 1-255), "
                 "ep=urn:imei:490154203237518; the Register sends ept 2, "
                 "ep=urn:imei:490154203237518"}),
    [](const ::testing::TestParamInfo<DtlsCase>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      std::string out;
      for (char ch : name) {
        if (ch != '-') out += ch;
      }
      return out;
    });

TEST(CertificateRejectedSample, TheServerEndingTheHandshakeIsShownAsEnforcing) {
  const std::string capture = sample("cert-rejected.pcapng");
  // The server's fatal alert right after the client's certificate: unknown_ca (48).
  Rows alerts = tshark_fields(
      capture, "dtls.alert_message",
      {"frame.number", "udp.srcport", "dtls.alert_message.level", "dtls.alert_message.desc"});
  EXPECT_EQ(alerts, (Rows{{"10", "5684", "2", "48"}}));
  EXPECT_EQ(tshark_fields(capture, "lwm2m",
                          {"frame.number", "lwm2m.cert.cn", "lwm2m.cert.ept", "lwm2m.cert.ep",
                           "lwm2m.cert.in", "lwm2m.cert.refused_in", "lwm2m.cert.alert",
                           "lwm2m.cert.enforced", "_ws.expert.message"},
                          {"-2"}),
            (Rows{{"9", "2:urn:imei:490154203237518", "2", "urn:imei:490154203237518", "", "10", "",
                   "", ""},
                  {"10", "2:urn:imei:490154203237518", "", "", "9", "", "48 (Unknown CA)", "1",
                   "The server ended the handshake after the client certificate of frame 9 (CN "
                   "'2:urn:imei:490154203237518') with the fatal alert 48 (Unknown CA): no "
                   "Register can be sent in this session"}}));
  EXPECT_EQ(tshark_info(capture, "frame.number == 10"),
            (std::vector<std::string>{"Alert (Level: Fatal, Description: Unknown CA) [LwM2M: the "
                                      "server refused the client certificate of frame 9]"}));
  EXPECT_EQ(tshark_fields(capture, "lwm2m.cert.refused", {"frame.number"}), (Rows{{"10"}}));
  // No Register ever left the client.
  EXPECT_EQ(tshark_fields(capture, "coap", {"frame.number"}), Rows{});
}

TEST(CertificateTlsSample, ClientCertificateAndRegisterOverTls) {
  const std::string capture = sample("cert-tls.pcapng");
  Rows certs = tshark_fields(capture, "tls.handshake.type == 11",
                             {"frame.number", "tcp.srcport", "x509sat.uTF8String"});
  ASSERT_EQ(certs.size(), 2U);
  EXPECT_EQ(certs[0], (std::vector<std::string>{"8", "5684", utf8_strings("localhost")}));
  EXPECT_EQ(certs[1][0], "16");
  EXPECT_EQ(certs[1][2], utf8_strings("2:urn:imei:490154203237518"));
  EXPECT_EQ(tshark_fields(capture, "tls.handshake.type == 2",
                          {"tls.handshake.version", "tls.handshake.ciphersuite"}),
            (Rows{{"0x0303", "0xc0ae"}}));
  EXPECT_EQ(
      tshark_fields(capture, "lwm2m.cert.cn && tls.handshake", kCertificateFields),
      (Rows{{"16", "2:urn:imei:490154203237518", "2", "urn:imei:490154203237518", "1", "", ""}}));
  Rows rows = tshark_fields(capture, "lwm2m && coap", kRequestFields);
  Rows expected = {
      {"26", "Register", "urn:imei:490154203237518", "2", "1", "16", "2:urn:imei:490154203237518",
       "1", "", ""},
      {"28", "Register", "urn:imei:490154203237518", "2", "", "", "", "", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

// TLS 1.3 encrypts the certificates: the embedded key log lets Wireshark decrypt the handshake,
// and the plugin reads the client's certificate (frame 13) the same way; the server's (frame 11,
// with its Certificate Request) is not judged.
TEST(CertificateTls13Sample, TheDecryptedClientCertificateIsChecked) {
  const std::string capture = sample("cert-tls13.pcapng");
  EXPECT_EQ(
      tshark_fields(capture, "tls.handshake.type == 2",
                    {"tls.handshake.extensions.supported_version", "tls.handshake.ciphersuite"}),
      (Rows{{"0x0304", "0x1302"}}));
  EXPECT_EQ(tshark_fields(capture, "lwm2m.cert.cn && tls.handshake", kCertificateFields),
            (Rows{{"13", "1:00A0C6-Router-SN1", "1", "00A0C6-Router-SN1", "1", "", ""}}));
  Rows rows = tshark_fields(capture, "lwm2m && coap", kRequestFields);
  Rows expected = {
      {"18", "Register", "urn:imei:490154203237518", "2", "1", "13", "1:00A0C6-Router-SN1", "0", "",
       "The client certificate of frame 13 does not name what this Register names: the "
       "certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
       "ep=urn:imei:490154203237518"},
      {"19", "Register", "urn:imei:490154203237518", "2", "", "", "", "", "0",
       "The server accepted (2.01 Created) the Register whose client certificate (frame 13, CN "
       "'1:00A0C6-Router-SN1') does not match it: seed 7.1.3 says it MUST reject it"},
  };
  EXPECT_EQ(rows, expected);
}

// A server that enforces the rule: the project's lwm2m-pki-server --check-cn answers 4.03 to the
// Register its client certificate does not name.
TEST(CertificateEnforcedSample, A403ToAMismatchingRegisterIsTheServerEnforcing) {
  const std::string capture = sample("cert-enforced.pcapng");
  EXPECT_EQ(tshark_fields(capture, "lwm2m.cert.cn && dtls.handshake", kCertificateFields),
            (Rows{{"6", "1:00A0C6-Router-SN1", "1", "00A0C6-Router-SN1", "1", "", ""}}));
  Rows rows = tshark_fields(capture, "lwm2m && coap", kRequestFields);
  Rows expected = {
      {"12", "Register", "urn:imei:490154203237518", "2", "1", "6", "1:00A0C6-Router-SN1", "0", "",
       "The client certificate of frame 6 does not name what this Register names: the "
       "certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
       "ep=urn:imei:490154203237518"},
      {"13", "Register", "urn:imei:490154203237518", "2", "", "", "", "", "1",
       "The server rejected (4.03 Forbidden) the Register whose client certificate (frame 6, CN "
       "'1:00A0C6-Router-SN1') does not match it, as seed 7.1.3 asks"},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(
      tshark_info(capture, "frame.number == 13"),
      (std::vector<std::string>{"LwM2M Register response 4.03 Forbidden [CN mismatch rejected]"}));
  EXPECT_EQ(tshark_fields(capture, "lwm2m.cert.mismatch_rejected", {"frame.number"}),
            (Rows{{"13"}}));
  EXPECT_EQ(tshark_fields(capture, "lwm2m.cert.mismatch_accepted", {"frame.number"}), Rows{});
}

// The Info column of each frame as the GUI's packet list shows it: sharkd dissects without a tree.
std::map<int, std::string> packet_list_info(const std::string& capture) {
  const CommandResult result =
      run_sharkd(capture, {R"({"jsonrpc":"2.0","id":2,"method":"frames","params":{}})"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::map<int, std::string> info;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json reply = nlohmann::json::parse(line);
    if (reply.value("id", 0) != 2) continue;
    for (const auto& frame : reply.at("result")) {
      info[frame.at("num").get<int>()] = frame.at("c").back().get<std::string>();
    }
  }
  return info;
}

TEST(CertificatePacketList, TheGuisPacketListShowsTheCertificateCheck) {
  std::map<int, std::string> rejected = packet_list_info(sample("cert-rejected.pcapng"));
  EXPECT_EQ(rejected[9], "Certificate [LwM2M client certificate CN=2:urn:imei:490154203237518]");
  EXPECT_EQ(rejected[10],
            "Alert (Level: Fatal, Description: Unknown CA) [LwM2M: the server refused the client "
            "certificate of frame 9]");
  std::map<int, std::string> no_type = packet_list_info(sample("cert-no-type.pcapng"));
  EXPECT_EQ(no_type[9],
            "Certificate [LwM2M client certificate CN=urn:imei:490154203237518, INVALID]");
  EXPECT_EQ(no_type[16],
            std::string(kRegisterInfo) + " [CN MISMATCH: urn:imei:490154203237518, frame 9]");
}

// A session without a client certificate (PSK): nothing of the certificate check.
TEST(CertificatePskSample, APskSessionHasNoCertificateCheck) {
  EXPECT_EQ(
      tshark_fields(sample("real-dtls.pcapng"), "lwm2m.cert.cn || lwm2m.cert.in", {"frame.number"}),
      Rows{});
  EXPECT_FALSE(tshark_fields(sample("real-dtls.pcapng"), "lwm2m", {"frame.number"}).empty());
}

}  // namespace
}  // namespace lwm2m::test
