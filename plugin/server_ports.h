// The "LwM2M server ports" preference: UDP ports of LwM2M servers and bootstrap servers that do
// not listen on CoAP's port, on which Wireshark's CoAP dissector is registered as if the user had
// chosen Decode As... -> CoAP there (the postdissector then finds the CoAP messages as anywhere).
// Default: 5685, Eclipse Wakaama's bootstrap server.
#pragma once

#include "ws_compat.h"

namespace lwm2m::plugin {

// The preference's default, a Wireshark port range.
inline constexpr const char* kDefaultServerPorts = "5685";

// Registers the preference `server_ports` in `module` (from the protocol registration).
void register_server_ports_preference(module_t* module);

// Registers CoAP on the preference's ports (from the handoff, once CoAP is registered).
void register_server_ports();

// Follows a changed preference (from the module's apply callback): CoAP leaves the ports taken
// out and is registered on the ports added. CoAP goes only where no dissector is registered by
// default (CoAP's own ports stay CoAP's, DTLS keeps 5684) and leaves only the ports it was put
// on; a port whose dissector the user changed with Decode As keeps that dissector.
void apply_server_ports();

}  // namespace lwm2m::plugin
