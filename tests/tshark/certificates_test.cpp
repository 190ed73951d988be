// Real DTLS 1.2 and TLS 1.2 captures with X.509 client certificates (samples/capture-certs.sh):
// Wireshark's own x509 dissector shows each client certificate's Subject CN on the client's
// Certificate handshake message, and the plugin decodes the Register inside the session,
// decrypted with the TLS key log embedded in the capture. The plugin does not read certificates
// yet: these tests pin what the captures hold, for the CN check to build on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// x509sat.uTF8String on a Certificate message: the issuer's O and CN, then the subject's CN.
std::string utf8_strings(const std::string& subject_cn) {
  return "lwm2m-ept samples|lwm2m-ept sample CA|" + subject_cn;
}

const std::vector<std::string> kLwm2mFields = {"frame.number", "lwm2m.operation", "lwm2m.ep",
                                               "lwm2m.ept", "lwm2m.ep.valid"};

struct DtlsCase {
  const char* file;
  const char* client_cn;
};

class CertificateDtlsSample : public ::testing::TestWithParam<DtlsCase> {};

TEST_P(CertificateDtlsSample, ClientCertificateCnInWiresharksX509Tree) {
  const DtlsCase& c = GetParam();
  // The server's certificate (frame 5) and the client's (frame 9), both in clear.
  Rows rows = tshark_fields(sample(c.file), "dtls.handshake.type == 11",
                            {"frame.number", "udp.srcport", "x509sat.uTF8String"});
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0][0], "5");
  EXPECT_EQ(rows[0][1], "5684");
  EXPECT_EQ(rows[0][2], utf8_strings("localhost"));
  EXPECT_EQ(rows[1][0], "9");
  EXPECT_NE(rows[1][1], "5684");
  EXPECT_EQ(rows[1][2], utf8_strings(c.client_cn));
  // No lwm2m tree on the handshake (the plugin does not read certificates yet).
  EXPECT_EQ(tshark_fields(sample(c.file), "lwm2m && dtls.handshake", {"frame.number"}), Rows{});
}

TEST_P(CertificateDtlsSample, RegisterDecryptedWithEmbeddedKeys) {
  const DtlsCase& c = GetParam();
  Rows rows = tshark_fields(sample(c.file), "lwm2m", kLwm2mFields);
  Rows expected = {
      {"16", "Register", "urn:imei:490154203237518", "2", "1"},
      {"17", "Register", "urn:imei:490154203237518", "2", ""},
  };
  EXPECT_EQ(rows, expected);
  std::vector<std::string> info = tshark_info(sample(c.file), "frame.number == 16");
  EXPECT_EQ(info, (std::vector<std::string>{"LwM2M Register ep=urn:imei:490154203237518 [URN]"}));
  // The cipher suite LwM2M names for certificates: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.
  EXPECT_EQ(
      tshark_fields(sample(c.file), "dtls.handshake.type == 2", {"dtls.handshake.ciphersuite"}),
      (Rows{{"0xc0ae"}}));
}

INSTANTIATE_TEST_SUITE_P(
    Certificate, CertificateDtlsSample,
    ::testing::Values(DtlsCase{"cert-match.pcapng", "2:urn:imei:490154203237518"},
                      DtlsCase{"cert-type-differs.pcapng", "1:00A0C6-Router-SN1"},
                      DtlsCase{"cert-name-differs.pcapng", "2:urn:imei:356938035643809"},
                      DtlsCase{"cert-no-type.pcapng", "urn:imei:490154203237518"},
                      DtlsCase{"cert-type-as-name.pcapng", "URN:urn:imei:490154203237518"}),
    [](const ::testing::TestParamInfo<DtlsCase>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      std::string out;
      for (char ch : name) {
        if (ch != '-') out += ch;
      }
      return out;
    });

TEST(CertificateRejectedSample, ServerEndsTheHandshakeWithUnknownCa) {
  Rows certs = tshark_fields(sample("cert-rejected.pcapng"), "dtls.handshake.type == 11",
                             {"frame.number", "x509sat.uTF8String"});
  EXPECT_EQ(certs, (Rows{{"5", utf8_strings("localhost")},
                         {"9", utf8_strings("2:urn:imei:490154203237518")}}));
  // The server's fatal alert right after the client's certificate: unknown_ca (48).
  Rows alerts = tshark_fields(
      sample("cert-rejected.pcapng"), "dtls.alert_message",
      {"frame.number", "udp.srcport", "dtls.alert_message.level", "dtls.alert_message.desc"});
  EXPECT_EQ(alerts, (Rows{{"10", "5684", "2", "48"}}));
  // No Register ever left the client.
  EXPECT_EQ(tshark_fields(sample("cert-rejected.pcapng"), "coap || lwm2m", {"frame.number"}),
            Rows{});
}

TEST(CertificateTlsSample, ClientCertificateAndRegisterOverTls) {
  Rows certs = tshark_fields(sample("cert-tls.pcapng"), "tls.handshake.type == 11",
                             {"frame.number", "tcp.srcport", "x509sat.uTF8String"});
  ASSERT_EQ(certs.size(), 2U);
  EXPECT_EQ(certs[0], (std::vector<std::string>{"8", "5684", utf8_strings("localhost")}));
  EXPECT_EQ(certs[1][0], "16");
  EXPECT_EQ(certs[1][2], utf8_strings("2:urn:imei:490154203237518"));
  EXPECT_EQ(tshark_fields(sample("cert-tls.pcapng"), "tls.handshake.type == 2",
                          {"tls.handshake.version", "tls.handshake.ciphersuite"}),
            (Rows{{"0x0303", "0xc0ae"}}));
  Rows rows = tshark_fields(sample("cert-tls.pcapng"), "lwm2m", kLwm2mFields);
  Rows expected = {
      {"26", "Register", "urn:imei:490154203237518", "2", "1"},
      {"28", "Register", "urn:imei:490154203237518", "2", ""},
  };
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test
