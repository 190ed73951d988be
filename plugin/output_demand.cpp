#include "output_demand.h"

#include "lwm2m_protocol.h"

namespace lwm2m::plugin {

bool labels_shown(proto_tree* tree) {
  return tree && PTREE_DATA(tree)->visible;
}

bool any_field_wanted(proto_tree* tree, std::initializer_list<int> fields) {
  for (int field : fields) {
    if (proto_field_is_referenced(tree, field)) return true;
  }
  return false;
}

namespace {

// A filter on any expert item (_ws.expert.message contains "lifetime") wants them all, as
// tshark's and Wireshark's expert statistics do. A referenced _ws.expert field marks its
// protocol, _ws.expert, referenced too.
bool any_expert_wanted(proto_tree* tree) {
  static const int expert_tap = find_tap_id("expert");
  static const int expert_protocol = proto_registrar_get_id_byname("_ws.expert");
  if (expert_protocol >= 0 && proto_field_is_referenced(tree, expert_protocol)) return true;
  return expert_tap >= 0 && have_tap_listener(expert_tap);
}

}  // namespace

bool expert_wanted(proto_tree* tree, const expert_field& item) {
  return proto_field_is_referenced(tree, item.hf) || any_expert_wanted(tree);
}

bool lwm2m_items_wanted(proto_tree* tree) {
  // A field or expert item of LwM2M that is referenced marks the protocol referenced too.
  return proto_field_is_referenced(tree, proto_lwm2m) || any_expert_wanted(tree);
}

}  // namespace lwm2m::plugin
