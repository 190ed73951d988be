// Wireshark 4.2 and later: the columns' text also as the fields _ws.col.info and _ws.col.protocol,
// which -T fields -e _ws.col.Info, display filters and colouring rules read.
#pragma once

#include "ws_compat.h"

namespace lwm2m::plugin {

// Copies the Info and Protocol columns' current text into their _ws.col fields in `tree`, when
// the pass made those fields (something refers to them). Call after writing the columns.
void refresh_column_fields(packet_info* pinfo, proto_tree* tree);

}  // namespace lwm2m::plugin
