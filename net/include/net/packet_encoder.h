// The bytes of an IP datagram carrying UDP, as a capture shows them: the replay tool records what
// it sent and received this way (--write), and the sample generator (lwm2m-capgen) builds its
// frames from the same code, so the IP/UDP rules and the RFC 1071 checksum are written once.
// Everything here is pure computation: no sockets, no pcap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/transport_address.h"

namespace lwm2m::net {

constexpr uint8_t kIpProtocolIcmp = 1;
constexpr uint8_t kIpProtocolTcp = 6;
constexpr uint8_t kIpProtocolUdp = 17;
constexpr uint8_t kIpProtocolIcmpv6 = 58;

// How much of the offending datagram an ICMP error quotes at most: its whole error stays within
// 576 bytes over IPv4 (RFC 1812 §4.3.2.3) and 1280 bytes over IPv6 (RFC 4443 §2.4 (c)).
constexpr std::size_t kMaxIcmpErrorIpv4 = 576;
constexpr std::size_t kMaxIcmpErrorIpv6 = 1280;

constexpr std::size_t kIpv4HeaderSize = 20;  // no options
constexpr std::size_t kIpv6HeaderSize = 40;  // no extension headers
constexpr std::size_t kUdpHeaderSize = 8;

// The largest UDP payloads: an IPv4 datagram's total length (header included) is 16 bits; an IPv6
// payload length (UDP header included) is 16 bits, jumbograms aside.
constexpr std::size_t kMaxUdpPayloadIpv4 = 65535 - kIpv4HeaderSize - kUdpHeaderSize;  // 65507
constexpr std::size_t kMaxUdpPayloadIpv6 = 65535 - kUdpHeaderSize;                    // 65527

// The IPv4 flags and fragment offset field of an unfragmented datagram: Don't Fragment, offset 0.
constexpr uint16_t kIpv4DontFragment = 0x4000;
// More Fragments, for callers that cut datagrams into fragments themselves.
constexpr uint16_t kIpv4MoreFragments = 0x2000;

// RFC 1071: adds `data` (big-endian 16-bit words, an odd last byte padded with zero) to a running
// one's-complement sum and folds the carries. Sums can be chained over discontiguous parts as
// long as every part but the last has an even length.
uint32_t checksum_add(uint32_t sum, const uint8_t* data, std::size_t length);
// Folds and inverts a sum from checksum_add into the 16-bit Internet checksum.
uint16_t checksum_finish(uint32_t sum);

// The checksum of a UDP or TCP segment (header with a zero checksum field, then data) over the
// pseudo-header of its IP version: RFC 768 for IPv4, RFC 2460 §8.1 for IPv6. Returned as
// computed; UDP's "0 becomes 0xffff" is the caller's rule (TCP has none). Throws
// std::invalid_argument when the two addresses are of different families.
uint16_t transport_checksum(const TransportAddress& from, const TransportAddress& to,
                            uint8_t protocol, const uint8_t* segment, std::size_t length);

// Appends an IP header for `ip_payload_length` bytes of `protocol` from `from` to `to` (the ports
// are not used): IPv4 with TOS 0, TTL 64, the given identification and flags/fragment-offset
// field, and its header checksum; or IPv6 with traffic class and flow label 0, hop limit 64.
// `ipv4_id` and `ipv4_fragment_field` are ignored for IPv6. Throws std::invalid_argument for
// mixed families or a length the header cannot hold.
void append_ip_header(std::vector<uint8_t>& out, const TransportAddress& from,
                      const TransportAddress& to, uint8_t protocol, std::size_t ip_payload_length,
                      uint16_t ipv4_id, uint16_t ipv4_fragment_field = kIpv4DontFragment);

// Appends a UDP header and the payload, with its checksum (a computed 0 is sent as 0xffff, since
// 0 means "no checksum" over IPv4 and is not allowed over IPv6). `payload` may be null when
// `length` is 0. Throws std::invalid_argument for mixed families or a payload longer than
// kMaxUdpPayloadIpv4 / kMaxUdpPayloadIpv6.
void append_udp_datagram(std::vector<uint8_t>& out, const TransportAddress& from,
                         const TransportAddress& to, const uint8_t* payload, std::size_t length);

// Appends a whole IP datagram carrying one UDP datagram: append_ip_header (IPv4: DF set) followed
// by append_udp_datagram. Same preconditions and exceptions; nothing is appended on a throw.
void append_udp_packet(std::vector<uint8_t>& out, const TransportAddress& from,
                       const TransportAddress& to, const uint8_t* payload, std::size_t length,
                       uint16_t ipv4_id);

// Appends an IP datagram carrying an ICMP error (IPv4: type 3 Destination Unreachable and the
// like, RFC 792) or an ICMPv6 error (type 1..4, RFC 4443) from `reporter` to `to` (the sender of
// the offending datagram), quoting `quoted` (that datagram, its IP header first) cut to the
// limits above; the 4 bytes after type, code and checksum are zero. Checksums as each protocol
// has them (ICMPv6's over the pseudo-header). Throws std::invalid_argument for mixed families.
void append_icmp_error(std::vector<uint8_t>& out, const TransportAddress& reporter,
                       const TransportAddress& to, uint8_t type, uint8_t code,
                       const uint8_t* quoted, std::size_t length, uint16_t ipv4_id);

// append_udp_packet into a new vector: what a LINKTYPE_RAW capture stores for the datagram.
std::vector<uint8_t> encode_udp_packet(const TransportAddress& from, const TransportAddress& to,
                                       const uint8_t* payload, std::size_t length,
                                       uint16_t ipv4_id);

}  // namespace lwm2m::net
