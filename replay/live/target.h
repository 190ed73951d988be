// --target: the one address the replay sends to. Host names are resolved here, once, and the
// address is checked: a multicast or broadcast target would reach devices nobody named, so it is
// refused unless --allow-multicast says otherwise.
#pragma once

#include <stdexcept>
#include <string>

#include "net/transport_address.h"

namespace lwm2m::replay {

class TargetError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "127.0.0.1:5683", "[::1]:5683", "localhost:5683", "lwm2m.example:5683". Throws TargetError
// with a one-line reason: malformed text (an IPv6 address without brackets: "::1:5683" could be
// an address with no port), a host that does not resolve, a refused address.
net::TransportAddress resolve_target(const std::string& text, bool allow_multicast);

// Why `address` may not be a target without --allow-multicast ("" when it may): multicast,
// 255.255.255.255, the unspecified address, the last address of a loopback, private,
// link-local or shared block (127.255.255.255...), or the broadcast address of a local interface.
std::string refusal_reason(const net::TransportAddress& address);

}  // namespace lwm2m::replay
