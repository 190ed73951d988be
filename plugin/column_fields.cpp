#include "column_fields.h"

#include <cstring>

namespace lwm2m::plugin {

#if LWM2M_WS_COLUMNS_ARE_FIELDS

namespace {

// The frame dissector adds the _ws.col fields (col_dissect() in packet-frame.c) from the column
// text as it is just before it calls the postdissectors: a postdissector's column text never
// reaches them by itself. They are string items below a hidden "_ws.col" protocol item at the
// top of the tree, made only when something refers to them; on 4.6 that item may be a node
// without field_info (faked), or the string items may be at the top of the tree.
void refresh(packet_info* pinfo, proto_node* node) {
  field_info* fi = node->finfo;
  if (!fi || !fi->hfinfo || !fi->value) return;
  // By name, not id: the column fields are registered again when the column preferences change.
  const char* text = nullptr;
  if (std::strcmp(fi->hfinfo->abbrev, "_ws.col.info") == 0) {
    text = col_get_text(pinfo->cinfo, COL_INFO);
  } else if (std::strcmp(fi->hfinfo->abbrev, "_ws.col.protocol") == 0) {
    text = col_get_text(pinfo->cinfo, COL_PROTOCOL);
  }
  if (!text) return;
  const char* now = fvalue_get_string(fi->value);
  if (!now || std::strcmp(now, text) != 0) fvalue_set_string(fi->value, text);
}

}  // namespace

void refresh_column_fields(packet_info* pinfo, proto_tree* tree) {
  if (!tree || !pinfo->cinfo) return;
  static const int columns_protocol = proto_get_id_by_filter_name("_ws.col");
  if (columns_protocol <= 0 || !proto_field_is_referenced(tree, columns_protocol)) return;
  for (proto_node* node = tree->first_child; node; node = node->next) {
    const field_info* fi = node->finfo;
    // The protocol item, or (4.6) what stands for it when it was faked: a node without one.
    if (!fi || (fi->hfinfo && fi->hfinfo->id == columns_protocol)) {
      for (proto_node* column = node->first_child; column; column = column->next) {
        refresh(pinfo, column);
      }
    } else {
      refresh(pinfo, node);
    }
  }
}

#else

// Before 4.2 the columns are no fields: tshark reads their text after the postdissectors.
void refresh_column_fields(packet_info*, proto_tree*) {}

#endif

}  // namespace lwm2m::plugin
