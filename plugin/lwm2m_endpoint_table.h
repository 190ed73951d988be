// Statistics > Endpoints > LwM2M in Wireshark, and tshark -z endpoints,lwm2m[,filter]: one row per
// Endpoint Client Name and type, whose "Apply as Filter" and "Prepare as Filter" give
// `lwm2m.ept == 2 && lwm2m.ep=="urn:imei:…"` for the row.
//
// Why an endpoint table: Wireshark's generic statistics tables (stat_tap_table_ui, the LwM2M
// Endpoints and LwM2M Operations tables of lwm2m_stats.cpp) get a dialog whose rows offer Copy
// and Save only, in 4.0 and since (SimpleStatisticsDialog adds no filter actions). The
// Conversations and Endpoints dialogs have them: get_endpoint_filter() writes a row's filter as
// "<filter name>==<address>", asking the table's et_dissector_info_t for the filter name. So each
// row's address is of an address type of this table's own (the name and its type), the filter name
// is "lwm2m.ept == N && lwm2m.ep" ("!lwm2m.ept && lwm2m.ep" without a usable type), the address
// prints as the name in display filter quotes, and the port is lwm2m.ept for the Port column.
#pragma once

namespace lwm2m::plugin {

// Registers the endpoint (and an empty conversation) table for the "lwm2m" tap; called when the
// protocol registers, after its tap.
void register_endpoint_table();

}  // namespace lwm2m::plugin
