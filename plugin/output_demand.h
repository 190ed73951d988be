// What the current dissection pass will show. Wireshark dissects every packet several ways
// (a plain tshark pass, a filter, the GUI's details); these answer whether some work is seen at
// all, so the plugin can skip what nobody will look at.
#pragma once

#include <initializer_list>

#include "ws_compat.h"

namespace lwm2m::plugin {

// Item labels are read: the GUI's packet details, tshark -V / -T pdml / -T fields.
bool labels_shown(proto_tree* tree);

// One of `fields` is shown or used by a filter, a column or a -e option.
bool any_field_wanted(proto_tree* tree, std::initializer_list<int> fields);

// The expert item will be seen: shown in the tree, used by a filter, or counted by tshark's or
// Wireshark's expert statistics.
bool expert_wanted(proto_tree* tree, const expert_field& item);

// Any LwM2M tree item will be seen: the tree is shown, a filter, column or -e names an LwM2M
// field or expert item, or expert items are filtered on or counted. tshark's plain passes, and
// -T fields on 4.2 and later, have none of these: Wireshark would fake every item added.
bool lwm2m_items_wanted(proto_tree* tree);

}  // namespace lwm2m::plugin
