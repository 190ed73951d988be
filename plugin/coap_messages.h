// Finds the CoAP messages Wireshark's CoAP dissector dissected in a frame, on whatever transport
// carried them (UDP, DTLS with keys, TCP, TLS, WebSockets), and parses them with lwm2m_core.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lwm2m/coap_message.h"
#include "lwm2m/exchange_matcher.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

struct CoapMessageView {
  tvbuff_t* tvb = nullptr;         // data source holding the message (frame, decrypted DTLS...)
  int offset = 0;                  // of the message within `tvb`
  const uint8_t* bytes = nullptr;  // the message's first byte
  coap::Message message;           // option and payload offsets are relative to `bytes`
  coap::MessageIds ids;            // what pairs it with its exchange (lwm2m/exchange_matcher.h)
  coap::Framing framing = coap::Framing::kDatagram;
  bool secured = false;    // carried in a DTLS or TLS session (decrypted with its keys)
  bool quoted = false;     // a copy an ICMP or ICMPv6 error quotes: not a message of its own
  bool truncated = false;  // the capture cut the message short: its payload is incomplete
  unsigned index = 0;      // 0-based position among the frame's CoAP messages

  std::string_view text(const coap::Option& option) const {
    return {reinterpret_cast<const char*>(bytes + option.offset), option.length};
  }
  int tvb_offset(std::size_t message_offset) const {
    return offset + static_cast<int>(message_offset);
  }
};

// Looks up the protocol ids the search needs; call from the handoff.
void init_coap_lookup();

// Asks Wireshark to keep CoAP's protocol items on every pass run with taps (a tap listener whose
// filter is "coap"). Needs the display filter engine: call once it is up, from a tap plugin's
// registration (plugin.cpp).
void keep_coap_items();

// The CoAP protocol id, to ask Wireshark to keep CoAP's tree item for the postdissector.
int coap_protocol_id();

// The frame's CoAP messages in dissection order, at most kMaxMessagesPerFrame. Messages
// lwm2m_core cannot parse are left out: the CoAP dissector already reports them as malformed.
// `search_whole_tree` also looks below the top level of a tree that was not primed with CoAP
// (a later pass); it walks the whole tree, so callers ask for it only when the frame is known
// to hold LwM2M.
constexpr std::size_t kMaxMessagesPerFrame = 256;
std::vector<CoapMessageView> find_coap_messages(packet_info* pinfo, proto_tree* tree,
                                                bool search_whole_tree);

}  // namespace lwm2m::plugin
