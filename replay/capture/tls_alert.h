// The TLS Alert registry (IANA; RFC 5246 §7.2, RFC 8446 §6): an alert's name by its number, for
// the alerts a capture shows (dtls_session.h) and those a live handshake ends with
// (live/dtls_handshake.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace lwm2m::replay {

// "unknown_ca" for 48; "" for a number the registry does not name.
std::string_view tls_alert_name(uint8_t description);

}  // namespace lwm2m::replay
