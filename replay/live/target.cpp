#include "live/target.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>

#include <cstring>
#include <memory>

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

}  // namespace

std::string refusal_reason(const net::TransportAddress& address) {
  if (address.is_multicast()) return "is a multicast address";
  if (address.is_limited_broadcast()) return "is the broadcast address";
  if (address.is_unspecified()) return "is the unspecified address";
  if (is_interface_broadcast(address)) return "is the broadcast address of a local network";
  return "";
}

net::TransportAddress resolve_target(const std::string& text, bool allow_multicast) {
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
