// The Register/Update payload as a subtree of objects and object instances.
#include <string>
#include <string_view>

#include "dissect.h"
#include "expert_items.h"
#include "lwm2m/link_format.h"
#include "lwm2m_protocol.h"
#include "object_names.h"
#include "output_demand.h"

namespace lwm2m::plugin {

void add_object_links(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, int offset,
                      std::string_view payload) {
  // The tree of links is the largest part of a Register's cost: it is made only when someone will
  // see it (a visible tree, a filter on these fields, expert statistics). The first pass still
  // reads the links for their problems, which it keeps for passes without a tree.
  const bool shown = any_field_wanted(tree, {hf.objects, hf.object, hf.object_instance,
                                             hf.object_version, hf.root_path}) ||
                     expert_wanted(tree, ei.objects_invalid) || expert_wanted(tree, ei.undecoded);
  if (!shown && PINFO_FD_VISITED(pinfo)) return;
  // A hostile payload can list thousands of links: the first ones say enough.
  constexpr std::size_t kMaxListedLinks = 512;
  // Kept from one payload to the next: dissection runs on one thread, one message at a time. What
  // a hostile payload of thousands of links grew is let go.
  static LinkFormat links;
  if (links.objects.capacity() > 4 * kMaxListedLinks) links = LinkFormat();
  parse_object_links(payload, links);
  if (!shown) {
    if (links.objects.size() > kMaxListedLinks) {
      add_expert(pinfo, nullptr, &ei.undecoded, "%zu more object links are not shown",
                 links.objects.size() - kMaxListedLinks);
    }
    for (const std::string& problem : links.problems) {
      add_expert(pinfo, nullptr, &ei.objects_invalid, "Bad object link: %s", problem.c_str());
    }
    return;
  }
  // Labels are written whole when someone reads them: appending to an item's label formats it
  // twice.
  const bool labels = labels_shown(tree);
  const auto payload_length = static_cast<gint>(payload.size());
  proto_item* head =
      labels ? proto_tree_add_none_format(tree, hf.objects, tvb, offset, payload_length,
                                          "Objects and Object Instances (%u)",
                                          static_cast<unsigned>(links.objects.size()))
             : proto_tree_add_item(tree, hf.objects, tvb, offset, payload_length, ENC_NA);
  proto_tree* subtree = proto_item_add_subtree(head, ett.objects);

  if (links.root_path != "/") {
    proto_item_set_generated(
        proto_tree_add_string(subtree, hf.root_path, tvb, offset, 0, links.root_path.c_str()));
  }
  std::size_t listed = 0;
  for (const ObjectLink& link : links.objects) {
    if (listed++ == kMaxListedLinks) {
      add_expert(pinfo, head, &ei.undecoded, "%zu more object links are not shown",
                 links.objects.size() - kMaxListedLinks);
      break;
    }
    int start = offset + static_cast<int>(link.offset);
    int length = static_cast<int>(link.length);
    // The item covers the link's bytes; its children say what the link holds.
    const std::string_view name = labels ? object_names().object_name(link.object) : "";
    proto_item* object =
        name.empty() ? proto_tree_add_uint(subtree, hf.object, tvb, start, length, link.object)
                     : proto_tree_add_uint_format_value(subtree, hf.object, tvb, start, length,
                                                        link.object, "%u (%.*s)", link.object,
                                                        static_cast<int>(name.size()), name.data());
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
    add_expert(pinfo, head, &ei.objects_invalid, "Bad object link: %s", problem.c_str());
  }
}

}  // namespace lwm2m::plugin
