// The Register/Update payload as a subtree of objects and object instances.
#include <string>

#include "dissect.h"
#include "lwm2m/link_format.h"
#include "lwm2m/printable.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {

unsigned add_object_links(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, int offset,
                          std::string_view payload) {
  LinkFormat links = parse_object_links(payload);
  proto_item* head =
      proto_tree_add_item(tree, hf.objects, tvb, offset, static_cast<gint>(payload.size()), ENC_NA);
  proto_item_append_text(head, " (%u)", static_cast<unsigned>(links.objects.size()));
  proto_tree* subtree = proto_item_add_subtree(head, ett.objects);

  if (links.root_path != "/") {
    proto_item* root =
        proto_tree_add_string(subtree, hf.root_path, tvb, offset, 0, links.root_path.c_str());
    proto_item_set_generated(root);
  }
  for (const ObjectLink& link : links.objects) {
    int start = offset + static_cast<int>(link.offset);
    int length = static_cast<int>(link.length);
    proto_item* object = proto_tree_add_uint(subtree, hf.object, tvb, start, length, link.object);
    // "Object 3 Instance 0: </3/0>;ver=1.1": the label shows the link as it was sent.
    std::string text = printable(payload.substr(link.offset, link.length));
    if (link.instance) {
      proto_item_set_text(object, "Object %u Instance %u: %s", link.object, *link.instance,
                          text.c_str());
    } else {
      proto_item_set_text(object, "Object %u: %s", link.object, text.c_str());
    }
    proto_tree* object_tree = proto_item_add_subtree(object, ett.object);
    if (link.instance) {
      proto_tree_add_uint(object_tree, hf.object_instance, tvb, start, length, *link.instance);
    }
    if (link.version) {
      std::string version(*link.version);
      proto_tree_add_string(object_tree, hf.object_version, tvb, start, length, version.c_str());
    }
  }
  for (const std::string& problem : links.problems) {
    expert_add_info_format(pinfo, head, &ei.objects_invalid, "Bad object link: %s",
                           problem.c_str());
  }
  return static_cast<unsigned>(links.objects.size());
}

}  // namespace lwm2m::plugin
