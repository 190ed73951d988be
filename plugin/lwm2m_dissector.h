#pragma once

#include "ws_compat.h"

namespace lwm2m::plugin {

// The postdissector registered for LwM2M.
int dissect_lwm2m(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);

// Drops what was remembered about the capture; registered as a cleanup routine.
void forget_capture();

}  // namespace lwm2m::plugin
