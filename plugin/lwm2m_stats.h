// The LwM2M statistics: tshark -z lwm2m,endpoints[,filter] and -z lwm2m,ops[,filter], and the
// same tables in Wireshark's Statistics menu; with them the endpoint table of
// lwm2m_endpoint_table.h (Statistics > Endpoints > LwM2M, -z endpoints,lwm2m), whose rows give
// filters. All read the "lwm2m" tap, which carries one MessageRecord per LwM2M message.
#pragma once

#include "capture_state.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// Registers the tap and the three tables; called when the protocol registers.
void register_statistics();

// Hands one message's record to the tap's listeners.
void tap_message(packet_info* pinfo, const MessageRecord* record);

}  // namespace lwm2m::plugin
