// --bind ADDRESS[:PORT]: the address the replayed clients send from, for a host with several
// addresses (or loopback tests from 127.0.0.2). Numeric only: a name could resolve to an address
// of another family or of no local interface, and the kernel says that less clearly.
#pragma once

#include <string>

#include "live/target.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

// "127.0.0.2", "127.0.0.2:40000", "::1", "[::1]", "[::1]:40000" (an IPv6 address takes a port
// only in brackets); port 0 when none is given. Throws TargetError with one line when the text is
// no such address or its family is not the target's.
net::TransportAddress parse_source(const std::string& text, const net::TransportAddress& target);

// Why `source` cannot serve `clients` replayed clients ("" when it can): a fixed port is one
// socket, so it serves one client.
std::string source_port_problem(const std::string& text, const net::TransportAddress& source,
                                std::size_t clients);

}  // namespace lwm2m::replay
