#include "column_fields.h"

#include <cstring>

namespace lwm2m::plugin {

#if LWM2M_WS_COLUMNS_ARE_FIELDS

namespace {

// The frame dissector adds the _ws.col fields (col_dissect() in packet-frame.c) from the column
// text as it is just before it calls the postdissectors: a postdissector's column text never
// reaches them by itself. They are a hidden "_ws.col" protocol item at the top of the tree with
// one string item per column, made only when something refers to them.
void refresh(proto_node* columns, int field, const char* text) {
  if (field <= 0 || !text) return;
  for (proto_node* node = columns->first_child; node; node = node->next) {
    field_info* fi = node->finfo;
    if (!fi || !fi->hfinfo || fi->hfinfo->id != field || !fi->value) continue;
    const char* now = fvalue_get_string(fi->value);
    if (now && std::strcmp(now, text) == 0) continue;
    fvalue_set_string(fi->value, text);
  }
}

}  // namespace

void refresh_column_fields(packet_info* pinfo, proto_tree* tree) {
  if (!tree || !pinfo->cinfo) return;
  static const int columns_protocol = proto_get_id_by_filter_name("_ws.col");
  if (columns_protocol <= 0 || !proto_field_is_referenced(tree, columns_protocol)) return;
  // The column fields are registered with the column preferences, and again when those change:
  // their ids are looked up each time (only on passes that made them).
  const int info = proto_registrar_get_id_byname("_ws.col.info");
  const int protocol = proto_registrar_get_id_byname("_ws.col.protocol");
  for (proto_node* node = tree->first_child; node; node = node->next) {
    const field_info* fi = node->finfo;
    if (!fi || !fi->hfinfo || fi->hfinfo->id != columns_protocol) continue;
    refresh(node, info, col_get_text(pinfo->cinfo, COL_INFO));
    refresh(node, protocol, col_get_text(pinfo->cinfo, COL_PROTOCOL));
  }
}

#else

// Before 4.2 the columns are no fields: tshark reads their text after the postdissectors.
void refresh_column_fields(packet_info*, proto_tree*) {}

#endif

}  // namespace lwm2m::plugin
