#include "net/packet_encoder.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace lwm2m::net {

namespace {

constexpr uint8_t kHopLimit = 64;  // TTL / hop limit: the usual default of Linux and others

void put16(uint8_t* at, uint16_t value) {
  at[0] = static_cast<uint8_t>(value >> 8);
  at[1] = static_cast<uint8_t>(value);
}

void put32(uint8_t* at, uint32_t value) {
  put16(at, static_cast<uint16_t>(value >> 16));
  put16(at + 2, static_cast<uint16_t>(value));
}

void require_same_family(const TransportAddress& from, const TransportAddress& to) {
  if (from.family != to.family) {
    throw std::invalid_argument("IP packet between an IPv4 and an IPv6 address");
  }
}

std::size_t address_size(const TransportAddress& a) {
  return a.is_ipv6() ? 16 : 4;
}

void require_udp_payload_fits(const TransportAddress& from, std::size_t length) {
  const std::size_t limit = from.is_ipv6() ? kMaxUdpPayloadIpv6 : kMaxUdpPayloadIpv4;
  if (length > limit) {
    throw std::invalid_argument("UDP payload of " + std::to_string(length) +
                                " bytes: more than the " + std::to_string(limit) + " bytes an " +
                                (from.is_ipv6() ? "IPv6" : "IPv4") + " datagram can carry");
  }
}

}  // namespace

uint32_t checksum_add(uint32_t sum, const uint8_t* data, std::size_t length) {
  // 64 bits so that no length a caller can pass overflows before the fold.
  uint64_t total = sum;
  for (std::size_t i = 0; i + 1 < length; i += 2)
    total += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
  if (length % 2 != 0) total += static_cast<uint32_t>(data[length - 1] << 8);
  while (total >> 16) total = (total & 0xffff) + (total >> 16);
  return static_cast<uint32_t>(total);
}

uint16_t checksum_finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

uint16_t transport_checksum(const TransportAddress& from, const TransportAddress& to,
                            uint8_t protocol, const uint8_t* segment, std::size_t length) {
  require_same_family(from, to);
  const std::size_t n = address_size(from);
  uint32_t sum = checksum_add(0, from.bytes.data(), n);
  sum = checksum_add(sum, to.bytes.data(), n);
  // The rest of the pseudo-header: IPv4 zero, protocol, 16-bit length (RFC 768); IPv6 32-bit
  // length, three zero bytes, next header (RFC 2460 §8.1).
  uint8_t rest[8] = {};
  std::size_t rest_size = 0;
  if (from.is_ipv6()) {
    put32(rest, static_cast<uint32_t>(length));
    rest[7] = protocol;
    rest_size = 8;
  } else {
    rest[1] = protocol;
    put16(rest + 2, static_cast<uint16_t>(length));
    rest_size = 4;
  }
  sum = checksum_add(sum, rest, rest_size);
  return checksum_finish(checksum_add(sum, segment, length));
}

void append_ip_header(std::vector<uint8_t>& out, const TransportAddress& from,
                      const TransportAddress& to, uint8_t protocol, std::size_t ip_payload_length,
                      uint16_t ipv4_id, uint16_t ipv4_fragment_field) {
  require_same_family(from, to);
  const std::size_t header_size = from.is_ipv6() ? kIpv6HeaderSize : kIpv4HeaderSize;
  // IPv4 counts its own header in the total length; IPv6 counts only what follows it.
  const std::size_t length_field =
      from.is_ipv6() ? ip_payload_length : header_size + ip_payload_length;
  if (length_field > 0xffff) {
    throw std::invalid_argument("IP payload of " + std::to_string(ip_payload_length) +
                                " bytes: too long for an " + (from.is_ipv6() ? "IPv6" : "IPv4") +
                                " header");
  }
  const std::size_t at = out.size();
  out.resize(at + header_size);  // value-initialised: every field not set below is zero
  uint8_t* h = out.data() + at;
  if (from.is_ipv6()) {
    put32(h, 0x60000000);  // version 6, traffic class 0, flow label 0
    put16(h + 4, static_cast<uint16_t>(length_field));
    h[6] = protocol;
    h[7] = kHopLimit;
    std::memcpy(h + 8, from.bytes.data(), 16);
    std::memcpy(h + 24, to.bytes.data(), 16);
    return;
  }
  h[0] = 0x45;  // version 4, header length 5 words
  put16(h + 2, static_cast<uint16_t>(length_field));
  put16(h + 4, ipv4_id);
  put16(h + 6, ipv4_fragment_field);
  h[8] = kHopLimit;
  h[9] = protocol;
  std::memcpy(h + 12, from.bytes.data(), 4);
  std::memcpy(h + 16, to.bytes.data(), 4);
  put16(h + 10, checksum_finish(checksum_add(0, h, kIpv4HeaderSize)));
}

