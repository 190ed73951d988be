// A packet's peer as the plugin shows it: "10.0.0.11:49153", "[fd00::11]:49153".
#pragma once

#include <cstdint>
#include <string>

#include "ws_compat.h"

namespace lwm2m::plugin {

// `addr` as Wireshark writes it and `port`, joined by lwm2m::host_port.
std::string peer_name(const address& addr, uint32_t port);

}  // namespace lwm2m::plugin
