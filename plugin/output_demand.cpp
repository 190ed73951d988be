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
  return proto_field_is_referenced(tree, item.hf) ||
         (expert_tap >= 0 && have_tap_listener(expert_tap));
}

}  // namespace lwm2m::plugin
