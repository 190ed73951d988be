// Finds the CoAP messages Wireshark's CoAP dissector dissected in a frame, on whatever transport
// carried them (UDP, DTLS with keys, TCP, TLS, WebSockets), and parses them with lwm2m_core.
#pragma once

#include <cstdint>
#include <optional>
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

// Where the first pass found one of the frame's CoAP messages. Later passes read the messages
// from there instead of searching the protocol tree for CoAP's items: a pass whose tree was not
// primed with CoAP (4.6's colouring pass, tshark -2's second pass) holds none, as 4.6 fakes
// protocol items nothing refers to.
// A place per CoAP message of every LwM2M frame: the flags are bits and the framing a byte, so
// that a place takes three words of 32 bits.
struct CoapPlace {
  CoapPlace() : secured(false), quoted(false), truncated(false) {}

  int offset = 0;           // of the message within its data source
  int length = 0;           // what the capture holds of the message
  uint8_t data_source = 0;  // position of that data source in pinfo->data_src
  uint8_t framing = 0;      // a coap::Framing
  bool secured : 1;
  bool quoted : 1;
  bool truncated : 1;
};

// Looks up the protocol ids the search needs; call from the handoff.
void init_coap_lookup();

// The CoAP protocol id, to ask Wireshark to keep CoAP's tree item for the postdissector.
int coap_protocol_id();

// The frame's CoAP messages in dissection order, at most kMaxMessagesPerFrame, found through
// CoAP's protocol items in `tree` (the first pass primes the tree with them). Messages lwm2m_core
// cannot parse are left out: the CoAP dissector already reports them as malformed.
// An unprimed tree is searched at its top level, or with `search_whole_tree` below it too: that
// walks the whole tree, for a later pass whose places (below) no longer fit.
constexpr std::size_t kMaxMessagesPerFrame = 256;
std::vector<CoapMessageView> find_coap_messages(packet_info* pinfo, proto_tree* tree,
                                                bool search_whole_tree);

// Where each of `messages` lies, for later passes; `places` is left empty when a message's data
// source is not among the frame's (then later passes search the tree again).
void place_messages(const packet_info* pinfo, const std::vector<CoapMessageView>& messages,
                    std::vector<CoapPlace>& places);

// The messages at `places` on a later pass, in the same order and with the same indexes as the
// first pass found them; nullopt when the frame's data no longer matches (a data source missing
// or shorter, bytes that no longer parse to the same length).
std::optional<std::vector<CoapMessageView>> coap_messages_at(const packet_info* pinfo,
                                                             const CoapPlace* places,
                                                             unsigned count);

}  // namespace lwm2m::plugin
