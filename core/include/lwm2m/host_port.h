// A transport address as text: "10.0.0.11:49153", "[fd00::11]:49153".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lwm2m {

// `host` and `port` joined by ':', the host in brackets when it holds a ':' itself (an IPv6
// address, as RFC 3986 §3.2.2 writes it in a URI): host_port("10.0.0.11", 49153) is
// "10.0.0.11:49153", host_port("fd00::11", 5683) is "[fd00::11]:5683". The host is taken as it
// is: neither checked nor resolved.
std::string host_port(std::string_view host, uint16_t port);

}  // namespace lwm2m
