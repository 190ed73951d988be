#include "live/dtls_handshake.h"

#include <gtest/gtest.h>

namespace lwm2m::replay {
namespace {

// The lines libcoap 4.3.1 logs through OpenSSL 3 (src/coap_openssl.c, coap_dtls_info_callback).
TEST(DtlsHandshake, AnAlertTheServerSentIsRead) {
  const auto logged = parse_libcoap_alert(
      "*  127.0.0.1:41931 <-> 127.0.0.1:17684 DTLS: SSL3 alert read:fatal:unknown CA\n");
  ASSERT_TRUE(logged);
  EXPECT_EQ(logged->session, "127.0.0.1:41931 <-> 127.0.0.1:17684 DTLS");
  EXPECT_EQ(logged->alert.description, 48);
  EXPECT_TRUE(logged->alert.from_server);
  EXPECT_EQ(alert_text(logged->alert), "the server sent alert 48 unknown_ca");
}

TEST(DtlsHandshake, AnAlertTheReplaySentIsTheReplays) {
  const auto logged = parse_libcoap_alert(
      "*  [::1]:5000 <-> [::1]:5684 DTLS: SSL3 alert write:fatal:bad certificate");
  ASSERT_TRUE(logged);
  EXPECT_EQ(logged->alert.description, 42);
  EXPECT_FALSE(logged->alert.from_server);
  EXPECT_EQ(alert_text(logged->alert), "the replay sent alert 42 bad_certificate");
}

TEST(DtlsHandshake, EveryNameOpenSslGivesHasItsNumber) {
  const auto number = [](const std::string& name) {
    const auto logged = parse_libcoap_alert("*  s: SSL3 alert read:fatal:" + name);
    return logged ? static_cast<int>(logged->alert.description) : -1;
  };
  EXPECT_EQ(number("handshake failure"), 40);
  EXPECT_EQ(number("unexpected_message"), 10);
  EXPECT_EQ(number("decrypt error"), 51);
  EXPECT_EQ(number("unknown PSK identity"), 115);
  EXPECT_EQ(number("no application protocol"), 120);
  EXPECT_EQ(tls_alert_name(40), "handshake_failure");
  EXPECT_EQ(tls_alert_name(116), "certificate_required");
  EXPECT_EQ(tls_alert_name(200), "");
}

// What is not a fatal alert OpenSSL names is no alert: the report then names none.
TEST(DtlsHandshake, OtherLinesAreNoAlert) {
  EXPECT_FALSE(parse_libcoap_alert("*  s: SSL3 alert write:warning:close notify"));
  EXPECT_FALSE(parse_libcoap_alert("*  s: SSL3 alert read:fatal:unknown"));
  EXPECT_FALSE(parse_libcoap_alert("*  s: SSL_connect:error in error"));
  EXPECT_FALSE(parse_libcoap_alert("** s: coap_network_read: ICMP: Connection refused"));
}

TEST(DtlsHandshake, TheOutcomeInWords) {
  DtlsHandshake handshake;
  handshake.completed = true;
  EXPECT_EQ(handshake_text(handshake), "completed");
  handshake.completed = false;
  EXPECT_EQ(handshake_text(handshake), "failed; libcoap reported no alert");
  handshake.alert = DtlsAlert{40, true};
  EXPECT_EQ(handshake_text(handshake), "failed: the server sent alert 40 handshake_failure");
}

}  // namespace
}  // namespace lwm2m::replay
