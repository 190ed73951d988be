// How a replayed client's DTLS handshake ended, as the reports show it: completed, or failed
// with the fatal alert that ended it when libcoap reported one.
//
// libcoap 4.3.1 with OpenSSL tells a session's handshake outcome by events
// (COAP_EVENT_DTLS_CONNECTED, COAP_EVENT_DTLS_ERROR) but not which alert ended it: that is only in
// its log, a line "*  <session>: SSL3 alert read:fatal:unknown CA" ("read": the server sent it,
// "write": the replay did), with OpenSSL's long name of the alert. This reads those lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "capture/tls_alert.h"

namespace lwm2m::replay {

struct DtlsAlert {
  uint8_t description = 0;  // the AlertDescription number (RFC 8446 §6, RFC 5246 §7.2)
  bool from_server = true;  // false: the replay sent it, refusing the server
};

struct DtlsHandshake {
  bool completed = false;
  // When it failed: the fatal alert that ended it. Nullopt when libcoap reported none (a server
  // that drops the handshake says nothing) or one this does not know.
  std::optional<DtlsAlert> alert;
  // The CN of the client certificate the replay presented; nullopt with a pre-shared key.
  std::optional<std::string> cn;
};

// "the server sent alert 48 unknown_ca", "the replay sent alert 42 bad_certificate".
std::string alert_text(const DtlsAlert& alert);

// "completed", "failed: the server sent alert 48 unknown_ca", or "failed; libcoap reported no
// alert".
std::string handshake_text(const DtlsHandshake& handshake);

// A fatal alert in one of libcoap's log lines, with the session text the line names
// ("127.0.0.1:40000 <-> 127.0.0.1:5684 DTLS"); nullopt for other lines, warnings (close_notify)
// and alert names OpenSSL does not have.
struct LoggedAlert {
  std::string session;
  DtlsAlert alert;
};
std::optional<LoggedAlert> parse_libcoap_alert(std::string_view line);

}  // namespace lwm2m::replay
