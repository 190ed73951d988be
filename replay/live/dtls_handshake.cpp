#include "live/dtls_handshake.h"

namespace lwm2m::replay {

namespace {

struct KnownAlert {
  uint8_t number;
  std::string_view openssl;  // OpenSSL 3's SSL_alert_desc_string_long
};

// Every alert OpenSSL 3.0 names (SSL_alert_desc_string_long).
constexpr KnownAlert kAlerts[] = {
    {0, "close notify"},
    {10, "unexpected_message"},
    {20, "bad record mac"},
    {21, "decryption failed"},
    {22, "record overflow"},
    {30, "decompression failure"},
    {40, "handshake failure"},
    {41, "no certificate"},
    {42, "bad certificate"},
    {43, "unsupported certificate"},
    {44, "certificate revoked"},
    {45, "certificate expired"},
    {46, "certificate unknown"},
    {47, "illegal parameter"},
    {48, "unknown CA"},
    {49, "access denied"},
    {50, "decode error"},
    {51, "decrypt error"},
    {60, "export restriction"},
    {70, "protocol version"},
    {71, "insufficient security"},
    {80, "internal error"},
    {90, "user canceled"},
    {100, "no renegotiation"},
    {110, "unsupported extension"},
    {111, "certificate unobtainable"},
    {112, "unrecognized name"},
    {113, "bad certificate status response"},
    {114, "bad certificate hash value"},
    {115, "unknown PSK identity"},
    {120, "no application protocol"},
};

// libcoap 4.3.1, src/coap_openssl.c: "*  %s: SSL3 alert %s:%s:%s\n".
constexpr std::string_view kLead = "*  ";
constexpr std::string_view kAlert = ": SSL3 alert ";

}  // namespace

std::string alert_text(const DtlsAlert& alert) {
  std::string text = std::string(alert.from_server ? "the server" : "the replay") + " sent alert " +
                     std::to_string(alert.description);
  const std::string_view name = tls_alert_name(alert.description);
  if (!name.empty()) text += " " + std::string(name);
  return text;
}

std::string handshake_text(const DtlsHandshake& handshake) {
  if (handshake.completed) return "completed";
  if (handshake.alert) return "failed: " + alert_text(*handshake.alert);
  return "failed; libcoap reported no alert";
}

std::optional<LoggedAlert> parse_libcoap_alert(std::string_view line) {
  if (line.substr(0, kLead.size()) != kLead) return std::nullopt;
  const std::size_t at = line.find(kAlert);
  if (at == std::string_view::npos) return std::nullopt;
  LoggedAlert logged;
  logged.session = std::string(line.substr(kLead.size(), at - kLead.size()));
  std::string_view rest = line.substr(at + kAlert.size());
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
  constexpr std::string_view kRead = "read:fatal:", kWrite = "write:fatal:";
  if (rest.substr(0, kRead.size()) == kRead) {
    logged.alert.from_server = true;
    rest.remove_prefix(kRead.size());
  } else if (rest.substr(0, kWrite.size()) == kWrite) {
    logged.alert.from_server = false;
    rest.remove_prefix(kWrite.size());
  } else {
    return std::nullopt;  // a warning-level alert (close notify) ends nothing
  }
  for (const KnownAlert& known : kAlerts) {
    if (known.openssl != rest) continue;
    logged.alert.description = known.number;
    return logged;
  }
  return std::nullopt;
}

}  // namespace lwm2m::replay
