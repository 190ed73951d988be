// The ICMP or ICMPv6 error a frame carries, in words: a CoAP message an error quotes did not
// reach its receiver, and the error says why ("ICMP port unreachable").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capture_state.h"
#include "coap_messages.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// Looks up the ICMP and IP protocols; call from the handoff. Returns the fields to keep in every
// tree (set_postdissector_wanted_hfids): the ICMP and ICMPv6 protocol items, whose bytes begin
// with the type and code, and the IP and IPv6 ones, whose headers hold the error's sender.
std::vector<int> init_icmp_lookup();

// The frame's first (outermost) ICMP or ICMPv6 error, e.g. "ICMP port unreachable",
// "ICMPv6 address unreachable", "ICMP type 3 code 7"; "" when the frame has none.
std::string icmp_error_text(proto_tree* tree);

// The error's sender, the source of the IP or IPv6 header right before the frame's first ICMP or
// ICMPv6 header ("10.0.4.254"); "" when there is none. (pinfo's addresses cannot tell: which of
// the outer and the quoted header they hold differs between Wireshark versions.)
std::string icmp_sender_text(proto_tree* tree);

// The datagram the frame's ICMP or ICMPv6 error quotes, for the quoted CoAP message `message`:
// the quoted IP header's source (after the error's 8-byte header) and the UDP header's ports
// (just before the message). Nullopt when the frame's bytes do not hold them.
std::optional<QuotedDatagram> quoted_datagram(proto_tree* tree, const CoapMessageView& message);

// The same from the type and code (ICMPv6 when `v6`).
std::string icmp_error_text(bool v6, unsigned type, unsigned code);

}  // namespace lwm2m::plugin