void append_udp_datagram(std::vector<uint8_t>& out, const TransportAddress& from,
                         const TransportAddress& to, const uint8_t* payload, std::size_t length) {
  require_same_family(from, to);
  require_udp_payload_fits(from, length);
  const std::size_t at = out.size();
  // Sized once and filled with memcpy: GCC 12 at -O3 reports a false -Warray-bounds for
  // vector::insert after a small fixed-size construction.
  out.resize(at + kUdpHeaderSize + length);
  uint8_t* d = out.data() + at;
  put16(d, from.port);
  put16(d + 2, to.port);
  put16(d + 4, static_cast<uint16_t>(kUdpHeaderSize + length));
  if (length != 0) std::memcpy(d + kUdpHeaderSize, payload, length);
  const uint16_t checksum =
      transport_checksum(from, to, kIpProtocolUdp, d, kUdpHeaderSize + length);
  put16(d + 6, checksum == 0 ? 0xffff : checksum);
}

void append_udp_packet(std::vector<uint8_t>& out, const TransportAddress& from,
                       const TransportAddress& to, const uint8_t* payload, std::size_t length,
                       uint16_t ipv4_id) {
  // Checked before anything is appended, so that a throw leaves `out` as it was.
  require_same_family(from, to);
  require_udp_payload_fits(from, length);
  append_ip_header(out, from, to, kIpProtocolUdp, kUdpHeaderSize + length, ipv4_id);
  append_udp_datagram(out, from, to, payload, length);
}

std::vector<uint8_t> encode_udp_packet(const TransportAddress& from, const TransportAddress& to,
                                       const uint8_t* payload, std::size_t length,
                                       uint16_t ipv4_id) {
  // Checked before reserve(), which would throw something else for an absurd length.
  require_same_family(from, to);
  require_udp_payload_fits(from, length);
  std::vector<uint8_t> packet;
  packet.reserve((from.is_ipv6() ? kIpv6HeaderSize : kIpv4HeaderSize) + kUdpHeaderSize + length);
  append_udp_packet(packet, from, to, payload, length, ipv4_id);
  return packet;
}

void append_icmp_error(std::vector<uint8_t>& out, const TransportAddress& reporter,
                       const TransportAddress& to, uint8_t type, uint8_t code,
                       const uint8_t* quoted, std::size_t length, uint16_t ipv4_id) {
  require_same_family(reporter, to);
  const bool v6 = reporter.is_ipv6();
  const std::size_t ip_header = v6 ? kIpv6HeaderSize : kIpv4HeaderSize;
  constexpr std::size_t kIcmpHeader = 8;  // type, code, checksum, 4 unused bytes
  const std::size_t limit = (v6 ? kMaxIcmpErrorIpv6 : kMaxIcmpErrorIpv4) - ip_header - kIcmpHeader;
  const std::size_t kept = std::min(length, limit);
  std::vector<uint8_t> message(kIcmpHeader + kept);
  message[0] = type;
  message[1] = code;
  if (kept) std::copy(quoted, quoted + kept, message.begin() + kIcmpHeader);
  const uint16_t sum =
      v6 ? transport_checksum(reporter, to, kIpProtocolIcmpv6, message.data(), message.size())
         : checksum_finish(checksum_add(0, message.data(), message.size()));
  message[2] = static_cast<uint8_t>(sum >> 8);
  message[3] = static_cast<uint8_t>(sum);
  append_ip_header(out, reporter, to, v6 ? kIpProtocolIcmpv6 : kIpProtocolIcmp, message.size(),
                   ipv4_id);
  out.insert(out.end(), message.begin(), message.end());
}

}  // namespace lwm2m::net
