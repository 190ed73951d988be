// What a frame's DTLS or TLS handshake says, as Wireshark's own dissectors decoded it: who is the
// client, the client's certificate, a fatal alert. The certificate check of seed Change 7
// (dissect_certificate.cpp) is built on these. Handshakes in clear need no keys; TLS 1.3 hides
// the certificates unless Wireshark has the session's keys.
#pragma once

#include <cstdint>
#include <vector>

#include "ws_compat.h"

namespace lwm2m::plugin {

struct HandshakeFacts {
  bool client_hello = false;         // the sender is the session's client
  bool certificate_request = false;  // the sender is the server, asking for a certificate
  // The frame's first certificate: a Certificate message lists its chain leaf first, and a
  // frame carries at most one Certificate message of each side.
  const field_info* certificate = nullptr;
  bool fatal_alert = false;
  uint8_t alert = 0;                 // the alert's description code, when fatal_alert
  const char* alert_name = nullptr;  // its name as Wireshark spells it ("Unknown CA"), or null

  bool any() const { return client_hello || certificate_request || certificate || fatal_alert; }
};

// Looks up the TLS and DTLS fields; call from the handoff. Returns the fields to keep in every
// tree (set_postdissector_wanted_hfids).
std::vector<int> init_handshake_lookup();

// Whether a DTLS or TLS layer is in the frame: only then is there a handshake to read.
bool carries_tls(const packet_info* pinfo);

// The frame's handshake facts. `search_whole_tree` walks the whole tree for a pass whose tree
// was not primed with the fields (a later pass).
HandshakeFacts read_handshake(proto_tree* tree, bool search_whole_tree);

}  // namespace lwm2m::plugin
