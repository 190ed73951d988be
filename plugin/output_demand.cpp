#include "output_demand.h"

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

bool expert_wanted(proto_tree* tree, const expert_field& item) {
  static const int expert_tap = find_tap_id("expert");
  // Filters on any expert item (_ws.expert.message contains "lifetime") want them all.
  static const int any_expert[] = {
      proto_registrar_get_id_byname("_ws.expert"),
      proto_registrar_get_id_byname("_ws.expert.message"),
      proto_registrar_get_id_byname("_ws.expert.severity"),
      proto_registrar_get_id_byname("_ws.expert.group"),
  };
  if (proto_field_is_referenced(tree, item.hf)) return true;
  for (int field : any_expert) {
    if (field >= 0 && proto_field_is_referenced(tree, field)) return true;
  }
  return expert_tap >= 0 && have_tap_listener(expert_tap);
}

}  // namespace lwm2m::plugin
