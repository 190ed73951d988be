#include "live/target.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

namespace lwm2m::replay {

namespace {

bool is_interface_broadcast(const net::TransportAddress& address) {
  if (address.is_ipv6()) return false;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> owner(list, freeifaddrs);
  for (const ifaddrs* i = list; i; i = i->ifa_next) {
    if (!(i->ifa_flags & IFF_BROADCAST) || !i->ifa_broadaddr ||
        i->ifa_broadaddr->sa_family != AF_INET)
      continue;
    const auto* broadcast = reinterpret_cast<const sockaddr_in*>(i->ifa_broadaddr);
    if (std::memcmp(&broadcast->sin_addr, address.bytes.data(), 4) == 0) return true;
  }
  return false;
}

// The last address of a block that is always subnetted (loopback, private, link-local, shared):
// the broadcast address of the block and of every subnet of it that holds it (any prefix up to
// /30), so a directed broadcast whatever the interfaces say. Linux's lo answers 127.255.255.255 as
// a broadcast, yet has no IFF_BROADCAST for is_interface_broadcast to see.
std::string directed_broadcast_block(const net::TransportAddress& address) {
  if (address.is_ipv6()) return "";
  struct Block {
    uint8_t a, b;  // the first two bytes of its last address
    const char* name;
  };
  static constexpr Block kBlocks[] = {
      {127, 255, "127.0.0.0/8"},    {10, 255, "10.0.0.0/8"},      {172, 31, "172.16.0.0/12"},
      {192, 168, "192.168.0.0/16"}, {169, 254, "169.254.0.0/16"}, {100, 127, "100.64.0.0/10"},
  };
  const uint8_t* bytes = address.bytes.data();
  if (bytes[2] != 255 || bytes[3] != 255) return "";
  for (const Block& block : kBlocks)
    if (bytes[0] == block.a && bytes[1] == block.b) return block.name;
  return "";
}

// "::1:5683" is also the IPv6 address ::1:5683: where the port starts is a guess, so an IPv6
// host needs brackets. The bracketed form to suggest; nullopt when `text` is bracketed or has at
// most one ':'.
std::optional<std::string> unbracketed_ipv6(const std::string& text) {
  if (text.empty() || text.front() == '[' || std::count(text.begin(), text.end(), ':') < 2)
    return std::nullopt;
  const auto colon = text.rfind(':');
  const std::string host = text.substr(0, colon);
  in6_addr ipv6{};
  if (net::parse_port(text.substr(colon + 1)) && inet_pton(AF_INET6, host.c_str(), &ipv6) == 1)
    return "[" + host + "]:" + text.substr(colon + 1);
  return "[" + text + "]:5683";  // no port after an address: the whole is the address
}

}  // namespace

std::string refusal_reason(const net::TransportAddress& address) {
  if (address.is_multicast()) return "is a multicast address";
  if (address.is_limited_broadcast()) return "is the broadcast address";
  if (address.is_unspecified()) return "is the unspecified address";
  if (const std::string block = directed_broadcast_block(address); !block.empty())
    return "is the broadcast address of " + block;
  if (is_interface_broadcast(address)) return "is the broadcast address of a local network";
  return "";
}

net::TransportAddress resolve_target(const std::string& text, bool allow_multicast) {
  if (const std::optional<std::string> bracketed = unbracketed_ipv6(text))
    throw TargetError("--target '" + text + "': an IPv6 address goes in brackets, e.g. " +
                      *bracketed);
  std::optional<net::TransportAddress> address = net::TransportAddress::parse(text);
  if (!address) {
    const auto colon = text.rfind(':');
    const bool bracketed = !text.empty() && text.front() == '[';
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || bracketed)
      throw TargetError("--target '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:5683 or " +
                        "[::1]:5683");
    const std::string host = text.substr(0, colon);
    const std::string port = text.substr(colon + 1);
    if (!net::parse_port(port))
      throw TargetError("--target '" + text + "': '" + port + "' is not a port number (1-65535)");
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int status = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    if (status != 0)
      throw TargetError("--target '" + text + "': cannot resolve '" + host +
                        "': " + gai_strerror(status));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
    address = net::TransportAddress::from_sockaddr(*found->ai_addr);
    if (!address)
      throw TargetError("--target '" + text + "': '" + host + "' is neither IPv4 nor IPv6");
  }
  if (!allow_multicast) {
    const std::string reason = refusal_reason(*address);
    if (!reason.empty())
      throw TargetError("--target " + address->to_string() + " " + reason +
                        ": the replay would reach devices nobody named (--allow-multicast "
                        "permits it)");
  }
  return *address;
}

}  // namespace lwm2m::replay
