#include "live/source_address.h"

#include <algorithm>

namespace lwm2m::replay {

net::TransportAddress parse_source(const std::string& text, const net::TransportAddress& target) {
  std::string host = text;
  std::string port;
  bool ipv6 = std::count(text.begin(), text.end(), ':') >= 2;  // bare: an address, no port
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close != std::string::npos) {
      host = text.substr(1, close - 1);
      if (close + 1 < text.size()) port = text[close + 1] == ':' ? text.substr(close + 2) : "?";
    }
    ipv6 = true;
  } else if (!ipv6 && text.find(':') != std::string::npos) {
    host = text.substr(0, text.find(':'));
    port = text.substr(text.find(':') + 1);
  }
  // Parsed with a port of 1, then given the real one: 0 (none) is no port to parse.
  std::optional<net::TransportAddress> source =
      net::TransportAddress::parse(ipv6 ? "[" + host + "]:1" : host + ":1");
  const std::optional<uint16_t> number = port.empty() ? uint16_t{0} : net::parse_port(port);
  if (source && number) source->port = *number;
  if (!number) source.reset();
  if (!source)
    throw TargetError("--bind '" + text +
                      "': expected a local IP address, optionally with :PORT, e.g. 127.0.0.2, "
                      "127.0.0.2:40000 or [::1]:40000");
  if (source->family != target.family)
    throw TargetError("--bind '" + text + "': an " + (source->is_ipv6() ? "IPv6" : "IPv4") +
                      " address cannot send to the " + (target.is_ipv6() ? "IPv6" : "IPv4") +
                      " target " + target.to_string());
  return *source;
}

std::string source_port_problem(const std::string& text, const net::TransportAddress& source,
                                std::size_t clients) {
  if (source.port == 0 || clients <= 1) return "";
  return "--bind '" + text + "': a fixed port serves one client, and this replay has " +
         std::to_string(clients) +
         "; give the address alone (each client then gets a port of "
         "its own)";
}

}  // namespace lwm2m::replay
