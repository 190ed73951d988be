// A UDP transport address: an IPv4 or IPv6 address and a port, as read from a capture or given
// with --target. A plain value type: comparable, hashable, printable.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;
struct sockaddr_storage;

namespace lwm2m::net {

struct TransportAddress {
  enum class Family : uint8_t { kIPv4, kIPv6 };

  Family family = Family::kIPv4;
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first four
  uint16_t port = 0;

  static TransportAddress ipv4(const uint8_t* address4, uint16_t port);
  static TransportAddress ipv6(const uint8_t* address16, uint16_t port);
  // From a socket address of family AF_INET or AF_INET6; nullopt for any other.
  static std::optional<TransportAddress> from_sockaddr(const sockaddr& address);
  // The socket address (sockaddr_in or sockaddr_in6) in `out`; returns its length.
  std::size_t to_sockaddr(sockaddr_storage& out) const;

  // Numeric forms only: "192.0.2.1:5683", "[2001:db8::1]:5683". Host names are resolved by the
  // caller (see target.h); nullopt for anything else.
  static std::optional<TransportAddress> parse(std::string_view text);

  // "192.0.2.1:5683", "[2001:db8::1]:5683".
  std::string to_string() const;
  // The address without the port: "192.0.2.1", "2001:db8::1".
  std::string host_string() const;

  bool is_ipv6() const { return family == Family::kIPv6; }
  // 224.0.0.0/4, ff00::/8.
  bool is_multicast() const;
  // 255.255.255.255 (a subnet's broadcast address is found from the interfaces, in target.h).
  bool is_limited_broadcast() const;
  // 0.0.0.0, ::
  bool is_unspecified() const;

  friend bool operator==(const TransportAddress& a, const TransportAddress& b) {
    return a.family == b.family && a.port == b.port && a.bytes == b.bytes;
  }
  friend bool operator!=(const TransportAddress& a, const TransportAddress& b) { return !(a == b); }
  friend bool operator<(const TransportAddress& a, const TransportAddress& b);
};

// A port number 1-65535 written in decimal digits only ("5683"); nullopt for anything else.
std::optional<uint16_t> parse_port(std::string_view text);

struct TransportAddressHash {
  std::size_t operator()(const TransportAddress& a) const noexcept;
};

}  // namespace lwm2m::net
