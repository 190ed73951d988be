// Decoding one captured frame down to its UDP datagram, for the link types lwm2m-replay reads.
//
// A replay only needs the UDP payload and the two transport addresses, so this decoder walks the
// link, IP and UDP headers and nothing else: no checksums (checksum offload makes the captured
// ones wrong on the sending host), no TCP, no tunnels. It is a pure function over the captured
// bytes so that every odd header layout can be tested without a file, and it never copies: the
// payload it reports points into the caller's frame. Every frame it does not deliver gets exactly
// one kind, because the tool's summary has to account for every frame of the capture, and a
// support engineer must be able to tell a snapshot-length cut (re-capture with -s 0) from a broken
// sender (malformed) from traffic that is simply not UDP.
//
// "Cut short" and "malformed" are told apart by the frame's original length: when the headers
// claim more bytes than were captured and the frame on the wire was longer than what was captured,
// the snapshot length cut it; when the wire length itself is too short, the headers are lying.
// IP fragments are not interpreted here: only the reassembly (ip_reassembly.h) can tell, from the
// first fragment, whether the datagram is UDP.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "net/transport_address.h"

namespace lwm2m::net {

// What one captured frame turned out to be.
enum class FrameKind : uint8_t {
  kUdp,        // a whole UDP datagram: DecodedFrame::udp
  kFragment,   // an IP fragment: DecodedFrame::fragment, for the reassembly
  kNotIp,      // ARP, LLDP, 802.3/LLC, an unknown loopback family...
  kNotUdp,     // IP but another protocol (TCP, ICMP, ESP, AH, no next header...)
  kCutShort,   // the snapshot length cut off bytes the headers say are there
  kMalformed,  // headers that do not add up
};

const char* to_string(FrameKind kind);

struct UdpView {
  TransportAddress source, destination;
  const uint8_t* payload = nullptr;  // into the decoded bytes
  std::size_t payload_length = 0;
};

// One IP fragment. The data is the fragment's share of the fragmentable part: for IPv4 what follows
// the IP header, for IPv6 what follows the Fragment header.
struct IpFragment {
  TransportAddress::Family family = TransportAddress::Family::kIPv4;
  std::array<uint8_t, 16> source{}, destination{};  // IPv4 uses the first four bytes
  uint32_t identification = 0;
  // IPv4: the protocol field. IPv6: the Next Header of the Fragment header. Only the fragment at
  // offset 0 is believed.
  uint8_t protocol = 0;
  uint32_t offset = 0;  // bytes
  bool more_fragments = false;
  const uint8_t* data = nullptr;  // into the decoded bytes
  std::size_t length = 0;
};

struct DecodedFrame {
  FrameKind kind = FrameKind::kMalformed;
  // Why a frame is not delivered, in plain words ("IPv4 header length field is less than 5");
  // empty for kUdp and kFragment. Static text: decoding never allocates.
  const char* reason = "";
  UdpView udp;          // kUdp
  IpFragment fragment;  // kFragment
};

// The DLT_* link types decode_frame() understands.
bool is_supported_link_type(int link_type);
// "Ethernet", "Linux cooked (SLL2)", "raw IP", ...; libpcap's name (e.g. "IEEE802_11") for other
// link types, "unknown" when libpcap has none.
std::string link_type_name(int link_type);
// The list for error messages: "Ethernet, Linux cooked (SLL, SLL2), raw IP, loopback/null".
const char* supported_link_types();

// Decodes one frame of a capture whose link type is `link_type` (a DLT_* value).
// `captured_length` bytes are at `data`; `wire_length` is the frame's length on the wire (pcap's
// len, >= captured_length unless the file lies).
DecodedFrame decode_frame(int link_type, const uint8_t* data, std::size_t captured_length,
                          std::size_t wire_length);

// Decodes the transport layer of a reassembled IP datagram: `data` is the whole fragmentable part,
// `protocol` the first fragment's protocol / Next Header. For IPv6 the extension headers that can
// follow a Fragment header (Destination Options, Routing) are walked. Yields kUdp, kNotUdp or
// kMalformed (never kCutShort: a reassembled datagram is whole).
DecodedFrame decode_reassembled(TransportAddress::Family family,
                                const std::array<uint8_t, 16>& source,
                                const std::array<uint8_t, 16>& destination, uint8_t protocol,
                                const uint8_t* data, std::size_t length);

}  // namespace lwm2m::net
