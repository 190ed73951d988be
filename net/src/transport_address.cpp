#include "net/transport_address.h"

#include "lwm2m/hash.h"
#include "lwm2m/host_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <tuple>

namespace lwm2m::net {

TransportAddress TransportAddress::ipv4(const uint8_t* address4, uint16_t port) {
  TransportAddress a;
  a.family = Family::kIPv4;
  std::memcpy(a.bytes.data(), address4, 4);
  a.port = port;
  return a;
}

TransportAddress TransportAddress::ipv6(const uint8_t* address16, uint16_t port) {
  TransportAddress a;
  a.family = Family::kIPv6;
  std::memcpy(a.bytes.data(), address16, 16);
  a.port = port;
  return a;
}

std::optional<TransportAddress> TransportAddress::from_sockaddr(const sockaddr& address) {
  if (address.sa_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
    return ipv6(reinterpret_cast<const uint8_t*>(&in6.sin6_addr), ntohs(in6.sin6_port));
  }
  if (address.sa_family == AF_INET) {
    const auto& in4 = reinterpret_cast<const sockaddr_in&>(address);
    return ipv4(reinterpret_cast<const uint8_t*>(&in4.sin_addr), ntohs(in4.sin_port));
  }
  return std::nullopt;
}

std::size_t TransportAddress::to_sockaddr(sockaddr_storage& out) const {
  std::memset(&out, 0, sizeof out);
  if (is_ipv6()) {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    std::memcpy(&in6.sin6_addr, bytes.data(), 16);
    in6.sin6_port = htons(port);
    return sizeof in6;
  }
  auto& in4 = reinterpret_cast<sockaddr_in&>(out);
  in4.sin_family = AF_INET;
  std::memcpy(&in4.sin_addr, bytes.data(), 4);
  in4.sin_port = htons(port);
  return sizeof in4;
}

std::optional<uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::optional<TransportAddress> TransportAddress::parse(std::string_view text) {
  std::string host;
  std::string_view port_text;
  bool v6 = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return std::nullopt;
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    v6 = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  const auto port = parse_port(port_text);
  if (!port) return std::nullopt;
  uint8_t buffer[16];
  if (v6) {
    if (inet_pton(AF_INET6, host.c_str(), buffer) != 1) return std::nullopt;
    return ipv6(buffer, *port);
  }
  if (inet_pton(AF_INET, host.c_str(), buffer) != 1) return std::nullopt;
  return ipv4(buffer, *port);
}

std::string TransportAddress::host_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_ipv6() ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
  return text;
}

std::string TransportAddress::to_string() const {
  return host_port(host_string(), port);
}

bool TransportAddress::is_multicast() const {
  return is_ipv6() ? bytes[0] == 0xff : (bytes[0] & 0xf0) == 0xe0;
}

bool TransportAddress::is_limited_broadcast() const {
  return !is_ipv6() && bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255;
}

bool TransportAddress::is_unspecified() const {
  const std::size_t n = is_ipv6() ? 16 : 4;
  for (std::size_t i = 0; i < n; ++i)
    if (bytes[i] != 0) return false;
  return true;
}

bool operator<(const TransportAddress& a, const TransportAddress& b) {
  return std::tie(a.family, a.bytes, a.port) < std::tie(b.family, b.bytes, b.port);
}

std::size_t TransportAddressHash::operator()(const TransportAddress& a) const noexcept {
  // Every packet of a capture is looked up by its addresses, twice per pass: mix whole words, not
  // a byte at a time (bench/README.md). Unused IPv4 bytes are zero, as == compares them.
  uint64_t high = 0, low = 0;
  std::memcpy(&high, a.bytes.data(), 8);
  std::memcpy(&low, a.bytes.data() + 8, 8);
  const uint64_t tail = uint64_t{a.port} << 8 | static_cast<uint8_t>(a.family);
  return static_cast<std::size_t>(mix64(high ^ mix64(low ^ mix64(tail))));
}

}  // namespace lwm2m::net
