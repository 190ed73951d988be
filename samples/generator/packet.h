// Link, network and transport layers of the synthetic frames: Ethernet II, IPv4 (with fragments),
// IPv6, UDP and TCP, all with correct checksums. The IP and UDP headers and the checksums come from
// net/packet_encoder.h, which lwm2m-replay uses for its --write captures too.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace capgen {

using Bytes = std::vector<std::uint8_t>;

// An IPv4 or IPv6 address. IPv4 uses the first four bytes.
struct Address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};

  static Address parse(const std::string& text);  // "10.0.0.1" or "fd00::1"; throws on bad text
  static Address v4(std::uint32_t host_order);    // 0x0A000001 -> 10.0.0.1
  std::string to_string() const;
  // A made-up, locally administered MAC derived from the address: 02:00:a:b:c:d for IPv4,
  // 06:00 + the last four address bytes for IPv6.
  std::array<std::uint8_t, 6> mac() const;
};

struct Endpoint {
  Address addr;
  std::uint16_t port = 0;

  std::string to_string() const;  // "10.0.0.1:5683", "[fd00::1]:5683"
};

// A complete Ethernet frame carrying one UDP datagram. ip_id is the IPv4 identification (unused
// for IPv6). The IPv4 header has DF set.
Bytes udp_frame(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                std::uint16_t ip_id);

// The same UDP datagram cut into IPv4 fragments of at most fragment_payload bytes of IP payload
// each (rounded down to a multiple of 8). IPv4 only.
std::vector<Bytes> udp_fragments(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                                 std::uint16_t ip_id, std::size_t fragment_payload);

// A complete Ethernet frame carrying an ICMP (IPv4) or ICMPv6 error from `reporter` to `to` that
// quotes `quoted_frame`, a frame udp_frame made (its IP datagram, cut as the protocol limits).
Bytes icmp_error_frame(const Endpoint& reporter, const Endpoint& to, std::uint8_t type,
                       std::uint8_t code, const Bytes& quoted_frame, std::uint16_t ip_id);

namespace tcp_flags {
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;
}

// A complete Ethernet frame carrying one TCP segment (no TCP options, window 65535).
Bytes tcp_frame(const Endpoint& src, const Endpoint& dst, std::uint32_t seq, std::uint32_t ack,
                std::uint8_t flags, const Bytes& payload, std::uint16_t ip_id);

}  // namespace capgen
